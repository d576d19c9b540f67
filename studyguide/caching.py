"""Values built from the course (rendered lessons, fact cards, the fact base, question
pools), cached under a content version.

The version lives in Django's cache (Redis when REDIS_URL is set), so every instance
behind a load balancer reads the same one. Any change to the course makes a new version:
model saves and deletes through signals (the admin, the workspace), and content_import
explicitly, since its bulk writes send no signals. Old entries are never read again and
age out of the cache on their own.
"""

import hashlib
from collections.abc import Callable

from core.versions import bump_version, cached_value, current_version

VERSION_KEY = "content-version"
# Long enough that a busy site builds each value once per content version; the version
# in the key, not this timeout, is what keeps values correct.
TIMEOUT = 24 * 60 * 60


def content_version() -> str:
    return current_version(VERSION_KEY)


def content_version_bump() -> None:
    bump_version(VERSION_KEY)


def _key(version: str, name: str, parts: tuple[object, ...]) -> str:
    detail = hashlib.sha256(repr(parts).encode()).hexdigest()[:32] if parts else "-"
    return f"content:{version}:{name}:{detail}"


def content_cached[T](name: str, build: Callable[[], T], *parts: object) -> T:
    """`build()`, cached under the current content version, `name` and `parts`."""
    return content_cached_at_version(name, lambda version: build(), *parts)


def content_cached_at_version[T](
    name: str, build: Callable[[str], T], *parts: object, version: str | None = None
) -> T:
    """`build(version)`, cached under that content version (the current one unless given:
    the version the data handed to `build` was read at), `name` and `parts`."""
    version = version or content_version()
    key = _key(version, name, parts)
    return cached_value(key, lambda: build(version), timeout=TIMEOUT)


def on_content_changed(sender: object, **kwargs: object) -> None:
    """Receiver for saves and deletes of course rows (connected in StudyguideConfig.ready)."""
    content_version_bump()
