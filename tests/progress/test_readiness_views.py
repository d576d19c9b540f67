"""Readiness on /progress/ and the home page: a hand-made history, the kept estimates and
their Brier score, and today's plan on the home page."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress import scheduling
from progress.models import ReadinessEstimate
from quizzes.models import Attempt
from studyguide.models import Lesson
from tests.factories import (
    ExamPlanFactory,
    ReviewCardFactory,
    StudiedLessonFactory,
    UserFactory,
)
from tests.progress.conftest import START
from tests.progress.test_dashboard import big_history, exam, hand_card

pytestmark = pytest.mark.django_db
DASHBOARD = "/progress/"
EXAM_DAY = date(2026, 12, 26)
EXAM_MOMENT = datetime(2026, 12, 26, tzinfo=UTC)


@pytest.fixture
def hand_history(user, facts):
    """Exam on 26 December. One messaging fact is recalled with 0.9 on the exam day (FSRS
    stability 40 days, last review 40 days before); the other six facts are unseen. One
    recent practice exam: 1 of 2 messaging questions right."""
    ExamPlanFactory(user=user, exam_date=EXAM_DAY)
    fact = facts["sqs.retention.max"]
    last = EXAM_MOMENT - timedelta(days=40)
    ReviewCardFactory(
        user=user,
        fact=fact,
        card=hand_card(fact, stability=40.0, last_review=last, due=EXAM_MOMENT),
        due=EXAM_MOMENT,
    )
    exam(
        user,
        at=START - timedelta(days=2),
        score=500,
        answers=[("messaging", True), ("messaging", False)],
    )
    return fact


def test_readiness_worked_by_hand(client_logged_in, user, hand_history, frozen):
    report = client_logged_in.get(DASHBOARD).context["readiness"]
    kinesis, messaging = report.estimate.topics
    # 65 questions at weights 1:1: 32.5 each, the tie's extra question to "kinesis" by slug.
    assert (kinesis.questions, messaging.questions) == (33, 32)
    # Messaging memory 0.9 / 4 facts = 0.225; with 1 of 2 exam answers right:
    # (10 * 0.225 + 1) / (10 + 2) = 3.25 / 12.
    assert messaging.memory == pytest.approx(0.225)
    assert messaging.chance == pytest.approx(3.25 / 12)
    assert kinesis.memory == 0.0
    assert kinesis.chance == 0.0
    # 47 right are needed; at most 32 can be: no chance, and about 32 * 3.25 / 12 = 8.7 expected.
    assert report.estimate.needed == 47
    assert report.estimate.probability == 0.0
    assert report.estimate.expected_right == pytest.approx(32 * 3.25 / 12)
    # Knowing all of Kinesis could pass (33 + 14 of 32); all of Messaging could not (32 < 47).
    # Messaging still adds 32 * (11/12 - 3.25/12) = 20.67 expected right answers.
    assert [t.slug for t in report.raise_topics] == ["kinesis", "messaging"]
    assert report.raise_topics[0].gain > 0
    assert report.raise_topics[1].gain == 0.0
    assert report.raise_topics[1].questions_gained == pytest.approx(32 * 7.75 / 12)
    # Each of the 4 Kinesis facts adds 33 * 1/4 = 8.25 expected right answers; each unseen
    # messaging fact 32 * 10/12 * 1/4 = 6.67; the 0.9 one only 32 * 10/12 * 0.1/4 = 0.67.
    gains = [(f.key, round(f.questions_gained, 2)) for f in report.raise_facts]
    assert gains == [
        ("kinesis.efo.consumers.max", 8.25),
        ("kinesis.retention.default", 8.25),
        ("kinesis.retention.max", 8.25),
        ("kinesis.shard.write.records", 8.25),
        ("sqs.long_poll.max", 6.67),
    ]
    assert "sqs.retention.max" not in [g[0] for g in gains]


def test_readiness_is_shown_with_its_method_and_what_raises_it(
    client_logged_in, user, hand_history, frozen
):
    html = client_logged_in.get(DASHBOARD).content.decode()
    assert (
        'Estimated chance of passing on 26 December 2026: <strong id="readiness-chance">0%</strong>'
        in html
    )
    assert "How this is estimated" in html
    assert "a fact you have never reviewed counts as not known" in html
    assert "computed exactly (not a normal approximation)" in html
    assert "passing (720 of 1000) takes 47" in html
    kinesis = client_logged_in.get(DASHBOARD).context["readiness"].raise_topics[0]
    assert (
        f'href="/review/cram/kinesis/">Kinesis</a>: +{kinesis.gain_points} percentage points'
        in html
    )
    assert "Facts worth most" in html


def test_each_showing_keeps_one_estimate_a_day(client_logged_in, user, hand_history, frozen):
    client_logged_in.get(DASHBOARD)
    client_logged_in.get("/")
    (kept,) = ReadinessEstimate.objects.filter(user=user)
    assert kept.made_on == START.date()
    assert kept.exam_date == EXAM_DAY
    assert kept.probability == 0.0
    memory_now = (
        scheduling.retrievability(
            scheduling.card_from_dict(
                hand_card(
                    hand_history,
                    stability=40.0,
                    last_review=EXAM_MOMENT - timedelta(days=40),
                    due=EXAM_MOMENT,
                )
            ),
            at=START,
        )
        / 4
    )
    assert kept.today["kinesis"] == [1, 0.0]
    assert kept.today["messaging"][0] == 1
    assert kept.today["messaging"][1] == pytest.approx((10 * memory_now + 1) / 12)
    frozen.shift(timedelta(days=1))
    client_logged_in.get(DASHBOARD)
    assert ReadinessEstimate.objects.filter(user=user).count() == 2


def test_without_an_exam_date_the_estimate_is_for_today(client_logged_in, user, pack, frozen):
    html = client_logged_in.get(DASHBOARD).content.decode()
    assert "Estimated chance of passing if you sat the exam today" in html
    assert ReadinessEstimate.objects.get(user=user).exam_date is None


def mock_exam(user, *, at: datetime, score: int) -> Attempt:
    return Attempt.objects.create(
        user=user, mode="exam", seed=1, started_at=at, submitted_at=at + timedelta(minutes=20),
        question_count=10, correct_count=score // 100, score=score,
    )  # fmt: skip


def estimate_before(user, *, at: datetime, chance: float) -> None:
    ReadinessEstimate.objects.create(
        user=user, made_on=at.date(), made_at=at, probability=chance,
        today={"messaging": [1, chance]},
    )  # fmt: skip


def test_brier_score_appears_after_five_scored_exams(client_logged_in, user, pack, frozen):
    # Each estimate says every messaging question is right (chance 1.0), so its forecast for a
    # 10-question exam is a pass for sure; 3 passes and 2 fails give (0+0+0+1+1)/5 = 0.4.
    scores = [800, 900, 500, 750, 600]
    for i, score in enumerate(scores):
        at = START - timedelta(days=10 - i)
        estimate_before(user, at=at - timedelta(hours=1), chance=1.0)
        mock_exam(user, at=at, score=score)
        if i == 3:
            html = client_logged_in.get(DASHBOARD).content.decode()
            assert "once 5 practice exams follow an estimate" in html
            assert "So far: 4." in html
            assert "Brier score of" not in html
            ReadinessEstimate.objects.filter(made_on=START.date()).delete()
    # An exam with no estimate in the week before it is not scored.
    mock_exam(user, at=START - timedelta(days=30), score=900)
    # Another learner's estimates and exams change nothing of mine.
    other = UserFactory()
    estimate_before(other, at=START - timedelta(days=3), chance=0.0)
    mock_exam(other, at=START - timedelta(days=2, hours=23), score=900)

    response = client_logged_in.get(DASHBOARD)
    report = response.context["readiness"]
    assert [round(s.forecast, 6) for s in report.scored] == [1.0] * 5
    assert report.brier == pytest.approx(0.4)
    html = response.content.decode()
    assert "Brier score of 0.400" in html
    assert html.count("<td>100%</td>") == 5
    assert "no estimate in the week before" in html


def test_the_brier_forecast_uses_the_exam_length(client_logged_in, user, pack, frozen):
    # A chance of 0.75 a question: a 10-question exam passes with 8 right or more:
    # C(10,8) .75^8 .25^2 + C(10,9) .75^9 .25 + .75^10 = 0.52559...
    estimate_before(user, at=START - timedelta(days=1, hours=1), chance=0.75)
    mock_exam(user, at=START - timedelta(days=1), score=800)
    (scored,) = client_logged_in.get(DASHBOARD).context["readiness"].scored
    expected = 45 * 0.75**8 * 0.25**2 + 10 * 0.75**9 * 0.25 + 0.75**10
    assert scored.forecast == pytest.approx(expected)


# Home: today's plan ---------------------------------------------------------------------


def test_home_shows_a_learner_today_s_plan(client_logged_in, user, facts, frozen):
    ReviewCardFactory(
        user=user, fact=facts["sqs.retention.max"], reviewed_at=START - timedelta(days=30)
    )
    html = client_logged_in.get("/").content.decode()
    assert "Today's plan" in html
    assert "Facts due for review: 1" in html
    lesson = Lesson.objects.get(slug="data-streams")
    assert f'Next lesson: <a href="{lesson.get_absolute_url()}">Data streams</a> (Kinesis)' in html
    assert "Study streak: <strong>0</strong> days" in html
    assert "Estimated chance of passing if you sat the exam today" in html
    assert "How past estimates matched" not in html  # the short form on the home page

    StudiedLessonFactory(user=user, lesson=Lesson.objects.get(slug="data-streams"))
    html = client_logged_in.get("/").content.decode()
    assert "SQS</a> (Messaging)" in html
    assert "Study streak: <strong>1</strong> day</li>" in html


def test_home_after_every_lesson_points_to_an_exam(client_logged_in, user, pack, frozen):
    for lesson in Lesson.objects.all():
        StudiedLessonFactory(user=user, lesson=lesson)
    html = client_logged_in.get("/").content.decode()
    assert "You have studied every lesson" in html
    assert "Nothing is due for review right now." in html


def test_home_for_visitors_has_no_plan_and_keeps_nothing(client, pack):
    html = client.get("/").content.decode()
    assert "Today's plan" not in html
    assert "Estimated chance" not in html
    assert not ReadinessEstimate.objects.exists()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_home_queries_are_bounded_whatever_the_history(
    client, facts, frozen, django_assert_max_num_queries
):
    small, large = UserFactory(), UserFactory()
    big_history(small, facts, attempts=4, logs=10)
    big_history(large, facts, attempts=600, logs=3000)
    client.force_login(small)
    client.get("/")  # the day's estimate is created on the first visit, updated after
    small_count = count_queries(client, "/")
    client.force_login(large)
    client.get("/")
    with django_assert_max_num_queries(22):
        client.get("/")
    assert count_queries(client, "/") == small_count


def test_setting_the_exam_date_by_htmx_re_estimates_in_the_same_fragment(
    client_logged_in, user, pack, frozen
):
    response = client_logged_in.post(
        "/progress/exam-date/", {"exam_date": "2027-01-15"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="exam-plan">')
    assert "Estimated chance of passing on 15 January 2027" in html
    assert ReadinessEstimate.objects.get(user=user).exam_date == date(2027, 1, 15)
