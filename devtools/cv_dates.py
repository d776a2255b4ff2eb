"""Cross-validation by site of the date rules (crawler.extract.dates.Rules) on dates-dev.

Every tunable part of the date extraction (each rule on or off, each last resort, the thresholds)
is data in `Rules`. This script measures them the way unseen sites would:

- in-sample: the shipped rules (DEFAULT_RULES) on every page, as `score_dates.py` scores them;
- cross-validated: every page's site (registered domain; a web.archive.org copy counts as the
  site it archives) is dealt into one of 5 folds; for each fold, the rules are chosen on the
  other 4 (every rule that gains no page there switched off, then greedy search: the one change
  that gains most pages, until none gains) and scored on that fold's pages. This is the figure
  decisions are made by; DEFAULT_RULES is the same choice made on every page;
- never read: the sites sorting in the last third of their names are never listed (not even
  with --errors) nor opened while rules are written, so no rule's code comes from them; their
  cross-validated figure is reported on its own, the truest guess of a site nobody has seen.

A page is right when its day (datePublishedLocal, else datePublished, first 10 characters)
is the expected one, or when it has no date and none is expected (score_dates.py's rule).

Usage, from the project root (needs ../shared):
  .venv/bin/python -m devtools.cv_dates                 # the figures and the per-rule table
  .venv/bin/python -m devtools.cv_dates --errors        # also the misses of the pages one may read
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.extract.article import extract_article, site_for
from crawler.extract.dates import extract_dates, item_date_problems
from crawler.extract.dates.rules import DEFAULT_RULES, FALLBACKS, Rules
from crawler.extract.page import Page, parse_page
from crawler.extract.sites import SiteProfile
from crawler.extract.urls import registered_domain

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "dates-dev"
FOLDS = 5
# The values each threshold is tried at: the shipped one and one on each side.
THRESHOLDS = {
    "label_gap": (12, 24, 40),
    "dateline_slack": (16, 28, 40),
    "same_edit_minutes": (1, 5, 15),
}


# Last resorts these pages cannot judge, never chosen by them (why: Rules' rule 10).
NEVER_CHOSEN = frozenset({"copyright"})


@dataclass
class Sample:
    """One saved page, parsed once, with its expected day and its site."""

    file: str
    url: str
    site: str
    expected: str | None
    page: Page
    profile: SiteProfile | None
    language: str | None
    """The language of the article's text, as extract_article hands it to extract_dates."""


def site_key(url: str) -> str:
    """The site a page belongs to: its registered domain; for a web.archive.org copy, that of
    the page it archives."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host == "web.archive.org":
        inner = parts.path.split("/", 3)[-1]
        inner = inner if "://" in inner else "http://" + inner
        host = urlsplit(inner).hostname or host
    return registered_domain(host) or host


def load(corpus: Path) -> list[Sample]:
    """Every page of the corpus, parsed."""
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    samples = []
    for entry in truth:
        page = parse_page((corpus / "html" / entry["file"]).read_bytes(), entry["url"])
        samples.append(
            Sample(
                entry["file"],
                entry["url"],
                site_key(entry["url"]),
                entry["expected_published"],
                page,
                site_for(page),
                extract_article(page)["inLanguage"],
            )
        )
    return samples


def split(samples: list[Sample]) -> tuple[list[list[int]], list[int]]:
    """The folds (page indexes, by site) and the pages never read: those of the sites in the
    last third of the sorted site names. Folds are dealt by a hash of the site name, so that
    they do not follow the alphabet (each holds read and never-read sites alike)."""
    sites = sorted({s.site for s in samples})
    unread_sites = set(sites[2 * len(sites) // 3 :])
    unread = [i for i, s in enumerate(samples) if s.site in unread_sites]
    dealt = sorted(sites, key=lambda site: hashlib.sha256(site.encode()).hexdigest())
    fold_of = {site: n % FOLDS for n, site in enumerate(dealt)}
    folds: list[list[int]] = [[] for _ in range(FOLDS)]
    for i, sample in enumerate(samples):
        folds[fold_of[sample.site]].append(i)
    return folds, unread


def day_of(published: Any) -> str | None:
    """The day score_dates.py reads: the local value's, else the UTC value's."""
    if published is None:
        return None
    value = published.local or published.utc
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def near(got: str | None, expected: str | None) -> bool:
    """Within one day (or both empty)."""
    if got == expected:
        return True
    if got is None or expected is None:
        return False
    return abs((date.fromisoformat(got) - date.fromisoformat(expected)).days) <= 1


class Evaluator:
    """Runs the date extraction with given rules over every page, once per distinct rules."""

    def __init__(self, samples: list[Sample], now: datetime) -> None:
        self.samples = samples
        self.now = now
        self.cache: dict[Rules, list[str | None]] = {}

    def days(self, rules: Rules) -> list[str | None]:
        """The day found on each page with these rules."""
        if rules not in self.cache:
            self.cache[rules] = [
                day_of(
                    extract_dates(
                        s.page, site=s.profile, now=self.now, rules=rules, language=s.language
                    ).published
                )
                for s in self.samples
            ]
        return self.cache[rules]

    def right(self, rules: Rules, pages: list[int]) -> int:
        """How many of these pages get their day right."""
        days = self.days(rules)
        return sum(days[i] == self.samples[i].expected for i in pages)

    def within(self, rules: Rules, pages: list[int]) -> int:
        """How many of these pages get their day right within one day."""
        days = self.days(rules)
        return sum(near(days[i], self.samples[i].expected) for i in pages)


def alternatives(rules: Rules) -> Iterator[tuple[str, Rules]]:
    """Every rules one change away: a rule or a last resort toggled, a threshold moved."""
    for spec in fields(Rules):
        value = getattr(rules, spec.name)
        changed: dict[str, Any]
        if isinstance(value, bool):
            changed = {spec.name: not value}
            yield f"{spec.name}={not value}", replace(rules, **changed)
        elif spec.name in THRESHOLDS:
            for other in THRESHOLDS[spec.name]:
                if other != value:
                    changed = {spec.name: other}
                    yield f"{spec.name}={other}", replace(rules, **changed)
    for name in FALLBACKS:
        if name in NEVER_CHOSEN:
            continue
        if name in rules.fallbacks:
            kept = tuple(f for f in rules.fallbacks if f != name)
            yield f"fallback {name} off", replace(rules, fallbacks=kept)
        else:
            added = tuple(f for f in FALLBACKS if f in rules.fallbacks or f == name)
            yield f"fallback {name} on", replace(rules, fallbacks=added)


# Rules that choose between instants of one story (its time of day, its offset), which the days
# of this corpus cannot judge: the offline sites' exact-to-the-second tests and the fixtures do.
# They are never switched off for want of a day gained.
TIME_RULES = frozenset(
    {"mislabelled_utc", "upgrade_day", "time_only_update", "earlier_publication", "zone_from_page"}
)


def switched_off(rules: Rules, name: str) -> Rules:
    """The rules with this day-deciding rule (a field) or last resort (a FALLBACKS name) off."""
    if name in FALLBACKS:
        return replace(rules, fallbacks=tuple(f for f in rules.fallbacks if f != name))
    changed: dict[str, Any] = {name: False}
    return replace(rules, **changed)


def select(evaluator: Evaluator, pages: list[int], start: Rules = DEFAULT_RULES) -> Rules:
    """The rules these pages justify. First, every rule that gains no page here is switched off
    (a rule written for a page of another fold is worth nothing on this one); then greedy search:
    take the one change that gains most right days (ties: most within a day), until none gains."""
    rules = start
    score = (evaluator.right(rules, pages), evaluator.within(rules, pages))
    switches = [
        spec.name
        for spec in fields(Rules)
        if spec.name not in TIME_RULES and getattr(rules, spec.name) is True
    ] + list(rules.fallbacks)
    for name in switches:
        other = switched_off(rules, name)
        kept = (evaluator.right(other, pages), evaluator.within(other, pages))
        if kept >= score:
            rules, score = other, kept
    while True:
        best: tuple[tuple[int, int], Rules] | None = None
        for _, other in alternatives(rules):
            gained = (evaluator.right(other, pages), evaluator.within(other, pages))
            if gained > score and (best is None or gained > best[0]):
                best = (gained, other)
        if best is None:
            return rules
        score, rules = best


def changes(rules: Rules) -> list[str]:
    """How rules differ from the shipped ones."""
    out = []
    for spec in fields(Rules):
        value, default = getattr(rules, spec.name), getattr(DEFAULT_RULES, spec.name)
        if value != default:
            out.append(f"{spec.name}={value}")
    return out


def consistency(samples: list[Sample], now: datetime) -> tuple[list[str], float]:
    """The items' self-contradictions over every page (crawler.extract.dates's check), and the
    median milliseconds of extract_dates per page."""
    problems = []
    timings = []
    for sample in samples:
        item = extract_article(sample.page, now=now)
        problems += [f"{sample.file}: {p}" for p in item_date_problems(item)]
        started = time.perf_counter()
        extract_dates(sample.page, site=sample.profile, now=now, language=sample.language)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return problems, timings[len(timings) // 2]


def main(argv: list[str] | None = None) -> int:
    """Print the in-sample, cross-validated and held-out figures and the per-rule table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--errors", action="store_true", help="list the misses of the pages one may read"
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.json").is_file():
        print(f"error: no truth.json in {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    now = datetime.now(UTC)
    samples = load(args.corpus)
    folds, unread = split(samples)
    everything = list(range(len(samples)))
    readable = sorted(set(everything) - set(unread))
    evaluator = Evaluator(samples, now)

    def figure(right: int, within: int, pages: int) -> str:
        return f"accuracy {right / pages:.3f} ({right}/{pages}), within 1 day {within / pages:.3f}"

    def line(name: str, rules: Rules, pages: list[int]) -> str:
        right, within = evaluator.right(rules, pages), evaluator.within(rules, pages)
        return f"{name}: {figure(right, within, len(pages))}"

    print(f"{len(samples)} pages, {len({s.site for s in samples})} sites in {FOLDS} folds by site;")
    print(f"never read: {len(unread)} pages (the last third of the sites)")
    print(line("in-sample, shipped rules, all pages", DEFAULT_RULES, everything))

    choices: list[Rules] = []
    for k, fold in enumerate(folds):
        train = [i for j, other in enumerate(folds) if j != k for i in other]
        chosen = select(evaluator, train)
        choices.append(chosen)
        print(
            f"  fold {k + 1}: {len(fold)} pages, rules chosen on the other folds:"
            f" {', '.join(changes(chosen)) or 'the shipped ones'};"
            f" {evaluator.right(chosen, fold)}/{len(fold)} right"
        )

    def held_out(pages: list[int]) -> str:
        """These pages, each scored by the rules chosen without its fold."""
        wanted = set(pages)
        right = within = 0
        for fold, chosen in zip(folds, choices, strict=True):
            mine = [i for i in fold if i in wanted]
            right += evaluator.right(chosen, mine)
            within += evaluator.within(chosen, mine)
        return figure(right, within, len(pages))

    print(f"cross-validated by site ({FOLDS} folds), all pages: {held_out(everything)}")
    print(f"  of which the pages never read: {held_out(unread)}")
    print(f"  of which the other pages: {held_out(readable)}")
    final = select(evaluator, everything)
    verdict = "the shipped ones" if final == DEFAULT_RULES else "NOT the shipped ones: "
    print(f"rules chosen on every page: {verdict}{', '.join(changes(final))}")

    print("\neach change from the shipped rules, pages gained (+) or lost (-) on each fold:")
    for name, other in alternatives(DEFAULT_RULES):
        by_fold = [evaluator.right(other, f) - evaluator.right(DEFAULT_RULES, f) for f in folds]
        if any(by_fold):
            cells = " ".join(f"{d:+d}" for d in by_fold)
            print(f"  {name:38} {cells}  total {sum(by_fold):+d}")

    problems, median = consistency(samples, now)
    print(f"\nself-contradicting items: {len(problems)}")
    for problem in problems:
        print(f"  {problem}")
    print(f"extract_dates median {median:.2f} ms/page (parsed pages, one run)")
    if args.errors:
        days = evaluator.days(DEFAULT_RULES)
        print("\npages one may read that the shipped rules get wrong:")
        for i in readable:
            if days[i] != samples[i].expected:
                s = samples[i]
                print(f"  {s.file} ({s.url}): expected {s.expected}, got {days[i]}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
