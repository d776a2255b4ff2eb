"""One run at a time per JOBDIR and per state database: an exclusive lock held for the process.

Two runs on one JOBDIR (a cron line whose run outlasts its interval) corrupt Scrapy's disk queue
and hang; two writers of one state database would record each other's exports. A run takes an
advisory lock (flock) on `<JOBDIR>/related.lock` and on `<state db>.lock` before it starts; the
kernel releases it when the process ends, however it ends (SIGKILL included), so a stale lock
file never blocks the next run. The file holds who took the lock, for the message a second run
prints.
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO


class LockBusyError(Exception):
    """Another process holds the lock; the message is one line for the user."""


class LockError(Exception):
    """The lock file cannot be created (the directory is not writable...)."""


class RunLock:
    """An exclusive lock on `path` for `what` (e.g. "the JOBDIR output/job")."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self.handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock at once, or raise LockBusyError (held by another process) or LockError."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise LockError(f"cannot create the lock file {self.path}: {exc}") from exc
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "an unknown process"
            handle.close()
            raise LockBusyError(f"another run holds {self.what} ({holder})") from None
        handle.seek(0)
        handle.truncate()
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        handle.write(f"pid {os.getpid()}, since {since}\n")
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        """Let the lock go (the process ending does it too)."""
        if self.handle is not None:
            self.handle.close()
            self.handle = None
