"""A Redis server (Debian's redis-server) as a child process on 127.0.0.1, for tests and the bench.

Installed with apt-get when missing. Persistence on (append-only file, fsync every second, as
the README's recipe), so that a restart (`restart`: SIGTERM, then the same command) resumes
from the data it had.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

REDIS_SERVER = "redis-server"
_TICKS = os.sysconf("SC_CLK_TCK")


class RedisUnavailableError(RuntimeError):
    """redis-server is missing and could not be installed."""


def ensure_redis_server() -> str:
    """The redis-server executable, installed from Debian's packages when missing."""
    found = shutil.which(REDIS_SERVER) or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if found:
        return found
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "--no-install-recommends", "redis-server"]
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=False)
        done = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RedisUnavailableError(
                f"apt-get install redis-server failed: {done.stderr[-500:]}"
            )
    found = shutil.which(REDIS_SERVER) or "/usr/bin/redis-server"
    if not Path(found).exists():
        raise RedisUnavailableError("redis-server not found after apt-get install")
    return found


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """redis-server on 127.0.0.1:`port`, its data and log in `work`."""

    def __init__(self, work: Path, port: int | None = None, *, persistent: bool = True) -> None:
        """Prepare (not start) a server; `persistent`: append-only file on."""
        self.work = work.resolve()
        self.port = port or free_port()
        self.persistent = persistent
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def argv(self) -> list[str]:
        """The server's command line."""
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "everysec"]
            if self.persistent
            else ["--appendonly", "no"]
        )
        return [
            ensure_redis_server(),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.work),
            "--save",
            "",
            *persistence,
            "--logfile",
            str(self.work / "redis.log"),
        ]

    def start(self, timeout: float = 20) -> None:
        """Start and wait until it answers (it may be loading its data)."""
        self.work.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(self.argv(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    client.ping()
                    return
                except redis.RedisError:
                    if self.proc.poll() is not None or time.monotonic() > deadline:
                        stderr = self.proc.stderr.read().decode() if self.proc.stderr else ""
                        raise RedisUnavailableError(
                            f"redis-server did not start on {self.port}: {stderr[-500:]}"
                        ) from None
                    time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        """Stop it as an operator would (SIGTERM: it writes its data and exits)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stderr is not None:
            self.proc.stderr.close()
        self.proc = None

    def restart(self, down: float = 0.0) -> None:
        """Stop, stay down `down` seconds, start again on the same port and data."""
        self.stop()
        time.sleep(down)
        self.start()

    def cpu_seconds(self) -> float:
        """User + system CPU time the server used so far."""
        if self.proc is None:
            return 0.0
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text(encoding="ascii")
        fields = stat.rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS

    def client(self) -> redis.Redis:
        """A client of its database 0 (strings decoded)."""
        return redis.Redis(port=self.port, decode_responses=True)


@contextmanager
def running_redis(work: Path, *, persistent: bool = True) -> Iterator[RedisServer]:
    """A started RedisServer, stopped on exit."""
    server = RedisServer(work, persistent=persistent)
    server.start()
    try:
        yield server
    finally:
        server.stop()
