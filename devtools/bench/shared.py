"""`make bench`, shared crawl: 1, 2 and 4 workers of one crawl through Redis on the bench's site.

Each worker is `scrapy crawl related -s RELATED_BACKEND=redis` with extraction in its own process
(RELATED_EXTRACT_PROCESSES=0: the workers are the parallelism), the site served by nginx, Redis
(Debian's redis-server, persistence on as in the README's recipe) as a child process. One worker
and two run in back-to-back pairs (two by default), as the machine's speed drifts; four once.

Per run: pages/s over the span of nginx's access log (all workers together), items, the workers'
CPU ms per page, Redis's own CPU (seconds, and the share of one core over the span), and the
shared crawl's cost per page: round trips to Redis (the workers' redis/round_trips stat: a Lua
step, a command or a pipeline is one) and the commands Redis executed (its commandstats: a
script's inner calls counted one by one). The machine is shared: the CPU that processes other
than the workers and Redis used meanwhile (nginx, and whatever else runs) is printed too, in
cores, as the 2-worker figure means little when the workers could not have two cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.backends.redis.server import RedisServer
from devtools.bench import BENCH_ROOT, nginx
from devtools.bench.run import load_stats, related_argv
from devtools.bench.site import ARTICLES, ensure_site, reachable_articles

WORKER_COUNTS = (1, 2, 4)


@dataclass
class SharedRun:
    """One shared crawl, measured from outside."""

    workers: int
    codes: list[int]
    pages: int
    span: float
    items: int
    cpu: float
    """User + system seconds of the worker processes."""
    redis_cpu: float
    round_trips: int
    commands: int
    wall: float
    others: float
    """CPU seconds the rest of the machine used during the run (nginx, other programs)."""

    @property
    def pages_per_s(self) -> float:
        """Responses per second over the crawl's span."""
        return self.pages / self.span if self.span > 0 else 0.0

    def line(self) -> str:
        """The run's report line."""
        per_page = max(self.pages, 1)
        return (
            f"shared crawl, {self.workers} worker(s): {self.pages} pages in {self.span:.1f} s = "
            f"{self.pages_per_s:.1f} pages/s, {self.items} items, "
            f"{1000 * self.cpu / per_page:.2f} worker CPU ms/page; Redis CPU "
            f"{self.redis_cpu:.2f} s ({100 * self.redis_cpu / max(self.span, 1e-9):.1f}% of a "
            f"core), {self.round_trips / per_page:.2f} round trips/page, "
            f"{self.commands / per_page:.1f} Redis commands/page; other processes "
            f"{self.others / max(self.wall, 1e-9):.2f} cores "
            f"(exit {','.join(map(str, self.codes))}, wall {self.wall:.1f} s)"
        )


def machine_cpu() -> float:
    """CPU seconds the whole machine has used since boot (every core, idle time excepted)."""
    fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _commands(server: RedisServer) -> int:
    """Commands Redis executed so far, scripts' inner calls included."""
    client = server.client()
    try:
        stats: dict[str, Any] = client.info("commandstats")
    finally:
        client.close()
    return sum(int(value["calls"]) for value in stats.values())


def run_shared(
    count: int,
    *,
    served: nginx.Served,
    server: RedisServer,
    seed_path: str,
    work: Path,
) -> SharedRun:
    """`count` workers on one crawl of the whole site, from an empty Redis."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    client = server.client()
    client.flushall()
    client.close()
    extra = {
        "RELATED_BACKEND": "redis",
        "REDIS_URL": server.url,
        "RELATED_REDIS_IDLE_CLOSE": "1",
    }
    argvs = []
    for number in range(count):
        argv = related_argv(
            served.base_url, seed_path, work / "items", work / f"w{number}", processes="0"
        )
        for name, value in extra.items():
            argv += ["-s", f"{name}={value}"]
        (work / f"w{number}").mkdir()
        argvs.append(argv)
    offset = nginx.log_size(served.access_log)
    cpu_before, commands_before = server.cpu_seconds(), _commands(server)
    machine_before = machine_cpu()
    started = time.monotonic()
    procs = []
    for number, argv in enumerate(argvs):
        with (work / f"w{number}" / "crawl.log").open("wb") as out:
            procs.append(subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT))
    codes, cpu = [], 0.0
    for proc in procs:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        codes.append(proc.returncode)
        cpu += usage.ru_utime + usage.ru_stime
    wall = time.monotonic() - started
    machine = machine_cpu() - machine_before
    redis_cpu, commands = server.cpu_seconds() - cpu_before, _commands(server) - commands_before
    hits = [h for h in nginx.read_hits(served.access_log, offset) if h.target != "/robots.txt"]
    span = hits[-1].at - hits[0].at if len(hits) > 1 else 0.0
    round_trips = sum(
        int(load_stats(work / f"w{n}" / "crawl.log").get("redis/round_trips", 0))
        for n in range(count)
    )
    items = sum(
        p.read_bytes().count(b"\n") for p in (work / "items").glob("*.jsonl") if p.is_file()
    )
    others = max(0.0, machine - cpu - redis_cpu)
    return SharedRun(
        count, codes, len(hits), span, items, cpu, redis_cpu, round_trips, commands, wall, others
    )


def main(argv: list[str] | None = None) -> int:
    """Run the shared-crawl bench; prints one line per run and the `bench shared:` line last."""
    parser = argparse.ArgumentParser(prog="python -m devtools.bench shared", description=__doc__)
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--pairs", type=int, default=2, help="back-to-back 1- and 2-worker runs")
    args = parser.parse_args(argv)
    began = time.monotonic()
    root = BENCH_ROOT
    truth = ensure_site(root / "site", articles=args.articles)
    reachable = len(reachable_articles(truth))
    levels = {int(depth): len(urls) for depth, urls in truth["depth_limits"].items()}
    print(f"site: {reachable} articles reachable, in {len(levels)} depth levels", flush=True)
    seed_path: str = truth["seed_path"]
    with nginx.serve(root / "site", root / "nginx") as served:
        server = RedisServer(root / "redis", persistent=True)
        shutil.rmtree(server.work, ignore_errors=True)
        server.start()
        try:
            print(f"redis: {server.url} (append-only file, fsync every second)", flush=True)

            def measured(count: int, name: str) -> SharedRun:
                run = run_shared(
                    count,
                    served=served,
                    server=server,
                    seed_path=seed_path,
                    work=root / "shared" / name,
                )
                print(run.line(), flush=True)
                return run

            ratios = []
            for number in range(1, args.pairs + 1):
                one = measured(1, f"one-{number}")
                two = measured(2, f"two-{number}")
                ratio = two.pages_per_s / max(one.pages_per_s, 1e-9)
                ratios.append(ratio)
                print(f"pair {number}: 2 workers / 1 worker = {ratio:.2f}", flush=True)
            four = measured(4, "four")
        finally:
            server.stop()
    ratios.sort()
    median = ratios[len(ratios) // 2]
    print(f"bench shared: total {time.monotonic() - began:.0f} s", flush=True)
    print(
        f"bench shared: 2 workers = {median:.2f} x 1 worker (pairs: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}; target >= 1.7), 4 workers "
        f"{four.pages_per_s:.1f} pages/s, {four.round_trips / max(four.pages, 1):.2f} Redis "
        "round trips/page",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
