"""The admin checks lessons, facts and questions with the importer's own rules, shows each
problem beside its field, saves nothing invalid, and marks what it saves as a browser edit."""

from typing import Any

import pytest
from django.urls import reverse

from studyguide.models import AuthoredQuestion, Fact, Lesson, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(imported, diagrams_dir):
    return imported


def question_data(**changes: Any) -> dict[str, Any]:
    data = {
        "key": "admin-fanout-1",
        "topic": str(Topic.objects.get(slug="queues").pk),
        "order": "9",
        "kind": "single",
        "style": "recall",
        "status": "published",
        "lesson_slug": "",
        "prompt": "Which service pushes one message to every subscriber?",
        "choices": "+ Amazon SNS\n- Amazon SQS | A queue hands each message to one consumer.",
        "answer": "",
        "tolerance": "0",
        "unit": "",
        "explanation": "SNS is publish/subscribe.",
        "fact_keys": "sns.delivery.model",
        "tags": "fan-out, sns",
        "_save": "Save",
    }
    data.update(changes)
    return data


def form_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code
    return dict(response.context["adminform"].form.errors)


def add_question(admin_client, **changes: Any):
    return admin_client.post(
        reverse("admin:studyguide_authoredquestion_add"), question_data(**changes)
    )


def test_question_form_writes_choices_as_lines_and_points_to_the_editor(admin_client, course):
    question = AuthoredQuestion.objects.get(key="fanout-1")
    response = admin_client.get(
        reverse("admin:studyguide_authoredquestion_change", args=[question.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "+ Amazon SNS\n- Amazon SQS | A queue delivers each message to one consumer." in html
    assert '"correct": true' not in html  # not raw JSON
    assert 'value="sns.delivery.model"' in html
    assert 'href="/instructor/questions/"' in html
    assert "One choice a line" in html


def test_a_valid_question_is_saved_and_marked_as_a_browser_edit(admin_client, course, admin_user):
    response = add_question(admin_client)
    assert response.status_code == 302, form_errors(response)
    question = AuthoredQuestion.objects.get(key="admin-fanout-1")
    assert question.choices == [
        {"text": "Amazon SNS", "correct": True, "why": ""},
        {
            "text": "Amazon SQS",
            "correct": False,
            "why": "A queue hands each message to one consumer.",
        },
    ]
    assert question.fact_keys == ["sns.delivery.model"]
    assert question.tags == ["fan-out", "sns"]
    assert question.edited_at is not None
    assert question.edited_by == admin_user


def test_two_right_answers_to_a_single_answer_item_are_refused_beside_choices(admin_client, course):
    response = add_question(admin_client, choices="+ Amazon SNS\n+ Amazon SQS | Also right?")
    errors = form_errors(response)
    assert any("exactly one correct choice, not 2" in e for e in errors["choices"])
    assert not AuthoredQuestion.objects.filter(key="admin-fanout-1").exists()


def test_an_unknown_fact_key_is_refused_beside_facts(admin_client, course):
    errors = form_errors(add_question(admin_client, fact_keys="sns.delivery.model, nope.key"))
    assert errors["fact_keys"] == ["fact 'nope.key' does not exist"]
    assert not AuthoredQuestion.objects.filter(key="admin-fanout-1").exists()


def test_a_wrong_choice_without_why_and_a_badly_marked_line_are_refused(admin_client, course):
    errors = form_errors(add_question(admin_client, choices="+ Amazon SNS\n- Amazon SQS"))
    assert any("needs a 'why'" in e for e in errors["choices"])
    errors = form_errors(add_question(admin_client, choices="+ Amazon SNS\n* Amazon SQS"))
    assert any(e.startswith("Line 2: start each choice with +") for e in errors["choices"])


def test_a_numeric_question_needs_its_answer_and_takes_no_choices(admin_client, course):
    errors = form_errors(add_question(admin_client, kind="numeric"))
    assert "choices" in errors
    assert "answer" in errors
    assert not AuthoredQuestion.objects.filter(key="admin-fanout-1").exists()


def test_an_unknown_lesson_and_a_bad_tag_are_refused_beside_their_fields(admin_client, course):
    errors = form_errors(add_question(admin_client, lesson_slug="no-such-lesson", tags="Bad Tag!"))
    assert any("does not exist" in e for e in errors["lesson_slug"])
    assert any("lower-case" in e for e in errors["tags"])


def test_editing_an_imported_question_marks_it(admin_client, course, admin_user):
    question = AuthoredQuestion.objects.get(key="fanout-1")
    assert question.edited_at is None
    response = admin_client.post(
        reverse("admin:studyguide_authoredquestion_change", args=[question.pk]),
        question_data(key="fanout-1", prompt="Which service fans a message out?"),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.prompt == "Which service fans a message out?"
    assert question.edited_by == admin_user


def fact_data(**changes: Any) -> dict[str, Any]:
    fact = Fact.objects.get(key="sqs.retention.max")
    data = {
        "key": fact.key,
        "topic": str(fact.topic_id),
        "order": str(fact.order),
        "name": fact.name,
        "statement": "An SQS queue keeps a message for at most 14 days.",
        "value": "14",
        "value_number": "14",
        "unit": "days",
        "source_url": fact.source_url,
        "as_of": "2026-11-01",
        "verified": "on",
        "legacy_value": "",
        "legacy_number": "",
        "legacy_year": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


def change_fact(admin_client, **changes: Any):
    fact = Fact.objects.get(key="sqs.retention.max")
    return admin_client.post(
        reverse("admin:studyguide_fact_change", args=[fact.pk]), fact_data(**changes)
    )


def test_a_fact_edit_is_checked_by_the_importers_rules(admin_client, course):
    errors = form_errors(
        change_fact(admin_client, legacy_value="14", legacy_number="14", legacy_year="2019")
    )
    assert any("same as the current value" in e for e in errors["legacy_value"])
    errors = form_errors(change_fact(admin_client, legacy_value="4", legacy_year="2030"))
    assert any("after the as_of date" in e for e in errors["legacy_value"])
    assert Fact.objects.get(key="sqs.retention.max").legacy_year is None


def test_a_valid_fact_edit_is_saved_and_marked(admin_client, course, admin_user):
    response = change_fact(admin_client, statement="Edited in the admin.")
    assert response.status_code == 302
    fact = Fact.objects.get(key="sqs.retention.max")
    assert fact.statement == "Edited in the admin."
    assert fact.edited_by == admin_user
    assert fact.edited_at is not None


def test_a_lesson_quoting_an_unknown_fact_is_refused_beside_its_body(admin_client, course):
    lesson = Lesson.objects.get(slug="sqs-basics")
    data = {
        "topic": str(lesson.topic_id),
        "slug": lesson.slug,
        "title": lesson.title,
        "summary": lesson.summary,
        "order": str(lesson.order),
        "body": lesson.body + "\nAnd {{fact:nope.key}}.",
        "_save": "Save",
    }
    url = reverse("admin:studyguide_lesson_change", args=[lesson.pk])
    errors = form_errors(admin_client.post(url, data))
    assert any("nope.key" in e for e in errors["body"])
    lesson.refresh_from_db()
    assert "nope.key" not in lesson.body
    assert lesson.edited_at is None

    data["body"] = lesson.body + "\nEdited in the admin."
    assert admin_client.post(url, data).status_code == 302
    lesson.refresh_from_db()
    assert lesson.body.endswith("Edited in the admin.")
    assert lesson.edited_at is not None
