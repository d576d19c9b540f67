"""True/false questions from fact statements, with the legacy value as the favourite trap."""

from __future__ import annotations

from collections.abc import Sequence

from core.formatting import format_value
from studyguide.records import ContentPack, FactData, FactValue

from .fact_value import MAX_TEXT_CHOICE, Distractor, distractors_for
from .types import AnswerMode, Choice, Question, QuestionKind
from .wording import fact_value_text, sentence_start

TRUE = "True"
FALSE = "False"


def _claim(fact: FactData, value: FactValue) -> str:
    return f"{sentence_start(fact.name)} is {format_value(value, fact.unit)}."


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
    if legacy is None:
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


def true_false_questions_for_fact(fact: FactData, facts: Sequence[FactData]) -> list[Question]:
    questions = [_true_question(fact)]
    legacy = _legacy_question(fact)
    if legacy is not None:
        questions.append(legacy)
    if fact.is_numeric or len(str(fact.value)) <= MAX_TEXT_CHOICE:
        # The legacy trap already has its own question; use the next most telling mistake.
        wrong = [d for d in distractors_for(fact, facts) if d.source != "legacy"]
        if wrong:
            questions.append(_wrong_value_question(fact, wrong[0]))
    return questions


def true_false_questions(pack: ContentPack, topic: str) -> list[Question]:
    questions: list[Question] = []
    for fact in pack.facts:
        if fact.topic == topic:
            questions.extend(true_false_questions_for_fact(fact, pack.facts))
    return questions
