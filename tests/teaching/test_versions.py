"""Item statistics per question version: editing an authored question starts its figures
afresh, and snapshots from before versions (or of generated questions) are version 0."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from quizzes.generation.types import AnswerMode, Choice, Question, QuestionKind
from quizzes.models import Attempt, AttemptQuestion
from teaching import services
from teaching.models import AssignmentAttempt, ItemStatistic
from tests.factories import UserFactory
from tests.teaching.conftest import NOW, make_assignment

pytestmark = pytest.mark.django_db

UID = "messaging-fan-out"


def _snapshot(uid: str, version: int, prompt: str) -> dict[str, Any]:
    question = Question(
        uid=uid,
        kind=QuestionKind.AUTHORED,
        topic="messaging",
        prompt=prompt,
        answer_mode=AnswerMode.SINGLE,
        explanation="SNS is publish/subscribe: one message, many subscribers.",
        choices=(
            Choice("Amazon SNS", correct=True),
            Choice("Amazon SQS", why="A queue hands each message to one consumer."),
            Choice("AWS Batch", why="Batch runs jobs, it does not deliver messages."),
        ),
        version=version,
    )
    return question.to_dict()


def _attempt(classroom, assignment, *, versioned: dict[str, Any], right: bool, minute: int):
    """A submitted exam attempt of two questions: the versioned one and a steady one."""
    user = UserFactory()
    services.membership_join(user=user, code=classroom.join_code)
    other_right = minute % 2 == 0
    attempt = Attempt.objects.create(
        user=user,
        mode=Attempt.Mode.EXAM,
        seed=1,
        started_at=NOW,
        submitted_at=NOW + datetime.timedelta(minutes=minute),
        question_count=2,
        correct_count=int(right) + int(other_right),
        score=500 * (int(right) + int(other_right)),
    )
    AssignmentAttempt.objects.create(assignment=assignment, attempt=attempt, user=user)
    steady = _snapshot("messaging-steady", 0, "Which service queues work for one consumer?")
    for position, (snapshot, correct) in enumerate(
        ((versioned, right), (steady, other_right)), start=1
    ):
        AttemptQuestion.objects.create(
            attempt=attempt,
            position=position,
            question_uid=snapshot["uid"],
            kind="authored",
            topic="messaging",
            snapshot=snapshot,
            selected=[0] if correct else [1],
            is_correct=correct,
            answered_at=NOW,
        )
    return attempt


@pytest.fixture
def answered(classroom):
    """Three learners answered version 1 (two right), then the question was edited and two
    learners answered version 2 (one right)."""
    assignment = make_assignment(classroom)
    first = _snapshot(UID, 1, "Which service fans one message out to many subscribers?")
    second = _snapshot(UID, 2, "Which service delivers one event to several queues at once?")
    for minute, right in enumerate((True, True, False)):
        _attempt(classroom, assignment, versioned=first, right=right, minute=minute)
    for minute, right in enumerate((True, False), start=10):
        _attempt(classroom, assignment, versioned=second, right=right, minute=minute)
    return assignment


def _figures(rows) -> dict[int, tuple[int, float | None]]:
    return {row.version: (row.n, row.facility) for row in rows.filter(question_uid=UID)}


def test_each_version_of_an_edited_question_has_its_own_figures(answered):
    services.assignment_statistics_store(assignment=answered, now=NOW)
    rows = ItemStatistic.objects.filter(assignment=answered)
    assert _figures(rows) == {1: (3, pytest.approx(2 / 3)), 2: (2, 0.5)}
    prompts = dict(rows.filter(question_uid=UID).values_list("version", "prompt"))
    assert prompts[2].startswith("Which service delivers one event")


def test_the_bank_view_also_keeps_versions_apart(answered):
    services.bank_statistics_store(question_uids=[UID, "messaging-steady"], now=NOW)
    bank = ItemStatistic.objects.filter(scope="bank")
    assert _figures(bank) == {1: (3, pytest.approx(2 / 3)), 2: (2, 0.5)}
    # The steady question (a snapshot of version 0) pools every attempt.
    steady = bank.get(question_uid="messaging-steady")
    assert (steady.version, steady.n) == (0, 5)


def test_a_snapshot_from_before_versions_counts_as_version_0(classroom):
    assignment = make_assignment(classroom)
    old = _snapshot(UID, 0, "Which service fans one message out to many subscribers?")
    del old["version"]
    _attempt(classroom, assignment, versioned=old, right=True, minute=1)
    services.assignment_statistics_store(assignment=assignment, now=NOW)
    row = ItemStatistic.objects.get(assignment=assignment, question_uid=UID)
    assert (row.version, row.n, row.facility) == (0, 1, 1.0)


def test_a_learner_who_meets_both_versions_counts_once_in_each(classroom):
    assignment = make_assignment(classroom, max_attempts=2)
    first = _attempt(
        classroom, assignment, versioned=_snapshot(UID, 1, "Fan out: which?"), right=False, minute=1
    )
    second = _attempt(
        classroom, assignment, versioned=_snapshot(UID, 2, "Fan out, again?"), right=True, minute=2
    )
    # The same learner's later exam met the edited question.
    Attempt.objects.filter(pk=second.pk).update(user=first.user)
    services.bank_statistics_store(question_uids=[UID], now=NOW)
    assert _figures(ItemStatistic.objects.filter(scope="bank")) == {1: (1, 0.0), 2: (1, 1.0)}


def test_statistics_pages_show_the_version(instructor_client, classroom, answered):
    services.assignment_statistics_store(assignment=answered, now=NOW)
    services.bank_statistics_store(question_uids=[UID], now=NOW)
    url = reverse("teaching:assignment_statistics", args=[classroom.slug, answered.pk])
    for page in (
        instructor_client.get(url),
        instructor_client.get(reverse("teaching:bank_statistics")),
    ):
        assert page.status_code == 200
        assert f"<code>{UID}</code> v1" in page.text
        assert f"<code>{UID}</code> v2" in page.text
        assert "<code>messaging-steady</code> v" not in page.text


def test_the_command_prints_the_version(classroom, answered):
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("item_statistics", "--json", "--question", UID, stdout=out)
    rows = json.loads(out.getvalue())["bank"]
    assert sorted((row["version"], row["n"]) for row in rows) == [(1, 3), (2, 2)]
