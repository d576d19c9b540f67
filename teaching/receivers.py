"""Listeners to quizzes: a submitted attempt makes the statistics it feeds stale."""

from typing import Any

from django.db import transaction

from quizzes.models import Attempt
from teaching import services
from teaching.models import AssignmentAttempt
from teaching.tasks import recompute_item_statistics


def queue_statistics(sender: Any, *, attempt: Attempt, **kwargs: Any) -> None:
    """Mark the attempt's assignment (if any) and, for an exam, its items in the bank as
    stale, and queue one recomputation unless one is waiting already. This runs inside the
    submission's transaction: with the database backend the task row commits with it."""
    keys = [
        services.assignment_key(assignment_id)
        for assignment_id in AssignmentAttempt.objects.filter(attempt=attempt).values_list(
            "assignment_id", flat=True
        )
    ]
    if attempt.is_exam:
        keys += [
            services.bank_key(uid)
            for uid in attempt.questions.values_list("question_uid", flat=True)
        ]
    if keys and services.statistics_mark_stale(keys=keys):
        # A savepoint: with the immediate backend a failing recomputation is logged by the
        # backend and must not undo the submission.
        with transaction.atomic():
            recompute_item_statistics.enqueue()


def queue_statistics_after_regrade(sender: Any, *, attempts: list[Attempt], **kwargs: Any) -> None:
    """A regrade changed these attempts' marks: their statistics are stale as on submission."""
    for attempt in attempts:
        queue_statistics(sender, attempt=attempt)
