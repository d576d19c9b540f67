"""The class pages' expensive parts (the heatmap, the assignment table, a roster page, the
item statistics), rendered once and cached under the class's version.

The version lives in the shared "versions" cache (core/versions.py), so every instance
agrees on it; any write a class page shows makes a new one: a membership, an assignment,
an attempt started or submitted, statistics or mastery recomputed. The rendered parts may
then sit in a per-process cache: a process never reads a part built under an old version.
"""

from collections.abc import Callable, Iterable

from core.versions import bump_version, cached_value, current_version

# The version, not this timeout, keeps the parts correct; the timeout bounds how long a
# detail no write announces (a renamed learner) can linger.
TIMEOUT = 60 * 60
BANK_VERSION_KEY = "teaching-bank"


def _class_version_key(classroom_id: int) -> str:
    return f"teaching-class:{classroom_id}"


def class_version(classroom_id: int) -> str:
    return current_version(_class_version_key(classroom_id))


def class_changed(classroom_ids: Iterable[int]) -> None:
    for classroom_id in set(classroom_ids):
        bump_version(_class_version_key(classroom_id))


def bank_changed() -> None:
    bump_version(BANK_VERSION_KEY)


class ClassParts:
    """The cached parts of one class's pages, read at the version current when it was made
    (one read of the shared version per request, however many parts the page has)."""

    def __init__(self, classroom_id: int) -> None:
        self.prefix = f"teaching:class:{classroom_id}:{class_version(classroom_id)}"

    def get[T](self, name: str, build: Callable[[], T], *parts: object) -> T:
        """`build()`, cached under the class's version, `name` and `parts`."""
        detail = ":".join(str(part) for part in parts)
        return cached_value(f"{self.prefix}:{name}:{detail}", build, timeout=TIMEOUT)


def bank_cached[T](name: str, build: Callable[[], T]) -> T:
    return cached_value(
        f"teaching:bank:{current_version(BANK_VERSION_KEY)}:{name}", build, timeout=TIMEOUT
    )
