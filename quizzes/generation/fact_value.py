"""Fact-value questions ("What is the maximum retention period of an SQS queue?").

Distractors, in order of how much they teach: the fact's legacy value (the 2019 figure),
related facts with the same unit (the default where the maximum is asked), their legacy
values, then scaled neighbours and common AWS numbers of the same magnitude. A distractor
never equals the answer and no two choices are the same.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.formatting import format_value
from studyguide.records import ContentPack, FactData, FactValue

from .seeding import shuffle_choices, shuffled
from .types import AnswerMode, Choice, Question, QuestionKind
from .wording import can_quiz, fact_value_text, norm

# Numbers that recur in AWS limits and defaults; guesses a learner might plausibly make.
COMMON_NUMBERS: tuple[int, ...] = (
    1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 15, 16, 20, 24, 25, 30, 32, 40, 48, 50, 60, 64, 90,
    100, 120, 128, 168, 180, 200, 250, 256, 300, 365, 400, 500, 512, 600, 900, 1000, 1024,
    1500, 2000, 3000, 3600, 4000, 5000, 6000, 8760, 10000, 20000, 50000, 100000,
)  # fmt: skip

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DATE_RE = re.compile(rf"^({'|'.join(MONTHS)}) (\d{{1,2}}), (\d{{4}})$")
MAX_TEXT_CHOICE = 80
CHOICES_WANTED = 4


@dataclass(frozen=True)
class Distractor:
    value: FactValue
    why: str
    source: str  # legacy | related | related-legacy | scaled | common | date


def _same(a: FactValue, b: FactValue) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return False
    return norm(a) == norm(b)


def _key_affinity(a: str, b: str) -> int:
    """How many leading key segments two fact keys share (sqs.retention.* share two)."""
    shared = 0
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x != y:
            break
        shared += 1
    return shared


def _log_distance(a: Decimal, b: Decimal) -> float:
    if a <= 0 or b <= 0:
        return abs(float(a) - float(b))
    return abs(math.log10(float(a)) - math.log10(float(b)))


def _related_facts(fact: FactData, facts: Sequence[FactData]) -> list[FactData]:
    """Facts a learner could mix up with this one: same unit, closest topic and key first."""
    related = [
        other
        for other in facts
        if other.key != fact.key
        and other.is_numeric == fact.is_numeric
        and norm(other.unit) == norm(fact.unit)
    ]

    def rank(other: FactData) -> tuple[int, int, float, str]:
        distance = (
            _log_distance(fact.value, other.value)
            if isinstance(fact.value, Decimal) and isinstance(other.value, Decimal)
            else 0.0
        )
        return (other.topic != fact.topic, -_key_affinity(fact.key, other.key), distance, other.key)

    return sorted(related, key=rank)


def _legacy_distractor(fact: FactData) -> Distractor | None:
    legacy = fact.legacy
    if legacy is None or _same(legacy.value, fact.value):
        return None
    if isinstance(legacy.value, Decimal) != fact.is_numeric:
        return None
    return Distractor(
        legacy.value,
        f"That was the answer in {legacy.year}, and older study guides still give it; "
        f"today it is {fact_value_text(fact)}.",
        "legacy",
    )


def _related_distractors(fact: FactData, facts: Sequence[FactData]) -> list[Distractor]:
    found: list[Distractor] = []
    for other in _related_facts(fact, facts):
        if fact.topic != other.topic and not _plausible_magnitude(fact, other.value):
            continue
        found.append(
            Distractor(
                other.value,
                f"That is {other.name}, not {fact.name}.",
                "related",
            )
        )
        if other.legacy is not None and _same_type(other.legacy.value, fact.value):
            found.append(
                Distractor(
                    other.legacy.value,
                    f"That was {other.name} in {other.legacy.year}, not {fact.name}.",
                    "related-legacy",
                )
            )
    return found


def _same_type(a: FactValue, b: FactValue) -> bool:
    return isinstance(a, Decimal) == isinstance(b, Decimal)


def _plausible_magnitude(fact: FactData, value: FactValue) -> bool:
    if not isinstance(fact.value, Decimal) or not isinstance(value, Decimal):
        return True
    if fact.value == 0 or value == 0:
        return value <= 1000 and fact.value <= 1000
    return _log_distance(fact.value, value) <= 2


def _numeric_fallbacks(fact: FactData) -> list[Distractor]:
    value = fact.value
    if not isinstance(value, Decimal):
        raise TypeError(f"{fact.key} is not a numeric fact")
    answer = fact_value_text(fact)
    integral = value == value.to_integral_value()
    capped = norm(fact.unit) in {"%", "percent"}
    scaled: list[Distractor] = []
    for factor, why in (
        (Decimal(2), f"Double the real figure; {fact.name} is {answer}."),
        (Decimal("0.5"), f"Half the real figure; {fact.name} is {answer}."),
        (Decimal(10), f"Ten times the real figure; {fact.name} is {answer}."),
        (Decimal("0.1"), f"A tenth of the real figure; {fact.name} is {answer}."),
    ):
        candidate = value * factor
        if candidate <= 0 or (integral and candidate != candidate.to_integral_value()):
            continue
        if capped and candidate > 100:
            continue
        scaled.append(Distractor(candidate.normalize(), why, "scaled"))
    commons = [
        Decimal(n)
        for n in COMMON_NUMBERS
        if (not capped or n <= 100)
        and (_log_distance(value, Decimal(n)) <= 1 if value > 0 else n <= 60)
    ]
    commons.sort(key=lambda n: (_log_distance(value, n), n))
    common = [
        Distractor(
            n,
            f"A number AWS uses elsewhere, but {fact.name} is {answer}.",
            "common",
        )
        for n in commons[:6]
    ]
    # Mix the two pools in a fixed, key-seeded order so the guesses are not always x2 and /2.
    return (
        shuffled(scaled[:2], "scaled", fact.key)
        + shuffled(scaled[2:] + common, "common", fact.key)
        + _reserve_fallbacks(fact, value, answer, integral=integral, capped=capped)
    )


def _reserve_fallbacks(
    fact: FactData, value: Decimal, answer: str, *, integral: bool, capped: bool
) -> list[Distractor]:
    """Last, for a figure the guesses above leave short of three (a large odd count has no
    whole half or tenth, and no common number near it): its half and tenth rounded to whole
    numbers, and a hundred times it."""
    reserve: list[Distractor] = []
    if integral:
        for factor, why in (
            (Decimal(2), f"About half the real figure; {fact.name} is {answer}."),
            (Decimal(10), f"About a tenth of the real figure; {fact.name} is {answer}."),
        ):
            candidate = (value / factor).to_integral_value(ROUND_HALF_UP)
            if candidate > 0 and candidate != value / factor:
                reserve.append(Distractor(candidate, why, "scaled"))
    hundred = value * 100
    if hundred > 0 and not (capped and hundred > 100):
        why = f"A hundred times the real figure; {fact.name} is {answer}."
        reserve.append(Distractor(hundred.normalize(), why, "scaled"))
    return reserve


def _date_fallbacks(fact: FactData) -> list[Distractor]:
    if not isinstance(fact.value, str):
        raise TypeError(f"{fact.key} is not a date fact")
    match = DATE_RE.match(fact.value.strip())
    if not match:
        return []
    month, day, year = match.group(1), match.group(2), int(match.group(3))
    return [
        Distractor(
            f"{month} {day}, {year + delta}",
            f"Right day, wrong year: {fact.name} is {fact.value}.",
            "date",
        )
        for delta in (-1, 1, -2)
    ]


def _text_siblings(fact: FactData, facts: Sequence[FactData]) -> list[FactData]:
    """Text facts of the same sort: both dates, or in one topic with keys ending in the
    same word (kinesis.analytics.name and kinesis.firehose.name)."""
    if not isinstance(fact.value, str):
        raise TypeError(f"{fact.key} is not a text fact")
    is_date = bool(DATE_RE.match(fact.value.strip()))
    suffix = fact.key.rsplit(".", 1)[-1]
    return [
        other
        for other in _related_facts(fact, facts)
        if isinstance(other.value, str)
        and len(other.value) <= MAX_TEXT_CHOICE
        and (
            bool(DATE_RE.match(other.value.strip()))
            if is_date
            else other.topic == fact.topic and other.key.rsplit(".", 1)[-1] == suffix
        )
    ]


def distractors_for(fact: FactData, facts: Sequence[FactData]) -> list[Distractor]:
    """Every usable distractor for a fact, best first, none equal to the answer or each other."""
    candidates: list[Distractor] = []
    legacy = _legacy_distractor(fact)
    if legacy:
        candidates.append(legacy)
    if fact.is_numeric:
        related = _related_distractors(fact, facts)
        # At most two related figures, so scaled guesses still appear among the choices.
        candidates.extend(related[:2])
        candidates.extend(_numeric_fallbacks(fact))
        candidates.extend(related[2:])
    else:
        for other in _text_siblings(fact, facts):
            candidates.append(
                Distractor(other.value, f"That is {other.name}, not {fact.name}.", "related")
            )
        candidates.extend(_date_fallbacks(fact))
    unique: list[Distractor] = []
    seen = [fact.value]
    for candidate in candidates:
        if any(_same(candidate.value, s) for s in seen):
            continue
        text = format_value(candidate.value, fact.unit)
        if not text or any(norm(text) == norm(format_value(s, fact.unit)) for s in seen):
            continue
        seen.append(candidate.value)
        unique.append(candidate)
    return unique


def fact_value_question(fact: FactData, facts: Sequence[FactData]) -> Question | None:
    if not fact.is_numeric and (
        not isinstance(fact.value, str) or len(fact.value) > MAX_TEXT_CHOICE or not fact.value
    ):
        return None
    distractors = distractors_for(fact, facts)[: CHOICES_WANTED - 1]
    # Fewer than three real alternatives would make a guess, not an exam item.
    if len(distractors) < CHOICES_WANTED - 1:
        return None
    uid = f"fact-value:{fact.key}"
    choices = [Choice(fact_value_text(fact), correct=True)] + [
        Choice(format_value(d.value, fact.unit), why=d.why) for d in distractors
    ]
    explanation = fact.statement
    if fact.legacy is not None and not _same(fact.legacy.value, fact.value):
        explanation += (
            f" Older guides ({fact.legacy.year}) give "
            f"{format_value(fact.legacy.value, fact.unit)}; that figure is out of date."
        )
    return Question(
        uid=uid,
        kind=QuestionKind.FACT_VALUE,
        topic=fact.topic,
        prompt=f"What is {fact.name}?",
        answer_mode=AnswerMode.SINGLE,
        choices=shuffle_choices(choices, uid),
        explanation=explanation,
        facts=(fact.key,),
        source_url=fact.source_url,
    )


def fact_value_questions(pack: ContentPack, topic: str) -> list[Question]:
    questions = []
    for fact in pack.facts:
        if fact.topic != topic or not can_quiz(fact):
            continue
        question = fact_value_question(fact, pack.facts)
        if question is not None:
            questions.append(question)
    return questions
