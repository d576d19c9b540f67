"""A learner's submitted exams are found through their own index, not by reading every
attempt of theirs (the dashboard's exam chart, readiness and the 30-day accuracy)."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from quizzes.models import Attempt, AttemptQuestion

pytestmark = pytest.mark.django_db

INDEX = "attempt_user_exams_recent"


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A near-empty test table is read whole by preference; ask whether the index
            # can serve the query at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
        return str(queryset.explain())


def test_the_latest_exams_are_read_through_the_exam_index(user):
    latest = (
        Attempt.objects.filter(user=user, mode=Attempt.Mode.EXAM, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "submitted_at", "score")[:13]
    )
    assert INDEX in plan(latest)


def test_recent_exam_answers_are_found_through_the_exam_index(user):
    recent = (
        AttemptQuestion.objects.filter(
            attempt__user=user,
            attempt__mode=Attempt.Mode.EXAM,
            attempt__submitted_at__gte=datetime(2026, 10, 28, tzinfo=UTC),
        )
        .values("topic")
        .order_by()
    )
    assert INDEX in plan(recent)
