"""Reads for quizzes."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from quizzes.models import Attempt, AttemptQuestion


def attempt_for_user(*, user: User, pk: int) -> Attempt:
    """Another learner's attempt is a 404, never a 403: its existence is not ours to tell."""
    return get_object_or_404(Attempt, pk=pk, user=user)


def attempt_questions(*, attempt: Attempt) -> list[AttemptQuestion]:
    return list(attempt.questions.all())


def attempt_history(*, user: User) -> QuerySet[Attempt]:
    return Attempt.objects.filter(user=user)


def mistake_count(*, user: User) -> int:
    return (
        AttemptQuestion.objects.filter(attempt__user=user, is_correct=False)
        .values("question_uid")
        .distinct()
        .count()
    )


def topic_breakdown(*, questions: list[AttemptQuestion], titles: dict[str, str]) -> list[dict]:
    rows: dict[str, dict] = {}
    for item in questions:
        row = rows.setdefault(
            item.topic,
            {
                "topic": item.topic,
                "title": titles.get(item.topic, item.topic),
                "total": 0,
                "correct": 0,
            },
        )
        row["total"] += 1
        row["correct"] += 1 if item.is_correct else 0
    for row in rows.values():
        row["percent"] = round(100 * row["correct"] / row["total"])
    return sorted(rows.values(), key=lambda r: (r["percent"], r["title"]))
