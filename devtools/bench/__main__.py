"""Command line: `python -m devtools.bench run|shared|extract|profile` (the make bench targets)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the sub-command's own argument parser."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("run", "shared", "extract", "profile"):
        print(
            "usage: python -m devtools.bench {run,shared,extract,profile} [options]",
            file=sys.stderr,
        )
        return 2
    if args[0] == "run":
        from devtools.bench.run import main as run_main

        return run_main(args[1:])
    if args[0] == "shared":
        from devtools.bench.shared import main as shared_main

        return shared_main(args[1:])
    if args[0] == "profile":
        from devtools.bench.cpuprofile import main as profile_main

        return profile_main(args[1:])
    from devtools.bench.extract import main as extract_main

    return extract_main(args[1:])


if __name__ == "__main__":
    sys.exit(main())
