"""The report as one self-contained HTML file: template, style, vendored scripts and data inline."""

from __future__ import annotations

import hashlib
import json
import os
import re
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

PACKAGE = "crawler.report"
# Placeholders of template.html: "@@TITLE@@", "@@STYLE@@", "@@DATA@@", "@@SCRIPTS@@".
_MARKER = re.compile(r"@@([A-Z]+)@@")
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)


def _resource(name: str) -> str:
    return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


def vendored() -> list[dict[str, Any]]:
    """The vendored libraries (vendor/vendor.json): name, version, file, sha256, licence."""
    entries: list[dict[str, Any]] = json.loads(_resource("vendor/vendor.json"))
    return entries


def _script(code: str) -> str:
    # "</script" inside a script would end it early and "<!--" would change how the parser
    # reads it; "<\/" and "<\!" are the same text to JavaScript.
    code = _SCRIPT_END.sub(r"<\\/\1", code).replace("<!--", "<\\!--")
    return "<script>\n" + code + "\n</script>"


def json_for_script(data: Any) -> str:
    """JSON that can sit inside <script type="application/json">: every "<" is escaped, so no
    text from a crawled page can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render(data: dict[str, Any]) -> str:
    """The page for `data` (see crawler.report.data.report_data)."""
    scripts = []
    for lib in vendored():
        raw = resources.files(PACKAGE).joinpath(f"vendor/{lib['file']}").read_bytes()
        if hashlib.sha256(raw).hexdigest() != lib["sha256"]:
            raise RuntimeError(f"vendored {lib['file']} does not match its pinned SHA-256")
        code = raw.decode("utf-8")
        banner = f"// {lib['name']} {lib['version']} ({lib['license']}; see {lib['license_file']})"
        scripts.append(_script(banner + "\n" + code))
    scripts.append(_script(_resource("report.js")))
    values = {
        "TITLE": escape(str(data.get("title") or "Coverage report")),
        "STYLE": _resource("report.css"),
        "DATA": json_for_script(data),
        "SCRIPTS": "\n".join(scripts),
    }
    template = _resource("template.html")
    if sorted(_MARKER.findall(template)) != sorted(values):
        raise RuntimeError("template.html must hold each placeholder once")
    # One pass over the template: text from the data is never scanned for placeholders.
    return _MARKER.sub(lambda match: values[match.group(1)], template)


def write(data: dict[str, Any], path: Path) -> int:
    """Write the page to `path` (through a temporary file, renamed); returns its size."""
    page = render(data).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(page)
    os.replace(tmp, path)
    return len(page)
