"""True/false questions from fact statements, with the legacy value as the favourite trap.

For quizzes each fact gives one true and one false statement or none, so the pool is
keyed False half the time; a fact that cannot be stated falsely in a fair way (no changed
scalar, no plausible wrong value) is not asked true/false at all. The legacy trap is only
for a value that really changed: where a list merely grew (Amazon MQ's engines), the 2019
list is still true as far as it goes, so it is no trap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from core.formatting import format_value
from studyguide.records import ContentPack, FactData, FactValue

from .fact_value import MAX_TEXT_CHOICE, Distractor, distractors_for
from .types import AnswerMode, Choice, Question, QuestionKind
from .wording import can_quiz, copula, fact_value_text, norm, sentence_start

TRUE = "True"
FALSE = "False"


def _claim(fact: FactData, value: FactValue) -> str:
    return f"{sentence_start(fact.name)} {copula(fact.name)} {format_value(value, fact.unit)}."


def _items(value: FactValue) -> set[str]:
    return {norm(part) for part in re.split(r",|\band\b|\bor\b|/", str(value)) if part.strip()}


def is_list_growth(fact: FactData) -> bool:
    """The 2019 value lists some of what the current value lists (the list grew)."""
    legacy = fact.legacy
    if legacy is None or fact.is_numeric or isinstance(legacy.value, Decimal):
        return False
    old, new = _items(legacy.value), _items(fact.value)
    return len(new) > 1 and old < new


def _question(
    fact: FactData, variant: str, prompt: str, *, is_true: bool, why: str, explanation: str
) -> Question:
    # True before False always: a fixed order learners need not hunt for.
    return Question(
        uid=f"true-false:{fact.key}:{variant}",
        kind=QuestionKind.TRUE_FALSE,
        topic=fact.topic,
        prompt=f"True or false: {prompt}",
        answer_mode=AnswerMode.SINGLE,
        choices=(
            Choice(TRUE, correct=is_true, why="" if is_true else why),
            Choice(FALSE, correct=not is_true, why=why if is_true else ""),
        ),
        explanation=explanation,
        facts=(fact.key,),
        source_url=fact.source_url,
    )


def _true_question(fact: FactData) -> Question:
    legacy = fact.legacy
    if legacy is not None:
        why = (
            f"You may remember the {legacy.year} figure, "
            f"{format_value(legacy.value, fact.unit)}; the statement is current "
            f"(checked {fact.as_of:%B %Y})."
        )
    else:
        why = f"The statement is true (checked {fact.as_of:%B %Y})."
    return _question(
        fact, "true", fact.statement, is_true=True, why=why, explanation=fact.statement
    )


def _legacy_question(fact: FactData) -> Question | None:
    legacy = fact.legacy
    if legacy is None or is_list_growth(fact):
        return None
    claim = _claim(fact, legacy.value)
    if claim.casefold() == _claim(fact, fact.value).casefold():
        return None
    return _question(
        fact,
        "legacy",
        claim,
        is_true=False,
        why=(
            f"That was true in {legacy.year} and older study guides still say so; "
            f"today {fact.name} is {fact_value_text(fact)}."
        ),
        explanation=f"False today. {fact.statement} "
        f"{format_value(legacy.value, fact.unit)} was the figure in {legacy.year}.",
    )


def _wrong_value_question(fact: FactData, distractor: Distractor) -> Question:
    return _question(
        fact,
        "wrong",
        _claim(fact, distractor.value),
        is_true=False,
        why=distractor.why,
        explanation=f"False. {fact.statement}",
    )


def _false_questions(fact: FactData, facts: Sequence[FactData]) -> list[Question]:
    """False statements about the fact, the most telling first: the legacy trap, then the
    most plausible wrong value."""
    questions = []
    legacy = _legacy_question(fact)
    if legacy is not None:
        questions.append(legacy)
    if fact.is_numeric or len(str(fact.value)) <= MAX_TEXT_CHOICE:
        wrong = [d for d in distractors_for(fact, facts) if d.source != "legacy"]
        if wrong:
            questions.append(_wrong_value_question(fact, wrong[0]))
    return questions


def true_false_questions_for_fact(fact: FactData, facts: Sequence[FactData]) -> list[Question]:
    """Every true/false question on the fact: its true statement and its false ones."""
    return [_true_question(fact), *_false_questions(fact, facts)]


def true_false_questions(pack: ContentPack, topic: str) -> list[Question]:
    """For a quiz: one true and one false statement per fact, so keys are half False."""
    questions: list[Question] = []
    for fact in pack.facts:
        if fact.topic != topic or not can_quiz(fact):
            continue
        false = _false_questions(fact, pack.facts)
        if false:
            questions.extend([_true_question(fact), false[0]])
    return questions
