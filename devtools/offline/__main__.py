"""Command line: `python -m devtools.offline generate <site> [ROOT]` and `... serve [ROOT]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from devtools.offline import SITES, default_root


def main(argv: list[str] | None = None) -> int:
    """Run the `generate` or `serve` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m devtools.offline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write an offline site and its ground truth")
    gen.add_argument("site", choices=sorted(SITES))
    gen.add_argument("root", nargs="?", type=Path, help="default: output/sites/<site>/")
    gen.add_argument("--articles", type=int, default=None, help="number of article pages")
    gen.add_argument("--seed", type=int, default=None, help="random seed (default: the site's own)")
    srv = commands.add_parser("serve", help="serve a generated site on 127.0.0.1")
    srv.add_argument("root", nargs="?", type=Path, default=default_root("lalibre"))
    srv.add_argument("--port", type=int, default=0, help="0 picks a free port")
    srv.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)

    if args.command == "generate":
        root: Path = args.root or default_root(args.site)
        kwargs: dict[str, int] = {}
        if args.seed is not None:
            kwargs["seed"] = args.seed
        if args.articles is not None:
            kwargs["articles"] = args.articles
        started = time.perf_counter()
        try:
            truth = SITES[args.site](root, **kwargs)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        depths = ", ".join(f"{d}: {len(urls)}" for d, urls in truth["depth_limits"].items())
        print(
            f"{args.site}: {len(truth['articles'])} articles in {root} "
            f"({time.perf_counter() - started:.1f} s); exported per depth limit: {depths}"
        )
        return 0

    if not (args.root / "routes.json").is_file():
        print(
            f"error: {args.root}/routes.json not found (generate the site first)", file=sys.stderr
        )
        return 2
    from devtools.offline.server import serve_forever

    serve_forever(args.root, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
