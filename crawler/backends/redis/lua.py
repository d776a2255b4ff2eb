"""The shared crawl's steps as Lua scripts: each runs in Redis as one atomic step, one round trip.

Every script gets the same KEYS (see `KEY_NAMES`): the queue (sorted set of request keys, by
depth then link kind), the entries (key -> [referrer, kind]), the depths (key -> shortest known
depth), the links (key -> its page's related links), pending (sorted set: every key queued or
leased, by depth), leases (key -> the worker fetching it), exported (canonical URLs exported or
known unchanged), claims (canonical URL -> the worker exporting it now), the crawl's counters,
the seeds pushed by users (scrapy-redis's start_urls list), the state store's articles and URLs,
the worker registry, and the settings every worker of the crawl must share (DEPTH_LIMIT).
"""

from __future__ import annotations

KEY_NAMES = (
    "queue",
    "entries",
    "depths",
    "links",
    "pending",
    "leases",
    "exported",
    "claims",
    "counters",
    "start_urls",
    "articles",
    "urls",
    "dupefilter",
    "workers",
    "settings",
)
# The keys of one crawl (deleted when it is over); the seeds waiting, the state store's and the
# registry are kept.
CRAWL_KEYS = tuple(k for k in KEY_NAMES if k not in ("start_urls", "articles", "urls", "workers"))

_PRELUDE = """
local Q, E, D, L, P, LE, X, C, S, SU, SA, SUR, DF, W, ST = unpack(KEYS)
local BONUS = {['related-box'] = 2, body = 1, embedded = 0}
local function score(depth, kind)
  return 10 * depth - (BONUS[kind] or 0)
end
local function queue_score(key, depth)
  local entry = redis.call('HGET', E, key)
  local kind = entry and cjson.decode(entry)[2] or 'body'
  return score(depth, kind)
end
-- The spider's _follow, shared: a hop {url, depth, referrer, kind} that shortens a URL's depth
-- queues a new URL, moves a queued or leased one up (the gate and the queue see its new depth),
-- or moves an already fetched article's links one hop closer too. Returns the URLs queued.
local function relax(stack, limit)
  local queued = 0
  while #stack > 0 do
    local hop = table.remove(stack)
    local url, depth = hop[1], hop[2]
    local known = tonumber(redis.call('HGET', D, url))
    if known == nil or known > depth then
      redis.call('HSET', D, url, depth)
      local links = redis.call('HGET', L, url)
      if links then
        if depth < limit then
          local list = cjson.decode(links)
          for i = #list, 1, -1 do
            stack[#stack + 1] = {list[i], depth + 1, url, 'body'}
          end
        end
      elseif known == nil then
        redis.call('HSET', E, url, cjson.encode({hop[3], hop[4]}))
        redis.call('ZADD', Q, score(depth, hop[4]), url)
        redis.call('ZADD', P, depth, url)
        queued = queued + 1
      elseif redis.call('ZSCORE', P, url) then
        if hop[4] == 'seed' then
          redis.call('HSET', E, url, cjson.encode({'', 'seed'}))
        end
        redis.call('ZADD', P, depth, url)
        if redis.call('ZSCORE', Q, url) then
          redis.call('ZADD', Q, queue_score(url, depth), url)
        end
      end
    end
  end
  return queued
end
local function requeue(key)
  redis.call('HDEL', LE, key)
  local depth = tonumber(redis.call('HGET', D, key)) or 0
  redis.call('ZADD', P, depth, key)
  redis.call('ZADD', Q, queue_score(key, depth), key)
end
local function status()
  return {redis.call('ZCARD', Q), redis.call('ZCARD', P), redis.call('HLEN', C),
          redis.call('LLEN', SU), tonumber(redis.call('HGET', S, 'pages') or '0')}
end
"""

# ARGV: key, depth limit. A seed (depth 0) from -a url=, -a urls= or the start_urls list; the
# raw start_urls entry (ARGV[3], optional) is removed in the same step, so a worker killed
# between reading and offering it loses nothing. Returns the URLs queued.
OFFER_SEED = (
    _PRELUDE
    + """
if ARGV[3] then
  redis.call('LREM', SU, 1, ARGV[3])
end
if ARGV[1] == '' then
  return 0
end
return relax({{ARGV[1], 0, '', 'seed'}}, tonumber(ARGV[2]))
"""
)

# ARGV: links JSON [[url, kind], ...], depth, referrer, depth limit. Links found on a page that
# is not an article page (a listing seed's). Returns the URLs queued.
FOLLOW = (
    _PRELUDE
    + """
local depth, limit = tonumber(ARGV[2]), tonumber(ARGV[4])
if depth >= limit then
  return 0
end
local links = cjson.decode(ARGV[1])
local stack = {}
for i = #links, 1, -1 do
  stack[#stack + 1] = {links[i][1], depth + 1, ARGV[3], links[i][2]}
end
return relax(stack, limit)
"""
)

# ARGV: worker, wanted. Lease up to `wanted` keys, nearest first, to the worker. The gate: a key
# at depth d waits while a key at a smaller depth is pending (queued or leased anywhere): such a
# page may still shorten its chain, or be the same article by another address (an old URL, a
# tracking copy) at a smaller depth. So depths are settled level by level, as in a breadth-first
# crawl, and every article is exported once, at its shortest depth. Each popped key comes with
# its entry and its state store row (what the incremental middleware asks next). Returns
# {{key, depth, entry, row}, ...} and the status {queued, pending, claims, seeds, pages}.
POP = (
    _PRELUDE
    + """
local worker, wanted = ARGV[1], tonumber(ARGV[2])
local out = {}
local lowest = redis.call('ZRANGE', P, 0, 0, 'WITHSCORES')
local floor = tonumber(lowest[2])
for _ = 1, wanted do
  local key = redis.call('ZRANGE', Q, 0, 0)[1]
  if not key then
    break
  end
  local depth = tonumber(redis.call('HGET', D, key)) or 0
  if floor and depth > floor then
    break
  end
  redis.call('ZREM', Q, key)
  redis.call('HSET', LE, key, worker)
  local row = false
  local canonical = redis.call('HGET', SUR, key)
  if canonical then
    row = redis.call('HGET', SA, canonical)
  end
  out[#out + 1] = {key, depth, redis.call('HGET', E, key), row}
end
return {out, status()}
"""
)

# ARGV: worker, key, final URL, requested depth, canonical URL, links JSON [[url, kind], ...],
# fresh ("1": fetched and extracted, "0": known unchanged), claim JSON, depth limit.
# An article page is done: its depth is settled (the shorter of the key's and the final URL's),
# its links remembered and followed, the export of its canonical URL claimed for this worker
# (fresh) or marked exported (unchanged), the key's lease released. Returns {depth, export (1:
# write the item), queued, state row of the canonical URL}; {-1} when the key is no longer this
# worker's (it was taken for dead and its keys given to others).
PAGE_DONE = (
    _PRELUDE
    + """
local worker, key, final, canonical = ARGV[1], ARGV[2], ARGV[3], ARGV[5]
local function mine()
  local held = redis.call('HGET', C, canonical)
  if not held then
    return false
  end
  local claim = cjson.decode(held)
  return claim['worker'] == worker and claim['key'] == key
end
local lease = redis.call('HGET', LE, key)
if lease ~= worker then
  if lease or redis.call('ZSCORE', P, key) then
    return {-1}
  end
  -- Not pending: this step ran already and its answer was lost with the connection.
  local export = (ARGV[7] == '1' and mine()) and 1 or 0
  return {tonumber(redis.call('HGET', D, key)) or tonumber(ARGV[4]), export, 0, false}
end
local depth = tonumber(redis.call('HGET', D, key)) or tonumber(ARGV[4])
local by_final = tonumber(redis.call('HGET', D, final))
if by_final and by_final < depth then
  depth = by_final
end
redis.call('HSET', D, key, depth, final, depth)
local links = cjson.decode(ARGV[6])
local urls = {}
for i, link in ipairs(links) do
  urls[i] = link[1]
end
local urls_json = #urls > 0 and cjson.encode(urls) or '[]'
redis.call('HSET', L, key, urls_json, final, urls_json)
local export = 0
if ARGV[7] == '1' then
  if redis.call('SISMEMBER', X, canonical) == 0 then
    if redis.call('HSETNX', C, canonical, ARGV[8]) == 1 or mine() then
      export = 1
    end
  end
else
  redis.call('SADD', X, canonical)
end
local limit = tonumber(ARGV[9])
local queued = 0
if depth < limit then
  local stack = {}
  for i = #links, 1, -1 do
    stack[#stack + 1] = {links[i][1], depth + 1, canonical, links[i][2]}
  end
  queued = relax(stack, limit)
end
redis.call('HDEL', LE, key)
redis.call('ZREM', P, key)
redis.call('HINCRBY', S, 'pages', 1)
local row = false
if export == 1 then
  row = redis.call('HGET', SA, canonical)
end
return {depth, export, queued, row}
"""
)

# ARGV: worker, key, counter ("pages" for a page that was not an article, "failed" for one
# that could not be fetched). Release a key whose page gave no article. Returns 0 when the key
# is another worker's now (this one was taken for dead), 1 else (also when this step ran
# already and its answer was lost with the connection: the key is then no longer pending).
FINISH = (
    _PRELUDE
    + """
local lease = redis.call('HGET', LE, ARGV[2])
if lease ~= ARGV[1] then
  if lease or redis.call('ZSCORE', P, ARGV[2]) then
    return 0
  end
  return 1
end
redis.call('HDEL', LE, ARGV[2])
redis.call('ZREM', P, ARGV[2])
redis.call('HINCRBY', S, ARGV[3], 1)
return 1
"""
)

# ARGV: worker, keys... Give keys leased by this worker back to the queue (a worker that stops
# before fetching them). Returns how many were its.
REQUEUE = (
    _PRELUDE
    + """
local n = 0
for i = 2, #ARGV do
  if redis.call('HGET', LE, ARGV[i]) == ARGV[1] then
    requeue(ARGV[i])
    n = n + 1
  end
end
return n
"""
)

# ARGV: dead worker. Its leased keys go back to the queue and it leaves the registry (so that,
# were it only frozen, its next step finds itself fenced). Returns the keys given back.
REAP = (
    _PRELUDE
    + """
local n = 0
local leases = redis.call('HGETALL', LE)
for i = 1, #leases, 2 do
  if leases[i + 1] == ARGV[1] then
    requeue(leases[i])
    n = n + 1
  end
end
redis.call('HDEL', W, ARGV[1])
return n
"""
)

# ARGV: canonical URL, worker, outcome ("written": its line is in the worker's run file; "lost":
# it is not, and its page is fetched again). Settle a dead worker's export claim. Returns 1 when
# the claim was that worker's.
SETTLE_CLAIM = (
    _PRELUDE
    + """
local held = redis.call('HGET', C, ARGV[1])
if not held then
  return 0
end
local claim = cjson.decode(held)
if claim['worker'] ~= ARGV[2] then
  return 0
end
redis.call('HDEL', C, ARGV[1])
if ARGV[3] == 'written' then
  redis.call('SADD', X, ARGV[1])
else
  if not redis.call('HGET', E, claim['key']) then
    redis.call('HSET', E, claim['key'], cjson.encode({claim['referrer'] or '', 'body'}))
  end
  requeue(claim['key'])
end
return 1
"""
)

# ARGV: canonical URL, fields JSON (merged into its row), "1" to settle the export claim too,
# the request URLs that led to it... The state store's write (record_fetch, record_export,
# touch): the article's row is updated (a new one created) and every URL mapped to it; with "1",
# the crawl's export claim on it becomes an export, in the same step.
STATE_WRITE = (
    _PRELUDE
    + """
local canonical = ARGV[1]
local fields = cjson.decode(ARGV[2])
local held = redis.call('HGET', SA, canonical)
local row = held and cjson.decode(held) or {}
for name, value in pairs(fields) do
  row[name] = value
end
if row['canonical_url'] == nil then
  return 0
end
redis.call('HSET', SA, canonical, cjson.encode(row))
for i = 4, #ARGV do
  redis.call('HSET', SUR, ARGV[i], canonical)
end
if ARGV[3] == '1' then
  redis.call('HDEL', C, canonical)
  redis.call('SADD', X, canonical)
end
return 1
"""
)

# ARGV: canonical URL. The crawl's claim on it is over without a line (the item was dropped:
# invalid, or refused by a pipeline): the article counts as handled.
DROP_CLAIM = (
    _PRELUDE
    + """
redis.call('HDEL', C, ARGV[1])
redis.call('SADD', X, ARGV[1])
return 1
"""
)

# ARGV: "1" to end the crawl when it is over. The crawl is over when no seed waits, nothing is
# queued or leased, and no export claim is open: its keys are then deleted (the state store and
# the registry stay) so that the next run starts afresh. Returns {over (1/0), status}.
FINISH_CRAWL = (
    _PRELUDE
    + """
local now = status()
local over = now[1] == 0 and now[2] == 0 and now[3] == 0 and now[4] == 0
if over and ARGV[1] == '1' then
  redis.call('DEL', Q, E, D, L, P, LE, X, C, DF, ST)
  if redis.call('EXISTS', S) == 1 then
    redis.call('RENAME', S, S .. ':last')
  end
end
return {over and 1 or 0, now}
"""
)
