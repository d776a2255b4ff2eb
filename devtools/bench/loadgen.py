"""A small HTTP/1.1 load generator: keep-alive GETs over a few connections, requests per second."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Load:
    """What a load run achieved."""

    requests: int
    seconds: float
    bytes: int
    errors: int

    @property
    def per_second(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


async def _worker(
    host: str, port: int, paths: Iterator[str], deadline: float, totals: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.monotonic() < deadline:
            path = next(paths)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode("ascii"))
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            totals[0] += 1
            totals[1] += length
            if status != 200:
                totals[2] += 1
    finally:
        writer.close()
        await writer.wait_closed()


async def _run(
    host: str, port: int, paths: Sequence[str], connections: int, seconds: float
) -> Load:
    totals = [0, 0, 0]
    cycle = itertools.cycle(paths)
    started = time.monotonic()
    await asyncio.gather(
        *(_worker(host, port, cycle, started + seconds, totals) for _ in range(connections))
    )
    return Load(totals[0], time.monotonic() - started, totals[1], totals[2])


def measure(
    host: str, port: int, paths: Sequence[str], *, connections: int = 8, seconds: float = 3.0
) -> Load:
    """GET `paths` round-robin for `seconds` over `connections` keep-alive connections.

    One Python process: its own CPU bounds the figure, so it is a lower bound of what the server
    sustains."""
    return asyncio.run(_run(host, port, paths, connections, seconds))
