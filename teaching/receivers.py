"""Listeners: a submitted attempt makes the statistics and mastery it feeds stale, and a
change to a class's rows makes a new version of its cached pages."""

from typing import Any

from quizzes.models import Attempt, AttemptQuestion
from teaching import caching, services
from teaching.models import AssignmentAttempt, Classroom, Membership
from teaching.tasks import queue_recompute


def queue_statistics(sender: Any, *, attempt: Attempt, **kwargs: Any) -> None:
    """Receiver for a submission: see _queue_for."""
    _queue_for([attempt])


def queue_statistics_after_regrade(sender: Any, *, attempts: list[Attempt], **kwargs: Any) -> None:
    """Receiver for a regrade, which changed these attempts' marks: see _queue_for."""
    _queue_for(attempts)


def _queue_for(attempts: list[Attempt]) -> None:
    """Mark the attempts' assignments (if any), for exams their items in the bank, and for
    members of a class the learners' mastery as stale, and queue one recomputation unless
    one is waiting already (a fixed number of queries however many attempts). This runs
    inside the submission's or regrade's transaction: with the database backend the task
    row commits with it."""
    links = list(
        AssignmentAttempt.objects.filter(attempt__in=attempts).values_list(
            "assignment_id", "assignment__classroom_id"
        )
    )
    keys = list(dict.fromkeys(services.assignment_key(assignment_id) for assignment_id, _ in links))
    exams = [attempt.pk for attempt in attempts if attempt.is_exam]
    if exams:
        keys += [
            services.bank_key(uid)
            for uid in AttemptQuestion.objects.filter(attempt_id__in=exams)
            .order_by()
            .values_list("question_uid", flat=True)
            .distinct()
        ]
    members = Membership.objects.filter(user_id__in={attempt.user_id for attempt in attempts})
    keys += [
        services.mastery_key(user_id)
        for user_id in members.order_by().values_list("user_id", flat=True).distinct()
    ]
    # The learners' statuses change now, whenever the statistics follow.
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
