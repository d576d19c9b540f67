"""The dashboard's figures on a hand-made history, the exam date, and the query bound."""

import random
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress.models import ExamPlan, ReviewLog
from progress.selectors import NextStep
from progress.study_days import study_days_rebuild
from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import Lesson, StudiedLesson
from tests.factories import (
    ExamPlanFactory,
    ReviewCardFactory,
    ReviewLogFactory,
    UserFactory,
)
from tests.progress.conftest import START

pytestmark = pytest.mark.django_db
DASHBOARD = "/progress/"
DAY = timedelta(days=1)


def hand_card(fact, *, stability: float, last_review: datetime, due: datetime) -> dict[str, Any]:
    return {
        "card_id": fact.pk,
        "state": 2,
        "step": None,
        "stability": stability,
        "difficulty": 5.0,
        "due": due.isoformat(),
        "last_review": last_review.isoformat(),
    }


def exam(user, *, at: datetime, score: int, answers=()) -> Attempt:
    attempt = Attempt.objects.create(
        user=user, mode="exam", seed=1, started_at=at - timedelta(minutes=20), submitted_at=at,
        question_count=max(len(answers), 1), score=score,
    )  # fmt: skip
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt, position=i, question_uid=f"q{i}", kind="fact_value", topic=topic,
            snapshot={}, is_correct=correct, answered_at=at - timedelta(minutes=5),
        )
        for i, (topic, correct) in enumerate(answers, start=1)
    )  # fmt: skip
    return attempt


@pytest.fixture
def history(user, facts):
    """A learner on 26 November 2026, 09:00 UTC; every figure below is worked out by hand."""
    fresh = ReviewCardFactory(
        user=user,
        fact=facts["sqs.retention.max"],
        card=hand_card(facts["sqs.retention.max"], stability=2.0, last_review=START,
                       due=START + 2 * DAY),
    )  # fmt: skip
    fading = ReviewCardFactory(
        user=user,
        fact=facts["sqs.retention.default"],
        card=hand_card(facts["sqs.retention.default"], stability=2.0,
                       last_review=START - 20 * DAY, due=START - 18 * DAY),
    )  # fmt: skip
    # Recent answers in Messaging: right, right, wrong (2 of 3); one older wrong one is ignored.
    ReviewLogFactory(card=fresh, rating=3, reviewed_at=START - DAY)
    ReviewLogFactory(card=fresh, rating=3, reviewed_at=START - 2 * DAY)
    ReviewLogFactory(card=fading, rating=1, reviewed_at=START - 2 * DAY)
    ReviewLogFactory(card=fading, rating=1, reviewed_at=START - 40 * DAY)
    studied = StudiedLesson.objects.create(user=user, lesson=Lesson.objects.get(slug="sqs"))
    StudiedLesson.objects.filter(pk=studied.pk).update(studied_at=START - DAY)
    exam(user, at=START - 3 * DAY, score=600, answers=[("kinesis", False)])
    exam(user, at=START - 2 * DAY, score=800)
    latest = exam(
        user,
        at=START - DAY,
        score=750,
        answers=[("messaging", True), ("messaging", False), ("kinesis", True), ("kinesis", True)],
    )
    # Neither a practice quiz nor an unsubmitted exam is in the exam history.
    Attempt.objects.create(user=user, mode="practice", seed=1, question_count=1, score=1000,
                           started_at=START - DAY, submitted_at=START - DAY)  # fmt: skip
    Attempt.objects.create(user=user, mode="exam", seed=1, question_count=1, started_at=START)
    study_days_rebuild(user_id=user.pk)  # bulk writes and update() send no signals
    return latest


def test_dashboard_figures_match_the_hand_made_history(client_logged_in, history, frozen):
    response = client_logged_in.get(DASHBOARD)
    assert response.status_code == 200
    board = response.context["board"]
    kinesis, messaging = board.topics
    assert (kinesis.slug, messaging.slug) == ("kinesis", "messaging")

    assert (messaging.lessons_studied, messaging.lessons_total) == (1, 1)
    assert (kinesis.lessons_studied, kinesis.lessons_total) == (0, 1)
    assert (messaging.facts_seen, messaging.facts_total, messaging.slipping) == (1 + 1, 4, 1)
    # Retrievability (1 + F·t/S)^-0.1542 with F = 0.9^(-1/0.1542) - 1 = 0.9805:
    # the fresh card (t = 0) is 1; the fading one (t = 20, S = 2) is 10.805^-0.1542 = 0.6928.
    decay = 0.1542
    factor = 0.9 ** (-1 / decay) - 1
    fading = (1 + factor * 20 / 2) ** -decay
    assert fading == pytest.approx(0.6928, abs=1e-4)
    # Memory: (1 + 0.6928 + 0 + 0) / 4 = 42%; accuracy 2/3 = 67%; mastery (0.4232 + 0.6667) / 2.
    assert messaging.memory == 42 == round(100 * (1 + fading) / 4)
    assert messaging.accuracy == 67
    assert messaging.mastery == 54 == round(100 * ((1 + fading) / 4 + 2 / 3) / 2)
    assert (kinesis.memory, kinesis.accuracy, kinesis.mastery) == (0, None, 0)

    assert kinesis.next_step == NextStep.START_LESSON
    assert kinesis.next_lesson == {"title": "Data streams", "url": "/lessons/kinesis/data-streams/"}
    assert messaging.next_step == NextStep.REVIEW
    html = response.content.decode()
    lesson = reverse("studyguide:lesson_detail", args=["kinesis", "data-streams"])
    assert (
        f'<a href="{lesson}">You have not studied Kinesis yet: start with “Data streams”.</a>'
        in html
    )
    assert '<a href="/review/">1 fact in Messaging is slipping: review it.</a>' in html

    assert [(e.score, e.submitted_at) for e in board.exams] == [
        (600, START - 3 * DAY), (800, START - 2 * DAY), (750, START - DAY),
    ]  # fmt: skip
    assert [e.passed for e in board.exams] == [False, True, True]
    assert board.latest_breakdown == [
        {"topic": "messaging", "title": "Messaging", "total": 2, "correct": 1, "percent": 50},
        {"topic": "kinesis", "title": "Kinesis", "total": 2, "correct": 2, "percent": 100},
    ]
    # Overdue counts today; the fresh card falls due in two days.
    assert board.forecast[0] == (date(2026, 11, 26), 1)
    assert board.forecast[2] == (date(2026, 11, 28), 1)
    assert sum(n for _, n in board.forecast) == 2
    assert len(board.forecast) == 14
    # Studied on the 25th, 24th and 23rd (and 17 October): not yet today, so 3 days running.
    assert (board.streak, board.study_days, board.studied_today) == (3, 4, False)
    assert board.due_now == 1
    assert board.lessons_studied == 1


def test_dashboard_page_shows_the_figures_and_accessible_charts(client_logged_in, history, frozen):
    html = client_logged_in.get(DASHBOARD).content.decode()
    assert "1 fact in Messaging is slipping: review it." in html
    assert "<strong>3</strong> days in a row (study today to keep it)" in html
    assert re.search(r"<td>1 of 1</td>\s*<td>2 of 4</td>\s*<td>42%</td>\s*<td>67%</td>", html)
    assert html.count('role="img"') == 2
    assert '<title id="score-chart-title">Practice exam scores over time</title>' in html
    assert 'class="chart-pass"' in html
    assert "pass mark 720" in html
    assert html.count('<circle class="chart-point') == 3
    assert "<td>750</td>" in html
    assert "Below the pass mark" in html
    assert html.count('<rect class="chart-bar"') == 14
    assert "Today (Thu 26 Nov)" in html
    assert "style=" not in html.split("<main", 1)[1]


def test_a_new_learner_gets_a_plan_not_an_error(client_logged_in, pack, frozen):
    response = client_logged_in.get(DASHBOARD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "You have not studied Kinesis yet" in html
    assert "You have not studied Messaging" in html
    assert "You have not sat a practice exam yet." in html
    assert response.context["board"].streak == 0


def test_other_learners_history_is_not_on_my_dashboard(client, history, frozen):
    stranger = UserFactory()
    client.force_login(stranger)
    board = client.get(DASHBOARD).context["board"]
    assert board.exams == []
    assert board.streak == 0
    assert board.due_now == 0
    assert all(t.facts_seen == 0 and t.lessons_studied == 0 for t in board.topics)


def test_next_steps_cover_unread_lessons_new_facts_and_good_shape(
    client_logged_in, user, facts, frozen
):
    from progress.selectors import dashboard

    def next_step_html() -> str:
        html: str = client_logged_in.get(DASHBOARD).content.decode()
        return html.split('<ul class="next-steps">', 1)[1].split("</ul>", 1)[0]

    Lesson.objects.create(topic=facts["sqs.retention.max"].topic, slug="sns", title="SNS",
                          summary="s", order=2, body="b")  # fmt: skip
    StudiedLesson.objects.create(user=user, lesson=Lesson.objects.get(slug="sqs"))
    board = dashboard(user=user, now=START)
    messaging = board.topics[1]
    assert messaging.next_step == NextStep.READ_NEXT
    sns = reverse("studyguide:lesson_detail", args=["messaging", "sns"])
    assert (
        f'<a href="{sns}">You have read 1 of 2 lessons in Messaging: read “SNS” next.</a>'
        in next_step_html()
    )
    StudiedLesson.objects.create(user=user, lesson=Lesson.objects.get(slug="sns"))
    messaging = dashboard(user=user, now=START).topics[1]
    assert (messaging.next_step, messaging.facts_new) == (NextStep.PRACTISE_NEW, 4)
    assert (
        '<a href="/quizzes/practice/?topic=messaging">4 facts in Messaging are new to you: '
        "practise them in a quiz.</a>" in next_step_html()
    )
    for key in ("sqs.retention.max", "sqs.retention.default", "sqs.visibility.default",
                "sqs.long_poll.max"):  # fmt: skip
        ReviewCardFactory(user=user, fact=facts[key], reviewed_at=START)
    messaging = dashboard(user=user, now=START).topics[1]
    assert messaging.next_step == NextStep.GOOD_UNTIL
    assert (
        "Messaging is in good shape: the next review is due on 28 November 2026."
        in next_step_html()
    )


# Exam date


def test_setting_an_exam_date_brings_at_risk_facts_into_review(
    client_logged_in, user, facts, frozen
):
    ReviewCardFactory(
        user=user, fact=facts["sqs.retention.max"], reviewed_at=START - timedelta(hours=25)
    )
    assert "Nothing is due" in client_logged_in.get("/review/").content.decode()
    response = client_logged_in.post(reverse("progress:exam_date"), {"exam_date": "2026-12-20"})
    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert ExamPlan.objects.get(user=user).exam_date == date(2026, 12, 20)
    assert "Exam date set to 20 December 2026" in client_logged_in.get(DASHBOARD).content.decode()
    review = client_logged_in.get("/review/")
    assert review.context["entry"].key == "sqs.retention.max"
    assert review.context["entry"].reason == "exam"
    assert "Brought forward for your exam" in review.content.decode()


def test_exam_date_htmx_renders_the_section_only(client_logged_in, user, pack, frozen):
    response = client_logged_in.post(
        reverse("progress:exam_date"), {"exam_date": "2027-01-15"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="exam-date"' in html
    assert "Friday 15 January 2027" in html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-25", "The exam date cannot be in the past."),
        ("2026-13-40", "Enter a real date as YYYY-MM-DD"),
        ("next tuesday", "Enter a real date as YYYY-MM-DD"),
        ("", "Enter the date of your exam."),
        ("2029-01-01", "Choose a date within the next two years."),
        ("9" * 300, "Enter a real date as YYYY-MM-DD"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_exam_dates_are_refused_with_a_message(
    client_logged_in, user, pack, frozen, value, message, htmx
):
    ExamPlanFactory(user=user, exam_date=date(2027, 2, 1))
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(
        reverse("progress:exam_date"), {"exam_date": value}, headers=headers
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'aria-invalid="true"' in html
    assert ("<html" in html) != htmx
    assert ExamPlan.objects.get(user=user).exam_date == date(2027, 2, 1)


def test_today_is_a_valid_exam_date_and_can_be_cleared(client_logged_in, user, pack, frozen):
    client_logged_in.post(reverse("progress:exam_date"), {"exam_date": "2026-11-26"})
    assert ExamPlan.objects.get(user=user).exam_date == date(2026, 11, 26)
    response = client_logged_in.post(reverse("progress:exam_date"), {"action": "clear"})
    assert response.status_code == 302
    assert not ExamPlan.objects.filter(user=user).exists()


def test_exam_date_needs_post(client_logged_in, pack):
    assert client_logged_in.get(reverse("progress:exam_date")).status_code == 405


# Query bound


def big_history(user, facts, *, attempts: int, logs: int) -> None:
    rng = random.Random(1)
    cards = [
        ReviewCardFactory(
            user=user, fact=fact, reviewed_at=START - timedelta(days=rng.randint(1, 60))
        )
        for fact in facts.values()
    ]
    made = Attempt.objects.bulk_create(
        Attempt(
            user=user, mode="exam" if i % 2 else "practice", seed=i, question_count=2,
            started_at=START - timedelta(hours=i + 1), submitted_at=START - timedelta(hours=i),
            correct_count=1, score=rng.randint(0, 1000),
        )
        for i in range(attempts)
    )  # fmt: skip
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt, position=p, question_uid=f"q{p}", kind="fact_value",
            topic=rng.choice(["kinesis", "messaging"]), snapshot={}, is_correct=p == 1,
            answered_at=attempt.submitted_at,
        )
        for attempt in made
        for p in (1, 2)
    )  # fmt: skip
    ReviewLog.objects.bulk_create(
        ReviewLog(
            card=cards[i % len(cards)], user=user, rating=rng.choice([1, 3]), source="practice",
            reviewed_at=START - timedelta(hours=i), log={},
        )
        for i in range(logs)
    )  # fmt: skip
    study_days_rebuild(user_id=user.pk)  # bulk writes send no signals


def count_queries(client, url: str) -> int:
    """Queries of a request once the caches a first request fills are warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_dashboard_queries_do_not_grow_with_history(
    client, facts, frozen, django_assert_max_num_queries
):
    small, large = UserFactory(), UserFactory()
    big_history(small, facts, attempts=4, logs=10)
    big_history(large, facts, attempts=1000, logs=5000)
    assert ReviewLog.objects.filter(user=large).count() == 5000
    client.force_login(small)
    client.get(DASHBOARD)  # the day's estimate is kept on the first visit, updated after
    small_count = count_queries(client, DASHBOARD)
    client.force_login(large)
    # 25 for the dashboard itself, 7 for the readiness estimate and keeping it.
    with django_assert_max_num_queries(32):
        response = client.get(DASHBOARD)
    assert len(response.context["board"].exams) == 30
    assert response.context["board"].more_exams
    assert count_queries(client, DASHBOARD) == small_count
    assert count_queries(client, "/review/") <= 15


@pytest.mark.parametrize(
    ("step", "extra", "expected"),
    [
        (NextStep.START_QUIZ, {}, '<a href="/quizzes/practice/?topic=emr">You have not studied '
         "EMR yet: try a practice quiz.</a>"),
        (NextStep.REVIEW, {"slipping": 3}, '<a href="/review/">3 facts in EMR are slipping: '
         "review them.</a>"),
        (NextStep.PRACTISE_NEW, {"facts_total": 1}, "1 fact in EMR is new to you"),
        (NextStep.GOOD, {}, "EMR is in good shape."),
    ],
)  # fmt: skip
def test_each_next_step_is_worded_and_linked_by_the_template(step, extra, expected):
    from django.template.loader import render_to_string

    from progress.selectors import TopicProgress

    topic = TopicProgress(slug="emr", title="EMR", next_step=step, **extra)
    html = render_to_string("progress/_next_step.html", {"topic": topic})
    assert expected in html
    assert ("<a " in html) == (step != NextStep.GOOD)
