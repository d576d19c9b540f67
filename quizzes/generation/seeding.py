"""Stable hashes and shuffles: the same seed gives the same draws in every process."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from .types import Choice


def short_hash(*parts: object) -> str:
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:10]


def stable_rng(*parts: object) -> random.Random:
    """A generator seeded by text, so it gives the same draws in every process."""
    return random.Random(int(short_hash(*parts), 16))


def shuffled[T](items: Sequence[T], *seed_parts: object) -> list[T]:
    result = list(items)
    stable_rng(*seed_parts).shuffle(result)
    return result


def shuffle_choices(choices: Sequence[Choice], uid: str) -> tuple[Choice, ...]:
    # Seeded by the uid, not the quiz seed: a question always shows its choices in the
    # same order, so statistics per choice position stay comparable across quizzes.
    return tuple(shuffled(choices, "choices", uid))
