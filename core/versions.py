"""Version tokens kept in Django's cache, shared by every instance behind the load
balancer: cached values carry the version they were built at in their keys, and a write
makes a new version instead of finding and deleting every value built from the old data."""

import uuid

from django.core.cache import cache
from django.db import transaction


def current_version(key: str) -> str:
    version = cache.get(key)
    if version is None:
        # Lost (a flushed or restarted cache): start a new version rather than guess.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return str(version)


def bump_version(key: str) -> None:
    """A new version now, for the writer's own reads, and again once the transaction
    commits, so that a value another request built from the not-yet-committed data in
    between is never read."""
    cache.set(key, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, timeout=None))
