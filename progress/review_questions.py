"""Quick review questions for one fact, from the quiz generators (pure: plain data only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from quizzes.generation.fact_value import fact_value_question
from quizzes.generation.seeding import short_hash
from quizzes.generation.true_false import true_false_questions_for_fact
from quizzes.generation.types import Question
from studyguide.records import FactData

UNVERIFIED = "(Not yet confirmed in current AWS documentation.)"


def quick_questions(fact: FactData, facts: Sequence[FactData]) -> list[Question]:
    """Every quick question about `fact`: its value as a choice, then true/false ones.
    A fact not confirmed in current AWS documentation says so in every prompt."""
    questions: list[Question] = []
    value = fact_value_question(fact, facts)
    if value is not None:
        questions.append(value)
    questions.extend(true_false_questions_for_fact(fact, facts))
    if not fact.verified:
        questions = [replace(q, prompt=f"{UNVERIFIED} {q.prompt}") for q in questions]
    return questions


def quick_question(fact: FactData, facts: Sequence[FactData], *, turn: str) -> Question:
    """One of the fact's quick questions, chosen by `turn` (such as the card's last review
    time), so the same fact is asked in a different way from one review to the next."""
    questions = quick_questions(fact, facts)
    return questions[int(short_hash(fact.key, turn), 16) % len(questions)]


def question_by_uid(fact: FactData, facts: Sequence[FactData], uid: str) -> Question | None:
    return next((q for q in quick_questions(fact, facts) if q.uid == uid), None)
