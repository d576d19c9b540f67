"""Reads for reports: the instructor's queue and each learner's own list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from quizzes.generation.authored import authored_uid
from workspace.models import QuestionReport

ALL_STATUSES = "all"


def report_queue(
    *, status: str = QuestionReport.Status.OPEN, question: str = "", reason: str = ""
) -> QuerySet[QuestionReport]:
    """Reports for the instructor, newest first. `question` is a question uid or an
    authored question's key."""
    rows = QuestionReport.objects.select_related("user", "replied_by", "question")
    if status != ALL_STATUSES:
        rows = rows.filter(status=status)
    if question:
        uids = {question, authored_uid(question)}
        rows = rows.filter(question_uid__in=uids)
    if reason:
        rows = rows.filter(reason=reason)
    return rows


def reports_for_learner(*, user: User) -> QuerySet[QuestionReport]:
    return QuestionReport.objects.filter(user=user)


@dataclass(frozen=True)
class ShownChoice:
    text: str
    correct: bool
    picked: bool


@dataclass(frozen=True)
class ShownQuestion:
    """A report's snapshot, ready to show: what the learner saw and what they answered."""

    prompt: str
    kind: str
    choices: list[ShownChoice]
    numeric: bool
    answer: str
    unit: str
    given: str
    statement: str
    answered: bool


def shown_question(snapshot: dict[str, Any]) -> ShownQuestion:
    """Read defensively: a snapshot is old data and may come from any version."""
    response = snapshot.get("response") or {}
    picked = {i for i in response.get("selected") or [] if isinstance(i, int)}
    choices = [
        ShownChoice(text=str(c.get("text", "")), correct=bool(c.get("correct")), picked=i in picked)
        for i, c in enumerate(snapshot.get("choices") or [])
        if isinstance(c, dict)
    ]
    given = response.get("number")
    return ShownQuestion(
        prompt=str(snapshot.get("prompt", "")),
        kind=str(snapshot.get("kind", "")),
        choices=choices,
        numeric=snapshot.get("answer_mode") == "numeric",
        answer=str(snapshot.get("answer") or ""),
        unit=str(snapshot.get("unit") or ""),
        given="" if given is None else str(given),
        statement=str(snapshot.get("statement", "")),
        answered=bool(picked) or given is not None,
    )
