"""Days studied and the streak, kept on write, always equal a recomputation from the logs."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from progress.models import StudyDay
from progress.study_days import study_days_from_logs, study_days_rebuild, study_summary
from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import Lesson, StudiedLesson
from tests.factories import ReviewCardFactory, ReviewLogFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)
TODAY = date(2026, 11, 26)
NEW_YORK = timezone(timedelta(hours=-5))
TOKYO = timezone(timedelta(hours=9))


def reference_streak(days: set[date], today: date) -> int:
    day = today if today in days else today - DAY
    streak = 0
    while day in days:
        streak += 1
        day -= DAY
    return streak


def kept(user) -> set[date]:
    return set(StudyDay.objects.filter(user=user).values_list("day", flat=True))


def assert_matches_logs(user, today: date = TODAY) -> None:
    days = study_days_from_logs(user_id=user.pk)
    assert kept(user) == days
    summary = study_summary(user_id=user.pk, today=today)
    assert summary.days == len(days)
    assert summary.streak == reference_streak(days, today)
    assert summary.studied_today == (today in days)
    previous = None
    for row in StudyDay.objects.filter(user=user).order_by("day"):
        run = 1 if previous is None or row.day - previous.day != DAY else previous.streak + 1
        assert row.streak == run
        previous = row


def review(user, card, at: datetime) -> None:
    ReviewLogFactory(card=card, user=user, reviewed_at=at)


def answer(user, at: datetime) -> AttemptQuestion:
    attempt = Attempt.objects.create(
        user=user, mode="practice", seed=1, started_at=at, question_count=1
    )
    item = AttemptQuestion.objects.create(
        attempt=attempt, position=1, question_uid="q", kind="fact_value", topic="messaging",
        snapshot={},
    )  # fmt: skip
    item.answered_at, item.is_correct = at, True
    item.save(update_fields=["answered_at", "is_correct"])
    return item


def test_days_follow_utc_whatever_the_writers_time_zone(user, facts):
    card = ReviewCardFactory(user=user, fact=facts["sqs.retention.max"])
    # 20:30 on the 24th in New York is 01:30 on the 25th in UTC; 08:00 on the 26th in
    # Tokyo is 23:00 on the 25th in UTC: both are the 25th.
    review(user, card, datetime(2026, 11, 24, 20, 30, tzinfo=NEW_YORK))
    answer(user, datetime(2026, 11, 26, 8, 0, tzinfo=TOKYO))
    assert kept(user) == {date(2026, 11, 25)}
    assert_matches_logs(user)
    assert study_summary(user_id=user.pk, today=TODAY).streak == 1


def test_the_last_and_first_second_of_a_day_are_two_days_in_a_row(user, facts):
    card = ReviewCardFactory(user=user, fact=facts["sqs.retention.max"])
    review(user, card, datetime(2026, 11, 24, 23, 59, 59, 999999, tzinfo=UTC))
    review(user, card, datetime(2026, 11, 25, 0, 0, tzinfo=UTC))
    assert kept(user) == {date(2026, 11, 24), date(2026, 11, 25)}
    assert_matches_logs(user)
    summary = study_summary(user_id=user.pk, today=TODAY)
    assert (summary.streak, summary.days, summary.studied_today) == (2, 2, False)
    assert study_summary(user_id=user.pk, today=TODAY + DAY).streak == 0


def test_a_day_filled_in_late_joins_two_runs(user, facts):
    card = ReviewCardFactory(user=user, fact=facts["sqs.retention.max"])
    for day in (20, 21, 23, 24, 25, 26):
        review(user, card, datetime(2026, 11, day, 12, tzinfo=UTC))
    assert study_summary(user_id=user.pk, today=TODAY).streak == 4
    # An exam submitted today records answers given on the 22nd.
    answer(user, datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
    assert study_summary(user_id=user.pk, today=TODAY).streak == 7
    assert_matches_logs(user)


def test_unmarking_a_lesson_drops_its_day_only_when_nothing_else_was_studied(user, facts):
    lesson = Lesson.objects.earliest("pk")
    card = ReviewCardFactory(user=user, fact=facts["sqs.retention.max"])
    review(user, card, datetime(2026, 11, 24, 12, tzinfo=UTC))
    studied = StudiedLesson.objects.create(user=user, lesson=lesson)  # today, per the clock
    review(user, card, datetime(2026, 11, 26, 7, tzinfo=UTC))
    studied_day = studied.studied_at.astimezone(UTC).date()
    assert studied_day in kept(user)
    studied.delete()
    assert_matches_logs(user, today=studied_day)
    assert (studied_day in kept(user)) == (studied_day == TODAY)


def test_a_learner_sees_only_their_own_days(user, facts):
    other = UserFactory()
    card = ReviewCardFactory(user=other, fact=facts["sqs.retention.max"])
    review(other, card, datetime(2026, 11, 25, 12, tzinfo=UTC))
    assert study_summary(user_id=user.pk, today=TODAY).days == 0
    assert_matches_logs(other)


def test_rebuild_from_bulk_written_logs_equals_the_recomputation(user, facts):
    attempt = Attempt.objects.create(
        user=user, mode="exam", seed=1, started_at=datetime.now(UTC), question_count=5
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt, position=i, question_uid=f"q{i}", kind="fact_value", topic="t",
            snapshot={}, answered_at=datetime(2026, 11, 10 + 2 * i, 9, tzinfo=UTC),
        )
        for i in range(1, 6)
    )  # fmt: skip
    assert kept(user) == set()  # bulk writes send no signals
    study_days_rebuild(user_id=user.pk)
    assert len(kept(user)) == 5
    assert_matches_logs(user)


moments = st.datetimes(
    # hypothesis takes naive bounds and applies the time zones itself.
    min_value=datetime(2026, 11, 1),  # noqa: DTZ001
    max_value=datetime(2026, 11, 27),  # noqa: DTZ001
    timezones=st.sampled_from(
        [UTC, NEW_YORK, TOKYO]
    ),
)  # fmt: skip


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(st.tuples(st.sampled_from(["review", "answer"]), moments), max_size=12))
def test_any_history_in_any_order_matches_the_recomputation(facts, events):
    learner = UserFactory()
    card = ReviewCardFactory(user=learner, fact=facts["sqs.retention.max"])
    for kind, at in events:
        if kind == "review":
            review(learner, card, at)
        else:
            answer(learner, at)
    assert_matches_logs(learner)
    assert_matches_logs(learner, today=date(2026, 11, 27))
