"""Version tokens, shared by every process and every instance behind the load balancer
(the "versions" cache: Redis, or a folder on a single host): cached values carry the
version they were built at in their keys, and a write makes a new version instead of
finding and deleting every value built from the old data. The values themselves may then
live in a per-process cache: a process never reads a value built under an older version."""

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import BaseCache, cache, caches
from django.db import transaction


def _versions() -> BaseCache:
    return caches["versions"]


def current_version(key: str) -> str:
    versions = _versions()
    version = versions.get(key)
    if version is None:
        # Lost (a flushed or restarted cache): start a new version rather than guess.
        versions.add(key, uuid.uuid4().hex, timeout=None)
        version = versions.get(key)
    return str(version)


def bump_version(key: str) -> None:
    """A new version now, for the writer's own reads, and again once the transaction
    commits, so that a value another request built from the not-yet-committed data in
    between is never read."""
    versions = _versions()
    versions.set(key, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: versions.set(key, uuid.uuid4().hex, timeout=None))


_MISSING = object()


def cached_value[T](key: str, build: Callable[[], T], *, timeout: int) -> T:
    """The default cache's value at `key` (a key that holds a version), or `build()` stored
    there: None and other falsy values count as found."""
    value: Any = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout=timeout)
    return value  # type: ignore[no-any-return]
