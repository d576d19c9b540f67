"""Regrading an authored question: the dry run, applying it, and what learners then see."""

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from quizzes import services
from quizzes.generation.types import AnswerMode, Choice, Question, QuestionKind
from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import AuthoredQuestion
from tests.factories import InstructorFactory, UserFactory
from tests.quizzes.attempt_pack import import_pack
from workspace import regrade as regrading
from workspace.models import ChangeRecord, Regrade, RegradeChange

pytestmark = pytest.mark.django_db
KEY = "sqs-fanout-1"


def filler(n: int) -> Question:
    return Question(
        uid=f"filler:{n}",
        kind=QuestionKind.FACT_VALUE,
        topic="messaging",
        prompt=f"Filler question {n}?",
        answer_mode=AnswerMode.SINGLE,
        explanation="Filler.",
        choices=(Choice("Yes", correct=True), Choice("No", why="Filler says yes.")),
    )


def authored(key: str = KEY) -> AuthoredQuestion:
    return AuthoredQuestion.objects.select_related("topic").get(key=key)


def make_attempt(
    user: User,
    answers: list[Any],
    *,
    questions: list[Question] | None = None,
    mode: str = Attempt.Mode.EXAM,
    submit: bool = True,
) -> Attempt:
    """An attempt showing the authored question first, then fillers; `answers` per position
    is a choice text, a list of them, a Decimal, or None to leave it unanswered."""
    shown = questions or [regrading.current_question(authored())]
    shown = shown + [filler(n) for n in range(len(answers) - len(shown))]
    attempt = Attempt.objects.create(
        user=user, mode=mode, seed=1, question_count=len(shown), topics=["messaging"]
    )
    AttemptQuestion.objects.bulk_create(services.attempt_question_rows(attempt, shown))
    for position, (q, given) in enumerate(zip(shown, answers, strict=True), start=1):
        if given is None:
            continue
        if isinstance(given, Decimal):
            services.answer_record(attempt=attempt, position=position, number=given)
            continue
        texts = [given] if isinstance(given, str) else given
        indexes = [i for i, c in enumerate(q.choices) if c.text in texts]
        services.answer_record(attempt=attempt, position=position, selected=indexes)
    attempt.refresh_from_db()
    if submit and not attempt.is_submitted:
        attempt = services.attempt_submit(attempt=attempt)
    return attempt


def set_key(right: list[str], key: str = KEY) -> AuthoredQuestion:
    question = authored(key)
    question.choices = [
        {**c, "correct": c["text"] in right, "why": c.get("why") or f"Not {c['text']}."}
        for c in question.choices
    ]
    question.kind = "multiple" if len(right) > 1 else "single"
    question.version += 1
    question.save()
    return question


@pytest.fixture
def pack():
    return import_pack()


@pytest.fixture
def learners(pack) -> dict[str, Attempt]:
    """Three exams answered under version 1 (SNS right): of three questions each."""
    return {
        "sns": make_attempt(UserFactory(), ["Amazon SNS", "Yes", "Yes"]),
        "sqs": make_attempt(UserFactory(), ["Amazon SQS", "Yes", "No"]),
        "batch": make_attempt(UserFactory(), ["AWS Batch", "No", "No"]),
    }


def plan_rows(plan: regrading.RegradePlan) -> list[tuple[Any, ...]]:
    return [
        (r.attempt.pk, r.item.position, r.was_correct, r.now_correct, r.old_score, r.new_score)
        for r in plan.updates
    ]


def test_dry_run_lists_the_marks_that_would_change(learners):
    set_key(["Amazon SQS"])
    plan = regrading.regrade_plan(question=authored())
    assert plan.checked == 3
    changes = {
        r.attempt.pk: (r.was_correct, r.now_correct, r.old_score, r.new_score) for r in plan.changes
    }
    assert changes == {
        learners["sns"].pk: (True, False, 1000, 667),
        learners["sqs"].pk: (False, True, 333, 667),
    }
    assert [r.attempt.pk for r in plan.key_only] == [learners["batch"].pk]
    assert plan.blocked == []
    # A dry run writes nothing.
    assert not Regrade.objects.exists()
    assert Attempt.objects.get(pk=learners["sns"].pk).score == 1000


def test_apply_writes_exactly_the_dry_run(learners, instructor):
    set_key(["Amazon SQS"])
    dry = plan_rows(regrading.regrade_plan(question=authored()))
    regrade, plan = regrading.regrade_apply(key=KEY, by=instructor, version=2)
    applied = [
        (c.attempt_id, c.position, c.was_correct, c.now_correct, c.old_score, c.new_score)
        for c in RegradeChange.objects.filter(regrade=regrade).order_by("attempt_id", "position")
    ]
    assert applied == dry == plan_rows(plan)
    assert regrade.by == instructor
    assert regrade.version == 2
    for pk, _position, _was, now, _old, new in dry:
        attempt = Attempt.objects.get(pk=pk)
        assert attempt.score == new
        item = attempt.questions.get(position=1)
        assert item.is_correct is now
        assert item.snapshot["version"] == 2
        assert {c["text"] for c in item.snapshot["choices"] if c["correct"]} == {"Amazon SQS"}
    record = ChangeRecord.objects.get(subject="question", key=KEY)
    assert record.action == "regraded"
    assert record.user == instructor
    # Nothing is left to do after it.
    assert regrading.regrade_plan(question=authored()).updates == []
    with pytest.raises(regrading.NothingToRegrade):
        regrading.regrade_apply(key=KEY, by=instructor, version=2)


def test_regraded_scores_are_what_submit_computes(learners, instructor):
    set_key(["Amazon SQS", "Amazon SNS"])
    # A "choose two" key on a single-answer question cannot be regraded automatically...
    plan = regrading.regrade_plan(question=authored())
    assert len(plan.blocked) == 3
    assert "answer type changed" in plan.blocked[0].problem
    set_key(["Amazon SQS"])
    regrading.regrade_apply(key=KEY, by=instructor, version=3)
    for attempt in Attempt.objects.filter(pk__in=[a.pk for a in learners.values()]):
        regraded = (attempt.correct_count, attempt.score)
        # ...and a regraded attempt, submitted afresh, scores exactly the same.
        Attempt.objects.filter(pk=attempt.pk).update(submitted_at=None)
        attempt.refresh_from_db()
        again = services.attempt_submit(attempt=attempt)
        assert (again.correct_count, again.score) == regraded


def test_choices_are_matched_by_text_not_position(pack, instructor):
    current = regrading.current_question(authored())
    reordered = Question.from_dict(
        {**current.to_dict(), "choices": [c.to_dict() for c in reversed(current.choices)]}
    )
    attempt = make_attempt(UserFactory(), ["Amazon SQS"], questions=[reordered])
    assert attempt.score == 0
    set_key(["Amazon SQS"])
    regrading.regrade_apply(key=KEY, by=instructor, version=2)
    attempt.refresh_from_db()
    assert attempt.score == 1000
    item = attempt.questions.get()
    assert [c["text"] for c in item.snapshot["choices"]] == [c.text for c in reordered.choices]
    assert item.is_correct is True


def test_a_choice_no_longer_in_the_question_is_not_regraded(learners, instructor):
    question = set_key(["Amazon SQS"])
    question.choices = [
        {**c, "text": "Amazon EventBridge"} if c["text"] == "AWS Batch" else c
        for c in question.choices
    ]
    question.save()
    plan = regrading.regrade_plan(question=authored())
    assert len(plan.blocked) == 3
    assert "“AWS Batch” is no longer in the question" in plan.blocked[0].problem
    with pytest.raises(regrading.NothingToRegrade):
        regrading.regrade_apply(key=KEY, by=instructor, version=2)
    assert Attempt.objects.get(pk=learners["sns"].pk).score == 1000


def test_a_right_answer_the_learner_never_saw_is_not_regraded(learners):
    question = authored()
    question.choices = [
        {**c, "correct": False, "why": c.get("why") or "Not this."} for c in question.choices
    ] + [{"text": "Amazon EventBridge", "correct": True, "why": ""}]
    question.version = 2
    question.save()
    plan = regrading.regrade_plan(question=authored())
    assert len(plan.blocked) == 3
    assert plan.updates == []
    assert "was not among the choices" in plan.blocked[0].problem


def numeric_question(answer: str = "14", tolerance: str = "0", unit: str = "days") -> None:
    AuthoredQuestion.objects.filter(key=KEY).update(
        kind="numeric", choices=[], answer=Decimal(answer), tolerance=Decimal(tolerance), unit=unit
    )


def test_numeric_regrade_uses_the_current_answer_and_tolerance(pack, instructor):
    numeric_question("14")
    exact = make_attempt(UserFactory(), [Decimal("14")])
    close = make_attempt(UserFactory(), [Decimal("13")])
    far = make_attempt(UserFactory(), [Decimal("10")])
    assert [exact.score, close.score, far.score] == [1000, 0, 0]
    AuthoredQuestion.objects.filter(key=KEY).update(
        answer=Decimal("13.5"), tolerance=Decimal("0.5"), version=2
    )
    plan = regrading.regrade_plan(question=authored())
    assert {r.attempt.pk: r.now_correct for r in plan.changes} == {close.pk: True}
    assert {r.attempt.pk for r in plan.key_only} == {exact.pk, far.pk}
    regrading.regrade_apply(key=KEY, by=instructor, version=2)
    close.refresh_from_db()
    assert close.score == 1000
    snapshot = close.questions.get().snapshot
    assert (snapshot["answer"], snapshot["tolerance"], snapshot["version"]) == ("13.5", "0.5", 2)


def test_numeric_unit_change_cannot_be_regraded_automatically(pack):
    numeric_question("14")
    make_attempt(UserFactory(), [Decimal("14")])
    AuthoredQuestion.objects.filter(key=KEY).update(answer=Decimal(336), unit="hours", version=2)
    plan = regrading.regrade_plan(question=authored())
    assert plan.updates == []
    assert "unit changed" in plan.blocked[0].problem


def test_attempts_in_progress_are_left_alone(pack, instructor):
    open_exam = make_attempt(UserFactory(), ["Amazon SNS", None], submit=False)
    done = make_attempt(UserFactory(), ["Amazon SNS"])
    set_key(["Amazon SQS"])
    plan = regrading.regrade_plan(question=authored())
    assert [r.attempt.pk for r in plan.changes] == [done.pk]
    regrading.regrade_apply(key=KEY, by=instructor, version=2)
    item = open_exam.questions.get(position=1)
    assert item.is_correct is True
    assert item.snapshot["version"] == 1
    assert not RegradeChange.objects.filter(attempt=open_exam).exists()


def test_unanswered_questions_keep_no_mark(pack, instructor):
    attempt = make_attempt(UserFactory(), [None, "Yes"])
    set_key(["Amazon SQS"])
    plan = regrading.regrade_plan(question=authored())
    assert plan.changes == []
    assert [r.attempt.pk for r in plan.key_only] == [attempt.pk]
    regrading.regrade_apply(key=KEY, by=instructor, version=2)
    attempt.refresh_from_db()
    assert attempt.score == 500
    assert attempt.questions.get(position=1).is_correct is None


def test_a_failed_apply_changes_nothing(learners, instructor, monkeypatch):
    set_key(["Amazon SQS"])

    def broken(*args: object, **kwargs: object) -> None:
        raise IntegrityError("disk full")

    monkeypatch.setattr(RegradeChange.objects, "bulk_create", broken)
    with pytest.raises(IntegrityError):
        regrading.regrade_apply(key=KEY, by=instructor, version=2)
    assert not Regrade.objects.exists()
    assert not ChangeRecord.objects.exists()
    sns = Attempt.objects.get(pk=learners["sns"].pk)
    assert (sns.score, sns.correct_count) == (1000, 3)
    item = sns.questions.get(position=1)
    assert item.is_correct is True
    assert item.snapshot["version"] == 1


def test_a_stale_version_is_refused(learners, instructor):
    set_key(["Amazon SQS"])
    with pytest.raises(regrading.RegradeStale):
        regrading.regrade_apply(key=KEY, by=instructor, version=1)
    assert not Regrade.objects.exists()


# The page ---------------------------------------------------------------------------------


def regrade_url(key: str = KEY) -> str:
    return reverse("workspace:regrade", args=[key])


def test_regrade_page_is_for_instructors(client, client_logged_in, pack):
    anonymous = client.__class__().get(regrade_url())
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))
    assert client_logged_in.get(regrade_url()).status_code == 403
    assert client_logged_in.post(regrade_url(), {"version": "1"}).status_code == 403


def test_regrade_page_shows_the_dry_run_and_applies_it(instructor_client, learners):
    set_key(["Amazon SQS"])
    page = instructor_client.get(regrade_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "not</strong> rewritten" in html
    assert "review logs (FSRS)" in html
    assert "1000 → 667" in html
    assert "333 → 667" in html
    assert "+334" in html
    assert "-333" in html
    response = instructor_client.post(regrade_url(), {"version": "2"})
    assert response.status_code == 302
    assert response.url == regrade_url()
    assert Regrade.objects.count() == 1
    assert "has not been regraded" not in instructor_client.get(regrade_url()).content.decode()


@pytest.mark.parametrize(("version", "status"), [("", 400), ("abc", 400), ("1", 409)])
def test_regrade_page_refuses_a_bad_or_stale_version(instructor_client, learners, version, status):
    set_key(["Amazon SQS"])
    response = instructor_client.post(regrade_url(), {"version": version})
    assert response.status_code == status
    assert 'role="alert"' in response.content.decode()
    assert not Regrade.objects.exists()


def test_regrade_of_an_unknown_question_is_404(instructor_client, pack):
    assert instructor_client.get(regrade_url("no-such-question")).status_code == 404


def test_regrade_page_queries_are_bounded(instructor_client, pack, django_assert_max_num_queries):
    for n in range(12):
        make_attempt(UserFactory(), ["Amazon SNS" if n % 2 else "Amazon SQS", "Yes"])
    set_key(["Amazon SQS"])
    with django_assert_max_num_queries(12):
        response = instructor_client.get(regrade_url())
    assert response.status_code == 200


def test_learner_sees_the_new_score_and_a_regrade_note(client, pack):
    learner = UserFactory()
    attempt = make_attempt(learner, ["Amazon SQS", "Yes"])
    assert attempt.score == 500
    set_key(["Amazon SQS"])
    regrading.regrade_apply(key=KEY, by=InstructorFactory(), version=2)
    client.force_login(learner)
    html = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "<strong>1000 / 1000</strong>" in html
    assert "Regraded after you finished" in html
    assert "Question 1: now marked right; score 500 → 1000 out of 1000" in html


def test_applying_a_regrade_recomputes_the_item_statistics(pack, instructor):
    from teaching.models import BANK, ItemStatistic

    for answer in ("Amazon SQS", "Amazon SQS", "Amazon SNS"):
        make_attempt(UserFactory(), [answer, "Yes", "Yes"])
    uid = f"authored:{KEY}"

    def facility() -> float | None:
        stat = ItemStatistic.objects.filter(scope=BANK, question_uid=uid).latest("computed_at")
        return stat.facility

    assert facility() == pytest.approx(1 / 3)  # SNS was the key when they answered
    set_key(["Amazon SQS"])
    regrading.regrade_apply(key=KEY, by=instructor, version=2)
    assert facility() == pytest.approx(2 / 3)


def test_a_regrade_of_many_attempts_queues_one_recomputation(pack, instructor, monkeypatch):
    from teaching import receivers

    for answer in ("Amazon SQS", "Amazon SQS", "Amazon SNS"):
        make_attempt(UserFactory(), [answer, "Yes", "Yes"])
    queued: list[list[str]] = []
    monkeypatch.setattr(receivers, "queue_recompute", lambda *, keys: queued.append(keys))
    set_key(["Amazon SQS"])
    regrading.regrade_apply(key=KEY, by=instructor, version=2)
    assert len(queued) == 1
    assert f"bank:authored:{KEY}" in queued[0]
    assert len(queued[0]) == len(set(queued[0]))
