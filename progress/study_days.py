"""Days studied and the streak, kept up to date as the learner studies.

A day (UTC) counts when it has a review, an answered question or a lesson marked studied.
Each is recorded as it is written (signals below, connected in ProgressConfig.ready), so
the dashboard reads two rows' worth of figures instead of scanning every log.
`study_days_from_logs` is the definition, kept for rebuilding and for tests.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q

from accounts.models import User
from progress.models import ReviewLog, StudyDay
from quizzes.models import AttemptQuestion
from studyguide.models import StudiedLesson

DAY = timedelta(days=1)


def day_of(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def study_days_from_logs(*, user_id: int) -> set[date]:
    """Days (UTC) with a lesson marked studied, a question answered or a review, read from
    every log (3 queries): what the kept StudyDay rows must always equal."""
    days: set[date] = set()
    days.update(ReviewLog.objects.filter(user_id=user_id).dates("reviewed_at", "day"))
    days.update(
        AttemptQuestion.objects.filter(attempt__user_id=user_id, answered_at__isnull=False).dates(
            "answered_at", "day"
        )
    )
    days.update(StudiedLesson.objects.filter(user_id=user_id).dates("studied_at", "day"))
    return days


def _restreak(*, user_id: int, start: date) -> None:
    """Renumber the run of consecutive days from `start` on (usually `start` alone)."""
    before = (
        StudyDay.objects.filter(user_id=user_id, day=start - DAY)
        .values_list("streak", flat=True)
        .first()
        or 0
    )
    expected = start
    for row in StudyDay.objects.filter(user_id=user_id, day__gte=start).order_by("day").iterator():
        if row.day != expected:
            break
        before += 1
        if row.streak != before:
            row.streak = before
            row.save(update_fields=["streak"])
        expected += DAY


def _lock_learner(user_id: int) -> None:
    # One learner's days are renumbered one writer at a time (two tabs, two instances).
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk"))


def study_day_record(*, user_id: int, at: datetime) -> None:
    day = day_of(at)
    if StudyDay.objects.filter(user_id=user_id, day=day).exists():
        return  # the common case: not the first study of the day
    with transaction.atomic():
        _lock_learner(user_id)
        try:
            with transaction.atomic():
                StudyDay.objects.create(user_id=user_id, day=day)
        except IntegrityError:
            return  # recorded by another request meanwhile
        _restreak(user_id=user_id, start=day)


def study_day_recheck(*, user_id: int, day: date) -> None:
    """After a record was removed: drop the day if nothing else was studied on it."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    end = start + DAY
    if (
        ReviewLog.objects.filter(
            user_id=user_id, reviewed_at__gte=start, reviewed_at__lt=end
        ).exists()
        or AttemptQuestion.objects.filter(
            attempt__user_id=user_id, answered_at__gte=start, answered_at__lt=end
        ).exists()
        or StudiedLesson.objects.filter(
            user_id=user_id, studied_at__gte=start, studied_at__lt=end
        ).exists()
    ):
        return
    with transaction.atomic():
        _lock_learner(user_id)
        if StudyDay.objects.filter(user_id=user_id, day=day).delete()[0]:
            _restreak(user_id=user_id, start=day + DAY)


@transaction.atomic
def study_days_rebuild(*, user_id: int) -> None:
    """Rebuild the learner's days from every log: for the data migration and for histories
    written in bulk (bulk writes send no signals)."""
    _lock_learner(user_id)
    StudyDay.objects.filter(user_id=user_id).delete()
    rows = []
    previous: date | None = None
    streak = 0
    for day in sorted(study_days_from_logs(user_id=user_id)):
        streak = streak + 1 if previous is not None and day - previous == DAY else 1
        rows.append(StudyDay(user_id=user_id, day=day, streak=streak))
        previous = day
    StudyDay.objects.bulk_create(rows)


@dataclass(frozen=True)
class StudySummary:
    days: int
    streak: int
    studied_today: bool


def study_summary(*, user_id: int, today: date) -> StudySummary:
    """Days studied, the streak (not yet extended today still counts until the day is
    over) and whether today is studied: one query, whatever the history."""
    figures = StudyDay.objects.filter(user_id=user_id).aggregate(
        days=Count("pk"),
        today=Max("streak", filter=Q(day=today)),
        yesterday=Max("streak", filter=Q(day=today - DAY)),
    )
    return StudySummary(
        days=figures["days"],
        streak=figures["today"] or figures["yesterday"] or 0,
        studied_today=figures["today"] is not None,
    )


# Receivers ------------------------------------------------------------------------------


def on_review_log_saved(
    sender: object, *, instance: ReviewLog, created: bool, **kwargs: Any
) -> None:
    if created:
        study_day_record(user_id=instance.user_id, at=instance.reviewed_at)


def on_answer_saved(sender: object, *, instance: AttemptQuestion, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if instance.answered_at is not None and (fields is None or "answered_at" in fields):
        user_id = instance.attempt.user_id
        study_day_record(user_id=user_id, at=instance.answered_at)


def on_studied_lesson_saved(
    sender: object, *, instance: StudiedLesson, created: bool, **kwargs: Any
) -> None:
    if created:
        study_day_record(user_id=instance.user_id, at=instance.studied_at)


def on_studied_lesson_deleted(sender: object, *, instance: StudiedLesson, **kwargs: Any) -> None:
    study_day_recheck(user_id=instance.user_id, day=day_of(instance.studied_at))
