"""news-please 1.6 as the bench's peer: its own virtualenv, a config for the local site, its CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

VERSION = "1.6.16"
# The interpreter the peer's virtualenv is built with: Debian's python3 when present (news-please
# supports 3.11), else ours.
BASE_PYTHON = shutil.which("python3") or sys.executable


class PeerUnavailableError(RuntimeError):
    """news-please cannot be installed or configured here; the message says why."""


def ensure_venv(venv: Path) -> Path:
    """The `news-please` executable of a virtualenv under `venv` holding news-please==VERSION,
    created (pip, from PyPI) when missing. Raises PeerUnavailableError with pip's last lines."""
    exe = venv / "bin" / "news-please"
    marker = venv / f".news-please-{VERSION}"
    if exe.is_file() and marker.is_file():
        return exe
    print(f"news-please: installing news-please=={VERSION} into {venv} (once)", flush=True)
    made = subprocess.run(
        [BASE_PYTHON, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
    )
    if made.returncode != 0:
        raise PeerUnavailableError(f"python3 -m venv failed: {made.stderr.strip()[-300:]}")
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", f"news-please=={VERSION}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if pip.returncode != 0 or not exe.is_file():
        tail = (pip.stderr or pip.stdout).strip().splitlines()[-3:]
        raise PeerUnavailableError("pip install failed: " + " / ".join(tail))
    marker.touch()
    return exe


def _default_config(venv: Path) -> str:
    found = sorted(venv.glob("lib/python*/site-packages/newsplease/config/config.cfg"))
    if not found:
        raise PeerUnavailableError(f"no newsplease/config/config.cfg under {venv}")
    return found[0].read_text(encoding="utf-8")


def _replace(text: str, pattern: str, replacement: str) -> str:
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    if count != 1:
        raise PeerUnavailableError(f"news-please's config.cfg has no line matching {pattern!r}")
    return new


def write_config(
    venv: Path, config_dir: Path, work: Path, start_url: str, *, pages: int, per_domain: int
) -> Path:
    """news-please's own default config.cfg with: working files under `work`, the same
    per-domain concurrency as our crawl, a page cap; sitelist.hjson with one RecursiveCrawler
    site starting at `start_url`. Returns the config directory (its -c argument)."""
    text = _default_config(venv)
    text = _replace(text, r"^working_path = .*$", f"working_path = {work.resolve()}/")
    text = _replace(
        text,
        r"^CONCURRENT_REQUESTS_PER_DOMAIN\s*=.*$",
        f"CONCURRENT_REQUESTS_PER_DOMAIN={per_domain}",
    )
    text = _replace(
        text,
        r"^ROBOTSTXT_OBEY\s*=.*$",
        f"ROBOTSTXT_OBEY=True\nAUTOTHROTTLE_ENABLED=False\nDOWNLOAD_DELAY=0\n"
        f"CLOSESPIDER_PAGECOUNT={pages}\nTELNETCONSOLE_ENABLED=False",
    )
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.cfg").write_text(text, encoding="utf-8")
    sites = {"base_urls": [{"url": start_url, "crawler": "RecursiveCrawler"}]}
    (config_dir / "sitelist.hjson").write_text(json.dumps(sites, indent=1) + "\n", encoding="utf-8")
    return config_dir


def command(exe: Path, config_dir: Path) -> list[str]:
    """The news-please command line for a config directory (no confirmation prompts)."""
    return [str(exe), "-c", f"{config_dir.resolve()}/", "-no-confirm"]
