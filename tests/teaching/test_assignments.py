import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from quizzes.models import Attempt
from quizzes.services import attempt_submit
from teaching import selectors, services
from teaching.models import (
    AssignmentAttempt,
    AssignmentStatistic,
    ItemStatistic,
    Membership,
    PendingRecompute,
)
from tests.factories import UserFactory
from tests.teaching.conftest import NOW, answer_all, make_assignment

pytestmark = pytest.mark.django_db


def test_starting_an_assignment_links_an_exam_attempt(classroom, learner, pack):
    assignment = make_assignment(classroom)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    assert attempt.mode == Attempt.Mode.EXAM
    assert attempt.user == learner
    assert AssignmentAttempt.objects.get(attempt=attempt).assignment == assignment
    assert attempt.deadline is not None
    # Two minutes a question (the small pack fills 9 of the 10 without repeating a fact).
    assert attempt.question_count == 9
    assert attempt.deadline - attempt.started_at == datetime.timedelta(minutes=18)


def test_extra_time_stretches_the_deadline_of_a_timed_attempt(classroom, learner, pack):
    Membership.objects.filter(user=learner).update(time_multiplier=Decimal("1.5"))
    assignment = make_assignment(classroom)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    attempt.refresh_from_db()
    assert attempt.deadline is not None
    assert attempt.question_count == 9
    assert attempt.deadline - attempt.started_at == datetime.timedelta(minutes=18 * 1.5)


def test_extra_time_does_not_touch_a_practice_set(classroom, learner, pack):
    Membership.objects.filter(user=learner).update(time_multiplier=Decimal("2"))
    assignment = make_assignment(classroom, kind="practice", topics=["messaging"], length=5)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    assert attempt.mode == Attempt.Mode.PRACTICE
    assert attempt.deadline is None
    assert set(attempt.questions.values_list("topic", flat=True)) == {"messaging"}


def test_an_exam_on_chosen_topics_asks_only_those(classroom, learner, pack):
    assignment = make_assignment(classroom, topics=["kinesis"])
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    assert set(attempt.questions.values_list("topic", flat=True)) == {"kinesis"}


def test_a_fixed_form_gives_everyone_the_same_questions(classroom, learner, pack):
    other = UserFactory()
    services.membership_join(user=other, code=classroom.join_code)
    assignment = make_assignment(classroom, fixed_form=True)
    a = services.assignment_attempt_start(assignment=assignment, user=learner, pack=pack, now=NOW)
    b = services.assignment_attempt_start(assignment=assignment, user=other, pack=pack, now=NOW)
    uids = lambda attempt: list(attempt.questions.values_list("question_uid", flat=True))  # noqa: E731
    assert uids(a) == uids(b)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"opens_at": NOW + datetime.timedelta(hours=1)}, "not open yet"),
        ({"max_attempts": 1}, None),
    ],
)
def test_an_assignment_refuses_before_opening_and_past_its_attempts(
    classroom, learner, pack, change, message
):
    assignment = make_assignment(classroom, **change)
    if message:
        with pytest.raises(services.TeachingError, match=message):
            services.assignment_attempt_start(
                assignment=assignment, user=learner, pack=pack, now=NOW
            )
        return
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    with pytest.raises(services.TeachingError, match="in progress"):
        services.assignment_attempt_start(assignment=assignment, user=learner, pack=pack, now=NOW)
    attempt_submit(attempt=attempt, now=NOW)
    with pytest.raises(services.TeachingError, match="every attempt"):
        services.assignment_attempt_start(assignment=assignment, user=learner, pack=pack, now=NOW)


def test_a_non_member_cannot_start_an_assignment(classroom, pack, user):
    assignment = make_assignment(classroom)
    with pytest.raises(services.TeachingError):
        services.assignment_attempt_start(assignment=assignment, user=user, pack=pack, now=NOW)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"due_at": NOW - datetime.timedelta(days=2)}, "due time must come after"),
        ({"length": 7}, "Choose 10, 20 or 65"),
        ({"kind": "practice", "length": 5, "topics": []}, "at least one topic"),
        ({"kind": "practice", "length": 65, "topics": ["kinesis"]}, "Choose 5, 10 or 20"),
    ],
)
def test_bad_assignments_are_refused(classroom, values, message):
    with pytest.raises(services.TeachingError, match=message):
        make_assignment(classroom, **values)


def test_statuses_scores_and_late_marking(classroom, learner, pack):
    assignment = make_assignment(classroom, due_at=NOW + datetime.timedelta(hours=1))
    on_time, late, started = learner, UserFactory(), UserFactory()
    idle = UserFactory()
    for other in (late, started, idle):
        services.membership_join(user=other, code=classroom.join_code)
    first = services.assignment_attempt_start(
        assignment=assignment, user=on_time, pack=pack, now=NOW
    )
    answer_all(first, right=True)
    attempt_submit(attempt=first, now=NOW + datetime.timedelta(minutes=5))
    later = NOW + datetime.timedelta(hours=2)
    second = services.assignment_attempt_start(
        assignment=assignment, user=late, pack=pack, now=later
    )
    answer_all(second, right=False, now=later)
    attempt_submit(attempt=second, now=later + datetime.timedelta(minutes=3))
    services.assignment_attempt_start(assignment=assignment, user=started, pack=pack, now=NOW)

    roster = {row.user.pk: row.result for row in selectors.assignment_roster(assignment=assignment)}
    assert roster[on_time.pk].status == "submitted"
    assert roster[on_time.pk].score == 1000
    assert roster[on_time.pk].seconds_used == 300
    assert roster[late.pk].status == "late"
    assert roster[late.pk].score == 0
    assert roster[started.pk].status == "in progress"
    assert roster[started.pk].score is None
    assert roster[idle.pk].status == "not started"
    assert roster[idle.pk].attempts == 0
    (summary,) = selectors.assignment_summaries(classroom=classroom, learners=4)
    assert summary.counts == {"not started": 1, "in progress": 1, "submitted": 1, "late": 1}


def test_marks_download_as_csv(instructor_client, classroom, learner, pack):
    assignment = make_assignment(classroom)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    answer_all(attempt, right=True)
    attempt_submit(attempt=attempt, now=NOW + datetime.timedelta(minutes=10))
    url = reverse("teaching:assignment_marks_csv", args=[classroom.slug, assignment.pk])
    response = instructor_client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [
        {
            "username": learner.username,
            "status": "submitted",
            "score": "1000",
            "attempts": "1",
            "seconds_used": "600",
            "submitted_at_utc": (NOW + datetime.timedelta(minutes=10)).isoformat(),
        }
    ]


def test_learner_starts_from_the_home_page_list_and_lands_in_the_attempt(
    client, classroom, learner, pack
):
    assignment = make_assignment(classroom, opens_at=NOW.replace(year=2020))
    client.force_login(learner)
    home = client.get(reverse("home"))
    start = reverse("join:assignment_start", args=[assignment.pk])
    assert start in home.text
    response = client.post(start)
    link = AssignmentAttempt.objects.get(user=learner)
    assert response["Location"] == reverse("quizzes:attempt", args=[link.attempt_id])
    progress = client.get(reverse("progress:dashboard"))
    assert reverse("quizzes:attempt", args=[link.attempt_id]) in progress.text
    again = client.post(start, follow=True)
    assert "in progress" in again.text


def test_starting_another_class_assignment_is_404(client, classroom, pack, user):
    assignment = make_assignment(classroom)
    client.force_login(user)
    assert client.post(reverse("join:assignment_start", args=[assignment.pk])).status_code == 404


def test_instructor_sets_an_assignment_through_the_form(instructor_client, classroom):
    url = reverse("teaching:assignment_create", args=[classroom.slug])
    assert instructor_client.get(url).status_code == 200
    data = {
        "title": "Mock exam",
        "kind": "exam",
        "length": "10",
        "opens_at": "2026-11-20T09:00",
        "due_at": "2026-11-27T17:00",
        "max_attempts": "1",
        "fixed_form": "on",
    }
    response = instructor_client.post(url, data)
    assert response.status_code == 302
    assignment = classroom.assignments.get()
    assert assignment.fixed_form
    assert assignment.due_at == datetime.datetime(2026, 11, 27, 17, 0, tzinfo=datetime.UTC)
    bad = instructor_client.post(url, {**data, "due_at": "2026-11-01T09:00"})
    assert bad.status_code == 400
    assert "due time must come after" in bad.text
    assert instructor_client.post(url, {**data, "length": "12"}).status_code == 400
    assert classroom.assignments.count() == 1


# Statistics from submissions -------------------------------------------------------------


def test_a_submission_recomputes_the_assignment_and_bank_statistics(
    classroom, learner, pack, django_capture_on_commit_callbacks
):
    assignment = make_assignment(classroom, fixed_form=True)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    answer_all(attempt, right=True)
    attempt_submit(attempt=attempt, now=NOW + datetime.timedelta(minutes=5))
    uids = set(attempt.questions.values_list("question_uid", flat=True))
    scoped = ItemStatistic.objects.filter(assignment=assignment)
    assert set(scoped.values_list("question_uid", flat=True)) == uids
    assert all(row.n == 1 and row.facility == 1.0 for row in scoped)
    # Picks are counted by the choice's identity in the snapshot: every key once, nothing else.
    for row in scoped:
        for choice in row.choices:
            assert choice["overall"] == (1 if choice["is_key"] else 0), (row.question_uid, choice)
    assert (
        set(ItemStatistic.objects.filter(scope="bank").values_list("question_uid", flat=True))
        == uids
    )
    assert AssignmentStatistic.objects.get(assignment=assignment).n == 1
    assert not PendingRecompute.objects.exists()


def test_a_scope_already_waiting_queues_no_second_task(classroom, learner, pack, settings):
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    queued = backend.results  # type: ignore[attr-defined]  # the dummy backend keeps what was enqueued and runs nothing
    # A fixed form: the second attempt touches exactly the scopes of the first.
    assignment = make_assignment(classroom, fixed_form=True)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    attempt_submit(attempt=attempt, now=NOW)
    assert len(queued) == 1
    second = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    attempt_submit(attempt=second, now=NOW)
    assert len(queued) == 1  # every scope was still waiting for the first task
    assert services.statistics_recompute_pending() > 0
    assert not PendingRecompute.objects.exists()
    other = UserFactory()
    services.membership_join(user=other, code=classroom.join_code)
    third = services.assignment_attempt_start(assignment=assignment, user=other, pack=pack, now=NOW)
    attempt_submit(attempt=third, now=NOW)
    assert len(queued) == 2  # once the queue is drained, a submission queues a new run


def test_practice_outside_assignments_queues_nothing(learner, pack):
    from quizzes.services import attempt_start_practice

    attempt = attempt_start_practice(user=learner, pack=pack, topics=["messaging"], length=5)
    attempt_submit(attempt=attempt, now=NOW)
    assert not PendingRecompute.objects.exists()
    assert not ItemStatistic.objects.exists()


def test_statistics_pages_show_the_items_and_when_they_were_computed(
    instructor_client, classroom, learner, pack
):
    assignment = make_assignment(classroom, fixed_form=True)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    answer_all(attempt, right=True)
    attempt_submit(attempt=attempt, now=NOW + datetime.timedelta(minutes=5))
    url = reverse("teaching:assignment_statistics", args=[classroom.slug, assignment.pk])
    page = instructor_client.get(url)
    assert page.status_code == 200
    assert "Computed at" in page.text
    assert "Too few answers to judge" in page.text
    assert "Cronbach" in page.text
    bank = instructor_client.get(reverse("teaching:bank_statistics"))
    assert attempt.questions.earliest("position").question_uid in bank.text


def test_item_statistics_command_prints_json(classroom, learner, pack):
    assignment = make_assignment(classroom)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    answer_all(attempt, right=False)
    attempt_submit(attempt=attempt, now=NOW + datetime.timedelta(minutes=5))
    uid = attempt.questions.earliest("position").question_uid
    out = io.StringIO()
    call_command("item_statistics", "--json", "--class", classroom.slug, stdout=out)
    payload = json.loads(out.getvalue())
    (entry,) = payload["assignments"]
    assert entry["n"] == 1
    assert {item["question_uid"] for item in entry["items"]} >= {uid}
    out = io.StringIO()
    call_command("item_statistics", "--json", "--question", uid, stdout=out)
    (item,) = json.loads(out.getvalue())["bank"]
    assert item["question_uid"] == uid
    assert item["facility"] == 0.0


def test_item_statistics_command_rejects_an_unknown_class(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No class"):
        call_command("item_statistics", "--json", "--class", "nope", stdout=io.StringIO())


def test_an_assignment_not_yet_open_shows_no_start_button(client, classroom, learner):
    assignment = make_assignment(
        classroom, opens_at=NOW.replace(year=2098), due_at=NOW.replace(year=2099)
    )
    client.force_login(learner)
    home = client.get(reverse("home"))
    assert "Not open yet." in home.text
    assert reverse("join:assignment_start", args=[assignment.pk]) not in home.text
