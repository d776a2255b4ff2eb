"""The extractors' memo caches: bounded, registered in one place, and never keeping a parsed page
alive through the strings they hold."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def _plain(value: Any) -> Any:
    # lxml's XPath string results ("smart strings") are str subclasses that reference their
    # element, hence the whole tree: a cache keyed on one keeps a 1 MB page alive per entry.
    return str(value) if type(value) is not str and isinstance(value, str) else value


class StrCached(Generic[P, R]):
    """A function memoized by `functools.lru_cache` on plain-`str` copies of its arguments."""

    def __init__(self, func: Callable[P, R], maxsize: int) -> None:
        self._cached: Any = lru_cache(maxsize=maxsize)(func)
        update_wrapper(self, func)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Call through the cache; hot path: plain arguments pass untouched."""
        if len(args) == 1 and not kwargs and type(args[0]) is str:
            # The usual call (one plain string), without a generator per call.
            single: R = self._cached(*args)
            return single
        if kwargs or any(type(a) is not str and isinstance(a, str) for a in args):
            result: R = self._cached(
                *(_plain(a) for a in args), **{k: _plain(v) for k, v in kwargs.items()}
            )
            return result
        hit: R = self._cached(*args)
        return hit

    def cache_clear(self) -> None:
        """Empty the cache."""
        self._cached.cache_clear()


# Every cache of crawler.extract, by name ("module.function"), with what empties it: memo
# decorators below register theirs, hand-kept dictionaries call register().
_REGISTRY: dict[str, Callable[[], None]] = {}


def register(name: str, clear: Callable[[], None]) -> None:
    """Add a cache to the registry that clear_all() empties."""
    _REGISTRY[name] = clear


def registered() -> list[str]:
    """The names of the registered caches."""
    return sorted(_REGISTRY)


def clear_all() -> None:
    """Empty every registered cache: the next page is judged cold, as a crawl's first page is
    (tests that count calls or memory)."""
    for clear in _REGISTRY.values():
        clear()


def _name(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def str_cache(maxsize: int) -> Callable[[Callable[P, R]], StrCached[P, R]]:
    """Like `functools.lru_cache(maxsize)`, but keys and stored arguments are plain `str`;
    registered."""

    def decorate(func: Callable[P, R]) -> StrCached[P, R]:
        cached = StrCached(func, maxsize)
        register(_name(func), cached.cache_clear)
        return cached

    return decorate


def memo(maxsize: int | None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """`functools.lru_cache(maxsize)` for arguments that are never lxml strings (numbers,
    tuples, names built by the caller); registered."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        cached = lru_cache(maxsize=maxsize)(func)
        register(_name(func), cached.cache_clear)
        return cached  # type: ignore[return-value]

    return decorate
