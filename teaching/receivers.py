"""Listeners: a submitted attempt makes the statistics and mastery it feeds stale, and a
change to a class's rows makes a new version of its cached pages."""

from typing import Any

from quizzes.models import Attempt
from teaching import caching, services
from teaching.models import AssignmentAttempt, Classroom, Membership
from teaching.tasks import queue_recompute


def queue_statistics(sender: Any, *, attempt: Attempt, **kwargs: Any) -> None:
    """Mark the attempt's assignment (if any), for an exam its items in the bank, and for a
    member of a class the learner's mastery as stale, and queue one recomputation unless one
    is waiting already. This runs inside the submission's transaction: with the database
    backend the task row commits with it."""
    links = list(
        AssignmentAttempt.objects.filter(attempt=attempt).values_list(
            "assignment_id", "assignment__classroom_id"
        )
    )
    keys = [services.assignment_key(assignment_id) for assignment_id, _ in links]
    if attempt.is_exam:
        keys += [
            services.bank_key(uid)
            for uid in attempt.questions.values_list("question_uid", flat=True)
        ]
    if Membership.objects.filter(user_id=attempt.user_id).exists():
        keys.append(services.mastery_key(attempt.user_id))
    # The learner's status changes now, whenever the statistics follow.
    caching.class_changed(classroom_id for _, classroom_id in links)
    queue_recompute(keys=keys)


def class_row_changed(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """Receiver for saves and deletes of classes, memberships and assignments."""
    caching.class_changed(
        [instance.pk if isinstance(instance, Classroom) else instance.classroom_id]
    )


def class_instructors_changed(
    sender: Any, *, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """Receiver for changes to a class's instructors (listed on its page), from either side."""
    if action.startswith("post_"):
        caching.class_changed(pk_set or () if reverse else [instance.pk])


def queue_statistics_after_regrade(sender: Any, *, attempts: list[Attempt], **kwargs: Any) -> None:
    """A regrade changed these attempts' marks: what they feed is stale as on submission."""
    for attempt in attempts:
        queue_statistics(sender, attempt=attempt)
