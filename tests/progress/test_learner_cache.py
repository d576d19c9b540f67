"""/progress/'s figures are rendered once per version of the learner's records: every write
that changes them shows on the next visit (from this process or another), time moves them
on, and the page never shares its form or CSRF token between visits."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress import learner_cache, scheduling, selectors, services
from progress.models import ExamPlan, ReadinessEstimate, ReviewCard
from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import Lesson, StudiedLesson
from tests.progress.conftest import START

pytestmark = pytest.mark.django_db
DASHBOARD = "/progress/"


def facts_met(html: str) -> int:
    """The topics table's "Facts met" figures, summed."""
    return sum(int(seen) for seen, _ in re.findall(r"<td>(\d+) of (\d+)</td>\s*<td>\d+%", html))


def answer(user, fact, *, correct=True, at=START):
    services.cards_review_for_answer(
        user=user, fact_keys=[fact.key], correct=correct, at=at, source="review"
    )


def test_an_answer_shows_on_the_next_visit(client_logged_in, user, facts, frozen):
    before = client_logged_in.get(DASHBOARD).content.decode()
    assert facts_met(before) == 0
    answer(user, facts["sqs.retention.max"])
    after = client_logged_in.get(DASHBOARD).content.decode()
    assert facts_met(after) == 1
    assert 'id="streak"><strong>1</strong> day' in after


def test_a_review_answer_over_http_shows_on_the_dashboard(client_logged_in, user, facts, frozen):
    fact = facts["sqs.retention.max"]
    answer(user, fact, correct=False, at=START - timedelta(minutes=5))
    client_logged_in.get(DASHBOARD)  # cached with the card due
    review = client_logged_in.get("/review/")
    question, turn = review.context["question"], review.context["turn"]
    index = next(i for i, c in enumerate(question.choices) if c.correct)
    client_logged_in.post(
        reverse("progress:review_answer"),
        {"fact": fact.key, "uid": question.uid, "turn": turn, "choice": str(index)},
    )
    html = client_logged_in.get(DASHBOARD).content.decode()
    board = selectors.dashboard(user=user, now=START)
    assert f'id="due-now"><a href="/review/">{board.due_now} fact' in html


def test_cached_figures_equal_a_recomputation_from_the_records(
    client_logged_in, user, facts, frozen
):
    for i, key in enumerate(["sqs.retention.max", "kinesis.retention.default"]):
        answer(user, facts[key], correct=bool(i), at=START - timedelta(days=i + 1))
    first = client_logged_in.get(DASHBOARD).content.decode()
    cached = client_logged_in.get(DASHBOARD).content.decode()
    cache.clear()  # a process with nothing cached computes from the records
    fresh = client_logged_in.get(DASHBOARD).content.decode()

    def figures(html: str) -> str:
        # Everything but the per-response CSRF token and CSP nonce.
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        html = re.sub(r'"x-csrftoken": "[^"]+"', "", html)
        return re.sub(r'nonce="[^"]+"', "", html)

    assert figures(first) == figures(cached) == figures(fresh)


def test_a_write_by_another_instance_renews_the_figures(client_logged_in, user, facts, frozen):
    """The version lives in the shared versions cache: a write elsewhere (here, straight
    to the database and its signals) makes this process's cached parts unreachable."""
    client_logged_in.get(DASHBOARD)
    version = learner_cache.learner_version(user.pk)
    StudiedLesson.objects.create(user=user, lesson=Lesson.objects.all()[0], studied_at=START)
    assert learner_cache.learner_version(user.pk) != version
    html = client_logged_in.get(DASHBOARD).content.decode()
    assert re.search(r"<dt>Lessons studied</dt><dd>1</dd>", html)


@pytest.mark.parametrize(
    "write",
    [
        lambda user: ExamPlan.objects.create(user=user, exam_date=START.date() + timedelta(9)),
        lambda user: Attempt.objects.create(
            user=user, mode="exam", seed=1, question_count=1, submitted_at=START, score=800
        ),
    ],
    ids=["exam-date", "submitted-exam"],
)
def test_each_kind_of_record_renews_the_version(user, pack, write):
    version = learner_cache.learner_version(user.pk)
    write(user)
    assert learner_cache.learner_version(user.pk) != version


def test_an_answer_in_an_attempt_renews_the_version(user, pack):
    attempt = Attempt.objects.create(user=user, mode="practice", seed=1, question_count=1)
    item = AttemptQuestion.objects.create(
        attempt=attempt, position=1, question_uid="q", kind="fact", topic="messaging", snapshot={}
    )
    version = learner_cache.learner_version(user.pk)
    item.answered_at = START
    item.is_correct = True
    item.save()
    assert learner_cache.learner_version(user.pk) != version


def test_another_learners_writes_leave_my_version_alone(user, facts):
    from tests.factories import UserFactory

    version = learner_cache.learner_version(user.pk)
    answer(UserFactory(), facts["sqs.retention.max"])
    assert learner_cache.learner_version(user.pk) == version


def test_time_moves_the_figures_on(client_logged_in, user, facts, frozen):
    """Kept until the next card enters the learn-ahead window: then the due count changes
    without any write."""
    answer(user, facts["sqs.retention.max"], correct=True, at=START)
    due = ReviewCard.objects.get(user=user).due
    assert due > START + scheduling.LEARN_AHEAD
    html = client_logged_in.get(DASHBOARD).content.decode()
    assert 'id="due-now"><a href="/review/">0 facts' in html
    frozen.move_to(due - scheduling.LEARN_AHEAD + timedelta(seconds=1))
    html = client_logged_in.get(DASHBOARD).content.decode()
    assert 'id="due-now"><a href="/review/">1 fact<' in html


def test_valid_until_is_the_first_moment_the_figures_could_change(user, facts):
    now = START
    assert learner_cache.valid_until(user_id=user.pk, now=now) == now + learner_cache.MAX_AGE
    answer(user, facts["sqs.retention.max"], correct=False, at=now)
    due = ReviewCard.objects.get(user=user).due
    until = learner_cache.valid_until(user_id=user.pk, now=now)
    assert now < until <= due
    late = START.replace(hour=23, minute=58)
    assert learner_cache.valid_until(user_id=user.pk, now=late) <= late.replace(
        hour=0, minute=0
    ) + timedelta(days=1)


def test_cached_visits_make_no_dashboard_queries(client_logged_in, user, facts, frozen):
    answer(user, facts["sqs.retention.max"])
    client_logged_in.get(DASHBOARD)
    with CaptureQueriesContext(connection) as first:
        client_logged_in.get(DASHBOARD)
    with CaptureQueriesContext(connection) as second:
        client_logged_in.get(DASHBOARD)
    assert len(second) == len(first) <= 4  # session, user, the classes box: no figures
    assert not any("progress_reviewlog" in q["sql"] for q in second.captured_queries)


def test_every_visit_gets_its_own_csrf_token(client_logged_in, pack, frozen):
    tokens = [
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.content.decode())
        for r in (client_logged_in.get(DASHBOARD), client_logged_in.get(DASHBOARD))
    ]
    assert tokens[0]
    assert tokens[0] != tokens[1]


def test_the_days_estimate_is_kept_when_computed(client_logged_in, user, pack, frozen):
    client_logged_in.get(DASHBOARD)
    client_logged_in.get(DASHBOARD)
    (kept,) = ReadinessEstimate.objects.filter(user=user)
    assert kept.made_on == START.date()


def test_the_exam_date_form_reflects_a_new_date_at_once(client_logged_in, user, pack, frozen):
    client_logged_in.get(DASHBOARD)
    day = START.date() + timedelta(days=20)
    client_logged_in.post(reverse("progress:exam_date"), {"exam_date": day.isoformat()})
    html = client_logged_in.get(DASHBOARD).content.decode()
    assert f'value="{day.isoformat()}"' in html
    assert "Estimated chance of passing on" in html
