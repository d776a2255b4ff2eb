"""Train the related-link model and measure it by held-out site (not part of the product).

    python devtools/train_links.py cv       # leave-one-site-out P/R/F1 and the threshold table
    python devtools/train_links.py fit      # train on everything, write the shipped model.json
    python devtools/train_links.py errors   # held-out mistakes, page by page, for reading

Data (third-party pages stay in ../shared, never in the project):
- ../shared/datasets/links-modern-dev: 55 pages of 55 sites (a site = a registered domain);
- ../shared/datasets/links-dev: 42 pages of two Belgian sites (DH, La Libre), one site each;
- devtools/data/links-extra.jsonl: more dates-dev pages labelled by the same rules (lines with
  "skip" are not articles and are left out);
- devtools/data/links-unseen.jsonl: 436 more (395 articles of 361 sites), labelled by the same
  rules after the model, its features and its rules were written ("unseen": no rule was written
  by reading them). They train the weights as the extra pages do (with them, the held-out
  figures rose on every set: more sites teach more than a set kept aside for scoring alone),
  but never choose the threshold.
Every figure by held-out site is made by a model and a threshold that never saw that site's
pages: for each site, the weights are fitted on the other sites and the threshold is the one
that maximizes F1 on those other sites. Needs scikit-learn (`pip install scikit-learn`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import crawler.extract.links as links_package  # noqa: E402
import crawler.extract.links.candidates as links_candidates  # noqa: E402
from crawler.extract.article import link_evidence  # noqa: E402
from crawler.extract.links.features import FEATURES  # noqa: E402
from crawler.extract.links.model import MODEL_FILE, LinkModel  # noqa: E402
from crawler.extract.page import parse_page  # noqa: E402

SHARED = ROOT.parent / "shared"
EXTRA = ROOT / "devtools" / "data" / "links-extra.jsonl"
UNSEEN = ROOT / "devtools" / "data" / "links-unseen.jsonl"
# The sets labelled by hand against the README's rules that choose the threshold (the extra and
# unseen pages, labelled faster and less consistently, train the weights but do not choose it).
THRESHOLD_SETS = frozenset({"modern", "links-dev"})
MODEL_PATH = ROOT / "crawler" / "extract" / "links" / MODEL_FILE
# The crawl time the pages are dated against (they were saved 2017-2023).
NOW = datetime(2024, 1, 1, tzinfo=UTC)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))
# Inverse regularization strength of the logistic regression.
C = 1.0


def _scorer() -> ModuleType:
    """The modern-dev scorer's URL normalization: the labels are matched exactly as it does."""
    path = SHARED / "tools" / "score_related.py"
    spec = importlib.util.spec_from_file_location("score_related", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORER = _scorer()


def norm(url: str) -> str | None:
    """The scorer's normal form of a URL."""
    value = SCORER.normalize(url)
    return str(value) if value is not None else None


@dataclass
class PageData:
    """One labelled page: its candidates' features and labels."""

    dataset: str
    site: str
    file: str
    truth: set[str]
    keys: list[str] = field(default_factory=list)
    """Normalized URL of each candidate."""
    rows: list[list[float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    fixed: list[float | None] = field(default_factory=list)
    """The confidence the page fixes for the candidate (1: declared related, 0: a
    recommendation vendor's pick), or None: the model's."""
    notes: list[str] = field(default_factory=list)
    """What each candidate is, for reading errors: its text and its block's marks."""


def _site(host: str) -> str:
    return str(SCORER.registered_domain(host))


def _sources(shared: Path) -> Iterable[tuple[str, str, Path, str, list[str]]]:
    """(dataset, site, html path, url, related URLs) of every labelled page."""
    html = shared / "datasets" / "dates-dev" / "html"
    modern = shared / "datasets" / "links-modern-dev" / "truth.jsonl"
    modern_files = set()
    for line in modern.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        modern_files.add(row["file"])
        yield "modern", _site(row["host"]), html / row["file"], row["url"], row["related"]
    old = shared / "datasets" / "links-dev"
    for line in (old / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield "links-dev", row["site"], old / "data" / row["file"], row["url"], row["related"]
    for dataset, path in (("extra", EXTRA), ("unseen", UNSEEN)):
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("skip") or row["file"] in modern_files:
                continue
            yield dataset, _site(row["host"]), html / row["file"], row["url"], row["related"]


def load(shared: Path) -> list[PageData]:
    """Every labelled page with its candidates, as extraction sees them (the shipped model may
    be stale while features change: a neutral one scores in its place)."""
    neutral = LinkModel(FEATURES, (0.0,) * len(FEATURES), 0.0, 0.5, {})
    # Both readers of the shipped model: the scorer, and related_links for its threshold.
    for module in (links_package, links_candidates):
        module.default_model = lambda: neutral  # type: ignore[attr-defined]
    pages = []
    for dataset, site, path, url, related in _sources(shared):
        page = parse_page(path.read_bytes(), url)
        truth = {n for n in (norm(u) for u in related) if n}
        data = PageData(dataset, site, f"{path.parent.name}/{path.name}", truth)
        # The neutral model scores 0.5; a link the page declares related scores 1, a vendor's
        # pick 0.
        for cand, row, confidence in link_evidence(page, now=NOW):
            key = norm(cand.url)
            if key is None:
                continue
            data.keys.append(key)
            data.rows.append(row)
            data.labels.append(int(key in truth))
            data.fixed.append(confidence if confidence in (0.0, 1.0) else None)
            data.notes.append(_describe(cand))
        pages.append(data)
    return pages


def _describe(cand: Any) -> str:
    placement = cand.placement
    marks = []
    if placement is not None and placement.strong is not None:
        strong = placement.strong
        marks.append(f"{strong.verdict}:{strong.source}:{strong.label[:30]!r}")
    if placement is not None and placement.weak is not None:
        marks.append(f"{placement.weak.verdict}:{placement.weak.source}")
    block = getattr(cand.block, "tag", str(cand.block))
    block += "." + ".".join((getattr(cand.block, "get", lambda _: "")("class") or "").split())[:40]
    where = {-1: "before", 0: "in", 1: "after"}[cand.position]
    return (
        f"[{' '.join(marks)}] {where} h={cand.heading} prose={int(cand.prose)} blk={block} "
        f":: {cand.text[:60]!r}"
    )


def sealed(site: str) -> bool:
    """The fixed part of each dev set never read while writing rules: sites from "s" on."""
    return site >= "s"


def _weights(pages: Sequence[PageData]) -> list[float]:
    """Sample weights: every site weighs the same in total (a site with many pages or many
    links does not outweigh the others), and a URL linked k times on a page counts once."""
    by_site: dict[str, int] = defaultdict(int)
    for page in pages:
        by_site[page.site] += len(page.rows)
    out: list[float] = []
    for page in pages:
        counts: dict[str, int] = defaultdict(int)
        for key in page.keys:
            counts[key] += 1
        site_total = by_site[page.site] or 1
        out += [1000.0 / site_total / counts[key] for key in page.keys]
    return out


def fit(pages: Sequence[PageData]) -> tuple[list[float], float]:
    """Logistic regression weights and bias."""
    from sklearn.linear_model import LogisticRegression

    x = [row for page in pages for row in page.rows]
    y = [label for page in pages for label in page.labels]
    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(x, y, sample_weight=_weights(pages))
    return [float(w) for w in clf.coef_[0]], float(clf.intercept_[0])


def predict(model: LinkModel, page: PageData) -> dict[str, float]:
    """Normalized URL -> confidence (its most confident occurrence)."""
    out: dict[str, float] = {}
    for key, row, fixed in zip(page.keys, page.rows, page.fixed, strict=True):
        confidence = model.confidence(row) if fixed is None else fixed
        out[key] = max(out.get(key, 0.0), confidence)
    return out


@dataclass
class Counts:
    """Micro-averaged link counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], truth: set[str]) -> None:
        """Count one page."""
        self.tp += len(predicted & truth)
        self.fp += len(predicted - truth)
        self.fn += len(truth - predicted)

    def add_counts(self, other: Counts) -> None:
        """Add another tally."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _model(weights: list[float], bias: float, threshold: float) -> LinkModel:
    return LinkModel(FEATURES, tuple(weights), bias, threshold, {})


def best_threshold(model: LinkModel, pages: Sequence[PageData]) -> float:
    """The threshold with the best F1 on these pages, of the sets labelled by hand against the
    README's rules (the extra pages, labelled faster and less consistently, train the weights
    but do not choose the threshold)."""
    scored = {
        page.dataset + "/" + page.file: (predict(model, page), 0.0)
        for page in pages
        if page.dataset in THRESHOLD_SETS
    }
    return shipped_threshold(pages, scored)


def held_out(pages: Sequence[PageData]) -> dict[str, tuple[dict[str, float], float]]:
    """For each page (by file): its confidences and threshold from a model that never saw its
    site."""
    out: dict[str, tuple[dict[str, float], float]] = {}
    for site in sorted({page.site for page in pages}):
        train = [page for page in pages if page.site != site]
        weights, bias = fit(train)
        model = _model(weights, bias, 0.5)
        threshold = best_threshold(model, train)
        for page in pages:
            if page.site == site:
                out[page.dataset + "/" + page.file] = (predict(model, page), threshold)
    return out


def _report(
    pages: Sequence[PageData], results: dict[str, tuple[dict[str, float], float]]
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    groups: dict[str, list[PageData]] = {
        name: [page for page in pages if page.dataset == name]
        for name in ("modern", "links-dev", "extra", "unseen")
    }
    groups["sealed"] = [p for p in pages if p.dataset != "links-dev" and sealed(p.site)]
    for dataset, chosen in groups.items():
        if not chosen:
            continue
        counts = Counts()
        table: dict[float, Counts] = {t: Counts() for t in THRESHOLDS}
        for page in chosen:
            confidences, threshold = results[page.dataset + "/" + page.file]
            counts.add({k for k, c in confidences.items() if c >= threshold}, page.truth)
            for t, c in table.items():
                c.add({k for k, v in confidences.items() if v >= t}, page.truth)
        figures[dataset] = {
            "pages": len(chosen),
            "sites": len({page.site for page in chosen}),
            "prf": counts.prf(),
            "table": {t: c.prf() for t, c in table.items()},
        }
    return figures


def _print(title: str, figures: dict[str, Any]) -> None:
    for dataset, fig in figures.items():
        p, r, f = fig["prf"]
        print(
            f"{title} {dataset}: P={p:.3f} R={r:.3f} F1={f:.3f} "
            f"pages={fig['pages']} sites={fig['sites']}"
        )


def _threshold_counts(
    pages: Sequence[PageData], results: dict[str, tuple[dict[str, float], float]]
) -> dict[str, dict[float, Counts]]:
    """Per site of the hand-labelled sets: its held-out link counts at each threshold."""
    out: dict[str, dict[float, Counts]] = {}
    for page in pages:
        if page.dataset not in THRESHOLD_SETS:
            continue
        confidences, _ = results[page.dataset + "/" + page.file]
        counts = out.setdefault(page.site, {t: Counts() for t in THRESHOLDS})
        for t, c in counts.items():
            c.add({k for k, v in confidences.items() if v >= t}, page.truth)
    return out


def _summed(per_site: dict[str, dict[float, Counts]]) -> dict[float, Counts]:
    totals = {t: Counts() for t in THRESHOLDS}
    for counts in per_site.values():
        for t, c in counts.items():
            totals[t].add_counts(c)
    return totals


def _best(totals: dict[float, Counts], minus: dict[float, Counts] | None = None) -> float:
    """The threshold with the best F1 of `totals`, less one site's counts (`minus`)."""

    def f1(t: float) -> float:
        c = totals[t]
        if minus is not None:
            m = minus[t]
            c = Counts(c.tp - m.tp, c.fp - m.fp, c.fn - m.fn)
        return c.prf()[2]

    return max(THRESHOLDS, key=f1)


def shipped_threshold(
    pages: Sequence[PageData], results: dict[str, tuple[dict[str, float], float]]
) -> float:
    """The threshold with the best F1 of `results` over the hand-labelled sets together: of
    the held-out predictions, the shipped threshold."""
    return _best(_summed(_threshold_counts(pages, results)))


def as_shipped(
    pages: Sequence[PageData], results: dict[str, tuple[dict[str, float], float]]
) -> dict[str, tuple[dict[str, float], float]]:
    """Each page's held-out confidences with the threshold the shipped procedure picks
    without its site: the best F1 of the other sites' held-out predictions on the
    hand-labelled sets (held_out instead picks it from the other sites' in-sample predictions,
    which favour higher thresholds). The other sites' models saw this site: a one-level
    approximation of a nested cross-validation."""
    per_site = _threshold_counts(pages, results)
    totals = _summed(per_site)
    chosen: dict[str, float] = {}
    out: dict[str, tuple[dict[str, float], float]] = {}
    for page in pages:
        if page.site not in chosen:
            chosen[page.site] = _best(totals, per_site.get(page.site))
        key = page.dataset + "/" + page.file
        out[key] = (results[key][0], chosen[page.site])
    return out


def cmd_cv(pages: Sequence[PageData], table: bool) -> dict[str, Any]:
    """Leave-one-site-out figures, and the in-sample ones for comparison."""
    results = held_out(pages)
    figures = _report(pages, results)
    _print("held-out", figures)
    _print("held-out, threshold as shipped", _report(pages, as_shipped(pages, results)))
    weights, bias = fit(pages)
    model = _model(weights, bias, 0.5)
    threshold = best_threshold(model, pages)
    in_sample = {
        page.dataset + "/" + page.file: (predict(model, page), threshold) for page in pages
    }
    insample = _report(pages, in_sample)
    _print("in-sample", insample)
    if table:
        for dataset, fig in figures.items():
            print(f"threshold table, held-out by site, {dataset}:")
            for t, (p, r, f) in fig["table"].items():
                print(f"  {t:.2f}  P={p:.3f} R={r:.3f} F1={f:.3f}")
    return {
        "held_out": figures,
        "in_sample": insample,
        "threshold": threshold,
        "results": results,
    }


def cmd_fit(pages: Sequence[PageData]) -> None:
    """Train on every page; the threshold is the best on the held-out predictions."""
    results = cmd_cv(pages, table=True)
    weights, bias = fit(pages)
    held = results["held_out"]
    threshold = shipped_threshold(pages, results["results"])
    data = {
        "features": list(FEATURES),
        "weights": [round(w, 5) for w in weights],
        "bias": round(bias, 5),
        "threshold": threshold,
        "info": {
            "trained": date.today().isoformat(),
            "pages": len(pages),
            "sites": len({page.site for page in pages}),
            "held_out_by_site": {
                name: [round(v, 3) for v in fig["prf"]] for name, fig in held.items()
            },
            "threshold_table_held_out": {
                name: {str(t): [round(v, 3) for v in prf] for t, prf in fig["table"].items()}
                for name, fig in held.items()
            },
        },
    }
    MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)} (threshold {threshold})")


def cmd_errors(pages: Sequence[PageData]) -> None:
    """Held-out false positives and negatives, page by page, with their confidence."""
    results = held_out(pages)
    for page in pages:
        if sealed(page.site):
            continue
        confidences, threshold = results[page.dataset + "/" + page.file]
        predicted = {k for k, c in confidences.items() if c >= threshold}
        fps = sorted(predicted - page.truth)
        fns = sorted(page.truth - predicted)
        if not fps and not fns:
            continue
        print(f"== {page.dataset}/{page.file} (threshold {threshold})")
        notes: dict[str, str] = {}
        for key, note in zip(page.keys, page.notes, strict=True):
            notes.setdefault(key, note)
        for key in fps:
            print(f"  FP {confidences[key]:.2f} {key[-60:]} {notes.get(key, '')}")
        for key in fns:
            conf = confidences.get(key)
            print(f"  FN {'-' if conf is None else f'{conf:.2f}'} {key[-60:]} {notes.get(key, '')}")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("cv", "fit", "errors"))
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--only", help="datasets to load, comma-separated")
    args = parser.parse_args()
    pages = load(args.shared)
    if args.only:
        keep = set(args.only.split(","))
        pages = [page for page in pages if page.dataset in keep]
    if args.command == "cv":
        cmd_cv(pages, table=True)
    elif args.command == "fit":
        cmd_fit(pages)
    else:
        cmd_errors(pages)


if __name__ == "__main__":
    main()
