"""Question versions, history and status (issue 11): a published question's learner-visible
edit makes a new version, drafts edit in place, and attempts keep what they showed."""

from dataclasses import replace

import pytest

from quizzes import services as quiz_services
from quizzes.models import AttemptQuestion
from studyguide.models import AuthoredQuestion
from studyguide.selectors import content_pack_from_database
from tests.factories import TopicFactory
from tests.workspace.test_question_bank import add_question, import_course, report
from tests.workspace.test_question_editor import editor_data
from workspace.models import ChangeRecord, QuestionVersion
from workspace.question_services import (
    QuestionError,
    question_data,
    question_save,
    question_set_status,
    question_stamp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return import_course()


def _fanout() -> AuthoredQuestion:
    return AuthoredQuestion.objects.select_related("topic").get(key="fanout-1")


@pytest.fixture
def solo(course):
    """A topic whose only question is `solo-1`, so every practice attempt on it asks it."""
    TopicFactory(slug="solo", title="Solo")
    return add_question(
        "solo-1",
        topic="solo",
        prompt="Which service fans one message out to many subscribers?",
        choices=[
            {"text": "Amazon SNS", "correct": True, "why": ""},
            {"text": "Amazon SQS", "correct": False, "why": "One consumer per message."},
            {"text": "Amazon Kinesis", "correct": False, "why": "Consumers read a stream."},
            {"text": "AWS Batch", "correct": False, "why": "It runs jobs."},
        ],
    )


def _start(user):
    attempt = quiz_services.attempt_start_practice(
        user=user, pack=content_pack_from_database(), topics=["solo"], length=10, seed=3
    )
    return attempt, AttemptQuestion.objects.get(attempt=attempt, question_uid="authored:solo-1")


def test_editing_a_published_question_makes_a_new_version_and_keeps_the_first(instructor, course):
    question = _fanout()
    data = replace(question_data(question), prompt="Which service pushes to many subscribers?")
    saved = question_save(question=question, data=data, user=instructor)
    assert saved.version == 2
    versions = {v.number: v for v in QuestionVersion.objects.filter(question=saved)}
    assert set(versions) == {1, 2}
    assert versions[1].data["prompt"] == "Which service fans one message out to many subscribers?"
    assert versions[2].data["prompt"] == "Which service pushes to many subscribers?"
    assert versions[2].changed == ["prompt"]
    assert versions[2].created_by == instructor
    record = ChangeRecord.objects.get(key="fanout-1")
    assert record.action == "edited"
    assert "Version 2: changed prompt" in record.summary
    saved.refresh_from_db()
    assert saved.edited_by == instructor
    assert saved.edited_at is not None

    again = question_save(
        question=saved, data=replace(question_data(saved), explanation="Pub/sub."), user=instructor
    )
    assert again.version == 3
    assert QuestionVersion.objects.filter(question=again).count() == 3, "v1 stored once"


def test_changes_learners_do_not_see_edit_a_published_question_in_place(instructor, course):
    question = _fanout()
    data = replace(question_data(question), tags=("sns",), style="recall")
    saved = question_save(question=question, data=data, user=instructor)
    assert saved.version == 1
    assert not QuestionVersion.objects.exists()
    assert "Changed tags" in ChangeRecord.objects.get(key="fanout-1").summary


def test_a_draft_edits_in_place_but_is_still_recorded(instructor, course):
    draft = add_question("draft-one", status="draft")
    draft = AuthoredQuestion.objects.select_related("topic").get(pk=draft.pk)
    saved = question_save(
        question=draft, data=replace(question_data(draft), prompt="New words?"), user=instructor
    )
    assert (saved.version, saved.prompt) == (1, "New words?")
    assert not QuestionVersion.objects.exists()
    assert ChangeRecord.objects.filter(key="draft-one", action="edited").exists()


def test_saving_nothing_new_records_nothing(instructor, course):
    question = _fanout()
    question_save(question=question, data=question_data(question), user=instructor)
    assert not ChangeRecord.objects.exists()


def test_an_edit_based_on_an_old_stamp_is_refused(instructor, course):
    question = _fanout()
    stamp = question_stamp(question)
    question_save(
        question=question, data=replace(question_data(question), tags=("a",)), user=instructor
    )
    with pytest.raises(QuestionError) as raised:
        question_save(
            question=question,
            data=replace(question_data(question), prompt="Mine?"),
            user=instructor,
            based_on=stamp,
        )
    assert raised.value.conflict
    assert _fanout().prompt != "Mine?"


def test_a_stale_edit_in_the_browser_is_a_409(instructor_client, course):
    page = instructor_client.get("/instructor/questions/fanout-1/edit/")
    stamp = page.context["form"].initial["based_on"]
    AuthoredQuestion.objects.filter(key="fanout-1").update(status="draft")
    data = editor_data(status="published", based_on=stamp)
    response = instructor_client.post("/instructor/questions/fanout-1/edit/", data)
    assert response.status_code == 409
    assert b"Someone changed this question after you opened it" in response.content
    assert _fanout().prompt.startswith("Which service fans one message")


def test_editing_in_the_browser_makes_version_2_and_the_detail_page_lists_both(
    instructor_client, course
):
    page = instructor_client.get("/instructor/questions/fanout-1/edit/")
    data = editor_data(status="published", based_on=page.context["form"].initial["based_on"])
    response = instructor_client.post("/instructor/questions/fanout-1/edit/", data)
    assert response.status_code == 302
    question = _fanout()
    assert question.version == 2
    assert question.prompt == "Which service sends one message to many subscribers?"
    detail = instructor_client.get("/instructor/questions/fanout-1/")
    body = detail.content.decode()
    assert "Version 2 (current)" in body
    assert "changed prompt, choices, facts" in body
    assert "Version 1" in body
    assert "Which service fans one message out to many subscribers?" in body, "v1's text"


def test_detail_page_counts_open_reports(instructor_client, course):
    question = _fanout()
    report(question)
    report(question)
    report(question, status="dismissed")
    response = instructor_client.get("/instructor/questions/fanout-1/")
    assert response.context["question"].open_reports == 2


def test_retiring_takes_a_question_out_of_new_quizzes_only(instructor, user, solo):
    _, asked = _start(user)
    question_set_status(question=solo, status="retired", user=instructor)
    assert "solo-1" not in {q.id for q in content_pack_from_database().questions}
    asked.refresh_from_db()
    assert asked.snapshot["prompt"] == solo.prompt, "the attempt keeps the question it asked"
    with pytest.raises(quiz_services.QuizError):
        _start(user)
    record = ChangeRecord.objects.get(key="solo-1")
    assert record.action == "retired"


def test_status_buttons_publish_retire_and_send_back_to_draft(instructor_client, course):
    url = "/instructor/questions/fanout-1/status/"
    for status in ("retired", "draft", "published"):
        response = instructor_client.post(url, {"status": status})
        assert response.status_code == 302
        assert _fanout().status == status
    actions = list(
        ChangeRecord.objects.filter(key="fanout-1").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["retired", "back to draft", "published"]


@pytest.mark.parametrize(("status", "code"), [("published", 409), ("gone", 400)])
def test_status_change_to_the_same_or_an_unknown_status_is_refused(
    instructor_client, course, status, code
):
    response = instructor_client.post("/instructor/questions/fanout-1/status/", {"status": status})
    assert response.status_code == code
    assert b'role="alert"' in response.content
    assert not ChangeRecord.objects.exists()


def test_publishing_rechecks_the_question_as_the_importer_would(instructor_client, course):
    add_question("draft-one", status="draft", fact_keys=["sns.delivery.model"])
    from studyguide.models import Fact

    Fact.objects.filter(key="sns.delivery.model").update(archived=True)
    response = instructor_client.post(
        "/instructor/questions/draft-one/status/", {"status": "published"}
    )
    assert response.status_code == 400
    assert "Fix this before publishing: fact &#x27;sns.delivery.model&#x27; does not exist" in (
        response.content.decode()
    )
    assert AuthoredQuestion.objects.get(key="draft-one").status == "draft"


def test_past_attempts_keep_the_version_they_showed(instructor_client, user, client, solo):
    first, old = _start(user)
    assert old.snapshot["version"] == 1

    page = instructor_client.get("/instructor/questions/solo-1/edit/")
    data = editor_data(status="published", based_on=page.context["form"].initial["based_on"])
    assert instructor_client.post("/instructor/questions/solo-1/edit/", data).status_code == 302

    old.refresh_from_db()
    assert old.snapshot["version"] == 1
    assert old.snapshot["prompt"] == "Which service fans one message out to many subscribers?"
    client.force_login(user)
    shown = client.get(f"/quizzes/attempts/{first.pk}/q/{old.position}/")
    assert b"Which service fans one message out to many subscribers?" in shown.content

    _, new = _start(user)
    assert new.snapshot["version"] == 2
    assert new.snapshot["prompt"] == "Which service sends one message to many subscribers?"


def test_a_draft_that_learners_saw_gets_a_new_version_when_edited(instructor, user, solo):
    _start(user)
    question_set_status(question=solo, status="draft", user=instructor)
    question = AuthoredQuestion.objects.select_related("topic").get(key="solo-1")
    saved = question_save(
        question=question,
        data=replace(question_data(question), prompt="Reworded?"),
        user=instructor,
    )
    assert saved.version == 2, "attempts hold version 1, so the change is a new version"
    again = question_save(
        question=saved,
        data=replace(question_data(saved), prompt="Reworded again?"),
        user=instructor,
    )
    assert again.version == 2, "no learner has seen version 2 yet"
