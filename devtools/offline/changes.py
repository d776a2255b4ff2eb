"""Edits to a generated La Libre site between two crawls: updated articles and new related ones.

`apply_changes(root)` rewrites, deterministically, a site written by `lalibre.generate(root)`:
- CHANGED articles near the seed get a later dateModified and a new text (every date form the
  page carries moves: JSON-LD, meta, visible "Mis à jour le ...", Fusion blob; the AMP copy too);
- ADDED new articles are published, each linked from the related box of one of the changed ones.
routes.json is replaced atomically (the server re-reads it), files are rewritten in place (new
ETag, new Last-Modified), truth.json is updated and `changes.json` records what changed, so a
correct incremental re-crawl exports exactly those articles.
"""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from devtools.offline import lalibre
from devtools.offline._chrome import build_chrome
from devtools.offline._site import KINDS, http_date, iso_local, iso_utc, normalize_target
from devtools.offline._text import Prose, arc_id

CHANGED = 3
ADDED = 2
CHANGES_FILE = "changes.json"
# Distinct from the generator's own streams (seed and seed * 7919 + 1).
_RENDER_SALT = 104_729


def _replan(root: Path, articles: int, seed: int) -> tuple[lalibre.Plan, dict[str, Any]]:
    """The generator's plan for (articles, seed), checked against the site's truth.json."""
    truth: dict[str, Any] = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    if truth.get("site") != lalibre.SITE:
        raise ValueError(f"{root} is not a generated {lalibre.SITE} site")
    plan = lalibre._plan(random.Random(seed), articles)
    known = truth["articles"]
    if plan.seed.path != truth["seed_path"] or any(
        art.canonical not in known or known[art.canonical]["path"] != art.path
        for art in plan.articles
    ):
        raise ValueError(
            f"{root} was not generated with articles={articles}, seed={seed}: give the same values"
        )
    return plan, truth


def _chrome(plan: lalibre.Plan, seed: int) -> Any:
    """The shared header, footer and assets, as `lalibre.generate` builds them."""
    return build_chrome(
        site_name="La Libre",
        menu=lalibre.MENU,
        footer_links=lalibre.FOOTER_LINKS,
        partner_sites=lalibre.PARTNERS,
        featured=tuple((a.headline, a.path) for a in plan.unreachable[:30]),
        trending=tuple(
            (label, f"/tags/{slug}/") for c in lalibre.CLUSTERS for slug, label in c.tags[:1]
        ),
        seed=seed,
    )


def _related(art: lalibre.Article) -> list[dict[str, str]]:
    """What the truth's relatedLinks say for `art` (same rule as SiteBuilder.related_of)."""
    hosts = ("www.lalibre.be", "lalibre.be")
    own = normalize_target(art.canonical, art.path, hosts)
    best: dict[str, tuple[int, str, str]] = {}
    for link in lalibre._links(art):
        target = normalize_target(link.href, art.path, hosts)
        if target is None or target in (art.path, own):
            continue
        rank = KINDS.index(link.kind)
        if target not in best or rank < best[target][0]:
            text = link.text or (best[target][2] if target in best else "")
            best[target] = (rank, link.kind, text)
    return [{"path": t, "kind": k, "text": text} for t, (_, k, text) in best.items()]


def _pick_changed(plan: lalibre.Plan, truth: dict[str, Any], count: int) -> list[lalibre.Article]:
    """Articles within two hops of the seed, full date forms, nearest first (not the seed)."""
    depth_of = {c: a["depth"] for c, a in truth["articles"].items() if a["depth"] is not None}
    candidates = [
        art
        for art in plan.articles
        if art is not plan.seed
        and art.template == "arc"
        and art.form == "full"
        and depth_of.get(art.canonical, 99) <= 2
    ]
    candidates.sort(key=lambda a: (depth_of[a.canonical], a.canonical))
    if len(candidates) < count:
        raise ValueError(f"only {len(candidates)} articles can be changed, {count} asked")
    return candidates[:count]


def apply_changes(
    root: Path,
    *,
    articles: int = lalibre.DEFAULT_ARTICLES,
    seed: int = 1,
    changed: int = CHANGED,
    added: int = ADDED,
) -> dict[str, Any]:
    """Change `changed` articles and add `added` related articles to the site in `root` (made by
    `lalibre.generate(root, articles=..., seed=...)`); returns what `changes.json` records:
    {"changed": [canonical URLs], "added": [canonical URLs]}. Applying twice is an error."""
    root = Path(root)
    if (root / CHANGES_FILE).exists():
        raise ValueError(f"changes already applied to {root} (see {CHANGES_FILE})")
    if added > changed:
        raise ValueError("each added article is linked from a changed one: added <= changed")
    plan, truth = _replan(root, articles, seed)
    routes: dict[str, dict[str, Any]] = json.loads(
        (root / "routes.json").read_text(encoding="utf-8")
    )
    rng = random.Random(seed * _RENDER_SALT + 7)
    prose = Prose(rng)
    targets = _pick_changed(plan, truth, changed)

    taken = {art.arc for art in plan.articles}
    new_articles: list[lalibre.Article] = []
    for n, parent in enumerate(targets):
        last = parent.modified or parent.published
        assert isinstance(last, datetime)
        # Updated three days after its last version, on a whole minute (the visible line
        # "Mis à jour le 15-09-2023 à 18h02" has no seconds).
        moment = (last.astimezone(UTC) + timedelta(days=3, hours=n)).replace(second=0)
        parent.modified = moment.astimezone(lalibre.TZ)
        if n >= added:
            continue
        ident = arc_id(rng)
        while ident in taken:
            ident = arc_id(rng)
        taken.add(ident)
        art = lalibre.Article(
            idx=len(plan.articles) + n,
            cluster=parent.cluster,
            arc=ident,
            headline=prose.headline(parent.cluster.topic),
            author=parent.author,
            published=(moment - timedelta(hours=1)).astimezone(lalibre.TZ),
            form="full",
            box_style="section",
        )
        art.path = lalibre._article_path(art)
        art.box = [(parent.path, parent, parent.headline)]
        parent.box.append((art.path, art, art.headline))
        new_articles.append(art)

    render = lalibre.Renderer(plan, random.Random(seed * _RENDER_SALT + 1), _chrome(plan, seed))
    for art in [*targets, *new_articles]:
        stamp = art.modified or art.published
        assert isinstance(stamp, datetime)
        last_modified = http_date(stamp)
        for target, html in (
            (art.path, render.article_page(art)),
            (art.path + "?outputType=amp", render.amp_page(art)),
        ):
            route = routes.get(target)
            rel = route["file"] if route else "files" + target.split("?")[0] + "index.html"
            if "?" in target and not route:
                rel += ".outputType_amp"
            dest = root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(html.encode("utf-8", "xmlcharrefreplace"))
            routes[target] = {
                "status": 200,
                "file": rel,
                "content_type": "text/html; charset=utf-8",
                "last_modified": last_modified,
            }

    depth_of = {c: a["depth"] for c, a in truth["articles"].items()}
    for art in targets:
        entry = truth["articles"][art.canonical]
        entry["dateModified"] = iso_utc(art.modified)
        entry["dateModifiedLocal"] = iso_local(art.modified)
        entry["relatedLinks"] = _related(art)
    for art, parent in zip(new_articles, targets, strict=False):
        depth = None if depth_of[parent.canonical] is None else depth_of[parent.canonical] + 1
        truth["articles"][art.canonical] = {
            "path": art.path,
            "headline": art.headline,
            "datePublished": iso_utc(art.published),
            "datePublishedLocal": iso_local(art.published),
            "dateModified": None,
            "dateModifiedLocal": None,
            "date_forms": list(lalibre.FORMS[art.form]),
            "depth": depth,
            "relatedLinks": _related(art),
        }
        if depth is not None:
            for limit, urls in truth["depth_limits"].items():
                if int(limit) >= depth:
                    urls.append(art.canonical)
                    urls.sort()
    record = {
        "changed": sorted(a.canonical for a in targets),
        "added": sorted(a.canonical for a in new_articles),
    }
    _replace_json(root / "truth.json", truth, indent=1, sort_keys=False)
    _replace_json(root / CHANGES_FILE, record, indent=1, sort_keys=False)
    # Last: the server switches to the new routes when this file changes.
    _replace_json(root / "routes.json", routes, indent=1, sort_keys=True)
    return record


def _replace_json(path: Path, data: Any, *, indent: int, sort_keys: bool) -> None:
    """Write a whole new file and rename it over the old one (readers never see half)."""
    tmp = path.with_name(path.name + ".tmp")
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys) + "\n"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
