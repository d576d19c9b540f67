"""Helpers shared by the generators: number formatting, stable hashes, stable shuffles."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from decimal import Decimal

from studyguide.data import FactData, FactValue

from .types import Choice

SINGULAR_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})


def format_number(value: Decimal) -> str:
    """1000 -> "1,000"; 2.50 -> "2.5"; never scientific notation."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def format_value(value: FactValue, unit: str = "") -> str:
    text = format_number(value) if isinstance(value, Decimal) else value.strip()
    if value == 1 and unit.isalpha() and unit.islower() and len(unit) > 3 and unit[-1] == "s":
        unit = unit[:-1]  # "1 second", not "1 seconds"
    elif value != 1 and unit in SINGULAR_TIME_UNITS:
        unit += "s"  # a fact of "1 year" gets distractors in "2 years"
    return f"{text} {unit}".strip() if unit else text


def fact_value_text(fact: FactData) -> str:
    return format_value(fact.value, fact.unit)


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


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


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()
