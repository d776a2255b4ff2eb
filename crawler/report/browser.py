"""Headless Chromium (Debian's `chromium`) for the report: found or installed, and a screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# Debian's wrapper is /usr/bin/chromium; the binary behind it takes the same flags.
CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium", "chromium-browser")
# A browser that talks to no one: no background requests, updates, sync or first-run pages.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


class ChromiumMissingError(RuntimeError):
    """No Chromium, and it could not be installed; the message says how to install it."""


def find_chromium() -> str | None:
    """The Chromium executable, or None."""
    for name in CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.access(path, os.X_OK):
            return path
    return None


def ensure_chromium(*, install: bool = True) -> str:
    """Chromium's path; when missing and `install`, installed with apt-get (Debian's
    `chromium` package; needs root). Raises ChromiumMissingError when there is none."""
    found = find_chromium()
    if found or not install:
        if found:
            return found
        raise ChromiumMissingError("Chromium is not installed (apt-get install chromium)")
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        raise ChromiumMissingError(
            "Chromium is missing: install Debian's package (apt-get install chromium)"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install_cmd = [apt, "install", "-y", "-q", "chromium"]
    done = subprocess.run(install_cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:  # an empty or stale package list: update once, try again
        subprocess.run([apt, "update", "-q"], env=env, capture_output=True, check=False)
        done = subprocess.run(install_cmd, env=env, capture_output=True, text=True, check=False)
    found = find_chromium()
    if found is None:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ChromiumMissingError(f"apt-get install chromium failed: {tail[0]}")
    return found


def screenshot(
    page: Path, png: Path, *, fragment: str = "", width: int = 1440, height: int = 1000
) -> Path:
    """A PNG of `page` (a local HTML file) as a {width}x{height} window shows it, after its
    scripts ran (virtual time: no waiting on a clock); `fragment` is added to the URL
    ("seed" selects the seed article)."""
    chromium = ensure_chromium()
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        argv = [
            chromium,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=20000",
            f"--screenshot={png.resolve()}",
            url,
        ]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0 or not png.is_file():
        raise RuntimeError(f"chromium screenshot failed ({done.returncode}): {done.stderr[-500:]}")
    return png
