"""Values built from one learner's records (the dashboard's figures), cached until any of
those records changes.

Every save or delete of a review card or log, an attempt or answer, a studied lesson or
the exam date makes a new version of the learner's records (receivers connected in
ProgressConfig.ready). The version lives in the shared "versions" cache (core/versions.py),
so a value built by one instance is never read by another after a change; the course's
content version and the UTC day are part of the key too. What a value says also moves with
the clock (recall fades, cards fall due), so each is kept only until the first moment it
could read differently: the next card falling due (or entering the learn-ahead), midnight
UTC, or MAX_AGE at most.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Min, Q

from core.versions import bump_version, current_version
from progress import scheduling
from progress.models import ReviewCard
from studyguide.caching import content_version

# How long recall percentages may stand still: they move by well under a point in this time.
MAX_AGE = timedelta(minutes=5)


def _version_key(user_id: int) -> str:
    return f"learner-records:{user_id}"


def learner_version(user_id: int) -> str:
    return current_version(_version_key(user_id))


def learner_records_changed(user_id: int) -> None:
    bump_version(_version_key(user_id))


def valid_until(*, user_id: int, now: datetime) -> datetime:
    """The first moment a value built now could read differently (one query)."""
    horizon = now + scheduling.LEARN_AHEAD
    upcoming = ReviewCard.objects.filter(user_id=user_id, due__gt=now).aggregate(
        next_due=Min("due"), enters_learn_ahead=Min("due", filter=Q(due__gt=horizon))
    )
    moments = [
        now + MAX_AGE,
        datetime.combine(now.astimezone(UTC).date(), datetime.min.time(), UTC) + timedelta(days=1),
    ]
    if upcoming["next_due"] is not None:
        moments.append(upcoming["next_due"])
    if upcoming["enters_learn_ahead"] is not None:
        moments.append(upcoming["enters_learn_ahead"] - scheduling.LEARN_AHEAD)
    return min(moments)


def learner_cached[T](name: str, *, user_id: int, now: datetime, build: Callable[[], T]) -> T:
    """`build()`, or the value it gave since the learner's records or the course last
    changed, while the clock has not moved it on."""
    day = now.astimezone(UTC).date().isoformat()
    key = f"learner:{user_id}:{name}:{learner_version(user_id)}:{content_version()}:{day}"
    found: Any = cache.get(key)
    if found is not None and now < found[0]:
        return found[1]  # type: ignore[no-any-return]
    value = build()
    until = valid_until(user_id=user_id, now=now)
    cache.set(key, (until, value), timeout=max(1, int((until - now).total_seconds()) + 1))
    return value


# Receivers ------------------------------------------------------------------------------


def on_record_changed(sender: object, *, instance: Any, **kwargs: object) -> None:
    """A learner's record was saved or deleted: review cards and logs, studied lessons,
    exam dates, attempts."""
    user_id = getattr(instance, "user_id", None)
    if user_id is not None:
        learner_records_changed(user_id)


def on_attempt_saved(sender: object, *, instance: Any, **kwargs: object) -> None:
    """An attempt was saved: only a submitted one is on the dashboard (a new one is not)."""
    if instance.submitted_at is not None:
        learner_records_changed(instance.user_id)


def on_answer_saved(sender: object, *, instance: Any, **kwargs: object) -> None:
    """An attempt's question was saved (answered, regraded); its attempt is usually loaded
    already (the study-day receiver reads it too)."""
    try:
        user_id = instance.attempt.user_id
    except ObjectDoesNotExist:
        return
    learner_records_changed(user_id)
