"""Authored questions from content/*/questions.yaml, converted as written."""

from __future__ import annotations

import logging
from decimal import Decimal

from studyguide.records import AuthoredQuestionData, ContentPack

from .seeding import shuffle_choices
from .types import AnswerMode, Choice, Question, QuestionKind

logger = logging.getLogger(__name__)


AUTHORED_PREFIX = "authored:"


def authored_uid(key: str) -> str:
    """The uid a quiz gives the authored question with this key."""
    return AUTHORED_PREFIX + key


def authored_question(data: AuthoredQuestionData, *, source_url: str = "") -> Question:
    uid = authored_uid(data.id)
    mode = AnswerMode(data.kind)
    choices = tuple(Choice(c.text, correct=c.correct, why=c.why) for c in data.choices)
    return Question(
        uid=uid,
        kind=QuestionKind.AUTHORED,
        topic=data.topic,
        prompt=data.prompt,
        answer_mode=mode,
        # Authors tend to write the right answer first; shuffle it away (stably by uid).
        choices=() if mode == AnswerMode.NUMERIC else shuffle_choices(choices, uid),
        answer=data.answer if mode == AnswerMode.NUMERIC else None,
        tolerance=data.tolerance if mode == AnswerMode.NUMERIC else Decimal(0),
        unit=data.unit if mode == AnswerMode.NUMERIC else "",
        explanation=data.explanation,
        facts=data.facts,
        source_url=source_url,
        style=data.style,
        version=data.version,
    )


def authored_questions(pack: ContentPack, topic: str) -> list[Question]:
    """The topic's authored questions. One that cannot be built (an unknown kind, choices
    the validators would have refused, written to the database past them) is left out and
    logged by its uid: the quiz goes on without it."""
    sources = {fact.key: fact.source_url for fact in pack.facts}
    questions = []
    for data in pack.questions:
        if data.topic != topic:
            continue
        try:
            questions.append(
                authored_question(
                    data,
                    source_url=next((sources[key] for key in data.facts if key in sources), ""),
                )
            )
        except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as error:
            logger.warning("left out authored:%s: it cannot be asked (%s)", data.id, error)
    return questions
