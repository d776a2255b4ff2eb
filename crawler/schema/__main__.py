"""Regenerate crawler/schema/article.schema.json from the item class (--check: only compare)."""

import argparse
import sys

from crawler.schema import SCHEMA_PATH, render


def main(argv: list[str] | None = None) -> int:
    """Write the schema file, or with --check say whether it is up to date (exit 1 if not)."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.schema",
        description="Write the JSON Schema of exported items, generated from "
        f"crawler/items.py, to {SCHEMA_PATH.name}.",
    )
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the file is out of date"
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.is_file() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is out of date: run python -m crawler.schema", file=sys.stderr)
            return 1
        print(f"{SCHEMA_PATH} is up to date")
        return 0
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
