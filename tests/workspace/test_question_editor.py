"""The question editor and its preview (issue 11): the importer's rules judge what is typed,
their messages stand beside the fields, bad input saves nothing."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from studyguide.content import ContentError, load_pack
from studyguide.content.validation import validate_question
from studyguide.models import AuthoredQuestion
from tests.studyguide.conftest import BASIC_PACK, DIAGRAMS
from tests.workspace.test_question_bank import HX, import_course
from workspace.models import ChangeRecord

pytestmark = pytest.mark.django_db

NEW = "/instructor/questions/new/?topic=queues"
PREVIEW = "/instructor/questions/preview/?topic=queues"

SCENARIO_CHOICES = [
    ("An Amazon SQS standard queue", True, "Each message goes to one worker."),
    ("An Amazon SNS topic", False, "It pushes every message to every subscriber."),
    ("A Kinesis stream with default retention", False, "24 hours is too short."),
    ("RabbitMQ on EC2", False, "It works, but brokers are more to run."),
]


def editor_data(
    choices: list[tuple[str, bool, str]] | None = None, *, rows: int | None = None, **fields: Any
) -> dict[str, str]:
    """The editor's POST: the question's fields and its choice rows."""
    choices = (
        [
            ("Amazon SNS", True, "It fans out."),
            ("Amazon SQS", False, "A queue gives each message to one consumer."),
            ("Amazon Kinesis", False, "A stream is read, not pushed."),
            ("AWS Step Functions", False, "It runs workflows."),
        ]
        if choices is None
        else choices
    )
    total = max(rows or 0, len(choices))
    data = {
        "key": "fanout-2",
        "kind": "single",
        "style": "recall",
        "status": "draft",
        "prompt": "Which service sends one message to many subscribers?",
        "explanation": "SNS is publish/subscribe.",
        "answer": "",
        "tolerance": "",
        "unit": "",
        "lesson": "",
        "tags": "",
        "choices-TOTAL_FORMS": str(total),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "12",
    }
    for index, (text, correct, why) in enumerate(choices):
        data[f"choices-{index}-text"] = text
        data[f"choices-{index}-why"] = why
        if correct:
            data[f"choices-{index}-correct"] = "on"
    data.update(fields)
    return data


@pytest.fixture
def course(db):
    return import_course()


def test_new_question_asks_for_its_topic_first(instructor_client, course):
    response = instructor_client.get("/instructor/questions/new/")
    assert response.status_code == 200
    assert b"Which topic does the question belong to?" in response.content
    assert instructor_client.get("/instructor/questions/new/?topic=nowhere").status_code == 400


def test_editor_shows_existing_facts_grouped_by_topic_and_the_topics_lessons(
    instructor_client, course
):
    response = instructor_client.get(NEW)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<optgroup label="Queues and streams">' in body
    assert 'value="sqs.retention.max"' in body
    form = response.context["form"]
    assert [slug for slug, _ in form.fields["lesson"].choices] == [
        "",
        "sqs-basics",
        "kinesis-streams",
    ]
    assert len(response.context["formset"].forms) == 2, "blank rows to fill without JavaScript"


def test_creating_a_question_saves_version_1_and_a_change_record(
    instructor, instructor_client, course
):
    data = editor_data(
        facts=["sns.delivery.model"], lesson="sqs-basics", tags="fan-out, exam", rows=6
    )
    response = instructor_client.post(NEW, data)
    assert response.status_code == 302
    assert response.url == "/instructor/questions/fanout-2/"
    question = AuthoredQuestion.objects.get(key="fanout-2")
    assert (question.version, question.status, question.topic.slug) == (1, "draft", "queues")
    assert question.choices[0] == {"text": "Amazon SNS", "correct": True, "why": "It fans out."}
    assert len(question.choices) == 4, "blank rows are left out"
    assert question.fact_keys == ["sns.delivery.model"]
    assert question.lesson_slug == "sqs-basics"
    assert question.tags == ["fan-out", "exam"]
    assert question.edited_by == instructor
    assert question.edited_at is not None
    record = ChangeRecord.objects.get(key="fanout-2")
    assert (record.action, record.user) == ("created", instructor)


def test_a_numeric_question_keeps_its_answer_tolerance_and_unit(instructor_client, course):
    data = editor_data(
        [],
        key="sqs-default-retention",
        kind="numeric",
        prompt="For how many days does SQS keep a message by default?",
        answer="4",
        tolerance="0.5",
        unit="days",
        explanation="The default retention period is 4 days.",
    )
    response = instructor_client.post(NEW, data)
    assert response.status_code == 302
    question = AuthoredQuestion.objects.get(key="sqs-default-retention")
    assert (question.answer, question.tolerance, question.unit) == (
        Decimal(4),
        Decimal("0.5"),
        "days",
    )
    assert question.choices == []


BAD_INPUT = [
    pytest.param({"prompt": ""}, "prompt", "must not be empty", id="empty-prompt"),
    pytest.param({"key": "Not A Slug"}, "key", "is not a slug", id="bad-id"),
    pytest.param({"key": "fanout-1"}, "key", "exists already", id="taken-id"),
    pytest.param({"key": "new"}, "key", "names one of the bank's pages", id="reserved-id"),
    pytest.param({"tags": "exam, Big Tag"}, "tags", "must be lower-case", id="bad-tag"),
    pytest.param({"kind": "essay"}, "kind", "Select a valid choice", id="unknown-kind"),
    pytest.param({"facts": ["no.such_fact"]}, "facts", "Select a valid choice", id="unknown-fact"),
    pytest.param({"lesson": "kinesis"}, "lesson", "Select a valid choice", id="foreign-lesson"),
    pytest.param(
        {"kind": "numeric", "answer": "lots"}, "answer", "must be a number", id="answer-not-number"
    ),
    pytest.param(
        {"kind": "numeric", "answer": "4", "tolerance": "-1"},
        "tolerance",
        "must not be negative",
        id="negative-tolerance",
    ),
]


@pytest.mark.parametrize(("fields", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_beside_its_field_and_saves_nothing(
    instructor_client, course, fields, field, message
):
    before = AuthoredQuestion.objects.count()
    response = instructor_client.post(NEW, editor_data(**fields))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert message.encode() in response.content.replace(b"&#x27;", b"'")
    assert AuthoredQuestion.objects.count() == before
    assert not ChangeRecord.objects.exists()


def test_choice_problems_stand_above_the_choice_rows(instructor_client, course):
    choices = [("Amazon SNS", True, ""), ("Amazon SQS", True, "")]
    response = instructor_client.post(NEW, editor_data(choices))
    assert response.status_code == 400
    errors = response.context["formset"].non_form_errors()
    assert "a single-answer question needs exactly one correct choice, not 2" in errors
    assert b'id="choices-errors"' in response.content
    assert not AuthoredQuestion.objects.filter(key="fanout-2").exists()


def test_choices_differing_only_in_case_are_refused_as_the_importer_refuses_them(
    instructor_client, course
):
    choices = [("Amazon SNS", True, ""), ("amazon sns", False, "Same thing.")]
    response = instructor_client.post(NEW, editor_data(choices))
    assert response.status_code == 400
    errors = " ".join(response.context["formset"].non_form_errors())
    assert "two choices have the text 'amazon sns'" in errors


def test_a_tampered_choice_formset_is_a_400_not_a_500(instructor_client, course):
    data = editor_data()
    del data["choices-TOTAL_FORMS"]
    assert instructor_client.post(NEW, data).status_code == 400
    data = editor_data()
    data["choices-TOTAL_FORMS"] = "5000"
    assert instructor_client.post(NEW, data).status_code == 400
    assert not AuthoredQuestion.objects.filter(key="fanout-2").exists()


def _import_problems(tmp_path: Path, item: dict[str, Any]) -> list[str]:
    """The importer's messages for `item` put into the fixture pack's questions.yaml."""
    import shutil

    pack = tmp_path / "content"
    shutil.copytree(BASIC_PACK, pack)
    path = pack / "queues" / "questions.yaml"
    items = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump([*items, item], sort_keys=False))
    with pytest.raises(ContentError) as raised:
        load_pack(pack, diagrams_dir=DIAGRAMS)
    return [problem.message for problem in raised.value.problems]


SHARED_CASES = [
    pytest.param(
        {"kind": "multiple", "prompt": "Which of these keep messages for later?"},
        [("Amazon SQS", True, ""), ("Kinesis", True, ""), ("Amazon SNS", False, "Pushes.")],
        "prompt",
        id="multiple-without-count",
    ),
    pytest.param(
        {"style": "scenario"}, SCENARIO_CHOICES[:3], "choices", id="scenario-with-3-choices"
    ),
    pytest.param(
        {},
        [("Amazon SNS", True, ""), ("Amazon SQS", False, "")],
        "choices",
        id="wrong-choice-without-why",
    ),
]


@pytest.mark.parametrize(("fields", "choices", "field"), SHARED_CASES)
def test_the_editor_and_the_importer_refuse_a_bad_item_with_the_same_message(
    instructor_client, course, tmp_path, fields, choices, field
):
    response = instructor_client.post(NEW, editor_data(choices, **fields))
    assert response.status_code == 400
    if field == "choices":
        shown = list(response.context["formset"].non_form_errors())
    else:
        shown = list(response.context["form"].errors[field])
    item: dict[str, Any] = {
        "id": "fanout-2",
        "kind": fields.get("kind", "single"),
        "style": fields.get("style", "recall"),
        "prompt": fields.get("prompt", "Which service sends one message to many subscribers?"),
        "explanation": "SNS is publish/subscribe.",
        "choices": [
            {
                "text": text,
                **({"correct": True} if correct else {}),
                **({"why": why} if why else {}),
            }
            for text, correct, why in choices
        ],
        "facts": [],
    }
    imported = _import_problems(tmp_path, item)
    assert shown
    assert set(shown) <= set(imported)
    _, errors = validate_question(item, topic="queues")
    assert errors[field] == shown


def test_add_a_row_without_javascript_posts_back_with_one_more_row(instructor_client, course):
    data = editor_data(add_choice="1")
    response = instructor_client.post(NEW, data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 5
    body = response.content.decode()
    assert 'value="Amazon SNS"' in body, "what was typed stays"
    assert not AuthoredQuestion.objects.filter(key="fanout-2").exists()


def test_add_a_row_with_htmx_returns_the_rows_only(instructor_client, course):
    response = instructor_client.post(NEW, editor_data(add_choice="1"), headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith('<div id="choice-rows">')
    assert 'name="choices-4-text"' in body
    assert 'name="choices-TOTAL_FORMS" value="5"' in body


def test_preview_shows_the_item_as_a_learner_sees_it_with_its_feedback(instructor_client, course):
    data = editor_data(choices=SCENARIO_CHOICES, style="scenario", lesson="sqs-basics")
    data["prompt"] = "Orders arrive in bursts. Which service keeps them with the LEAST overhead?"
    response = instructor_client.post(PREVIEW, data, headers=HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert body.strip().startswith('<section id="question-preview"')
    assert "Orders arrive in bursts." in body
    assert "Choose one answer" in body
    assert "<strong>✓ An Amazon SQS standard queue</strong> (right answer)" in body
    for _, _, why in SCENARIO_CHOICES:
        assert why in body
    assert "SNS is publish/subscribe." in body
    assert "/study/" in body or "sqs-basics" in body, "links the lesson"
    assert not AuthoredQuestion.objects.filter(key="fanout-2").exists()


def test_preview_of_a_multiple_answer_item_states_the_count(instructor_client, course):
    choices = [
        ("Amazon SQS", True, ""),
        ("Kinesis Data Streams", True, ""),
        ("Amazon SNS", False, "It keeps nothing."),
        ("AWS Lambda", False, "It runs code."),
    ]
    data = editor_data(choices, kind="multiple", prompt="Which keep data? Choose two.")
    body = instructor_client.post(PREVIEW, data, headers=HX).content.decode()
    assert "Choose two." in body
    assert 'type="checkbox"' in body


def test_preview_warns_when_quizzes_would_leave_the_item_out(instructor_client, course):
    choices = [("Amazon SNS", True, ""), ("Amazon SQS", False, "A queue.")]
    body = instructor_client.post(PREVIEW, editor_data(choices), headers=HX).content.decode()
    assert "Quizzes leave this question out" in body
    assert "2 options; an exam item has at least 4" in body


def test_preview_of_a_bad_item_lists_its_problems_with_400(instructor_client, course):
    response = instructor_client.post(PREVIEW, editor_data(prompt=""), headers=HX)
    assert response.status_code == 400
    assert "Prompt: must not be empty" in response.content.decode()


def test_preview_without_javascript_rerenders_the_editor_with_the_preview(
    instructor_client, course
):
    response = instructor_client.post(NEW, editor_data(preview="1"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert 'id="question-form"' in body
    assert "<strong>✓ Amazon SNS</strong> (right answer)" in body
    assert not AuthoredQuestion.objects.filter(key="fanout-2").exists()


def test_editing_prefills_the_form_with_the_question(instructor_client, course):
    response = instructor_client.get("/instructor/questions/streams-1/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    assert "key" not in form.fields, "the id is fixed once made"
    assert form.initial["prompt"] == "Which of these keep data for later reading? Choose two."
    assert [f.initial["text"] for f in response.context["formset"].initial_forms] == [
        "Amazon SQS",
        "Kinesis Data Streams",
        "Amazon SNS",
    ]
    numeric = instructor_client.get("/instructor/questions/sqs-retention-1/edit/")
    assert numeric.context["form"].initial["answer"] == "14"


def test_an_unknown_question_is_404(instructor_client, course):
    assert instructor_client.get("/instructor/questions/nope/").status_code == 404
    assert instructor_client.get("/instructor/questions/nope/edit/").status_code == 404


def test_editor_pages_make_a_bounded_number_of_queries(
    instructor_client, course, django_assert_max_num_queries
):
    instructor_client.get(NEW)
    with django_assert_max_num_queries(10):
        assert instructor_client.get("/instructor/questions/fanout-1/edit/").status_code == 200
    with django_assert_max_num_queries(12):
        assert instructor_client.get("/instructor/questions/fanout-1/").status_code == 200


def test_add_a_row_with_a_broken_formset_is_a_400(instructor_client, course):
    data = editor_data(add_choice="1")
    del data["choices-INITIAL_FORMS"]
    assert instructor_client.post(NEW, data, headers=HX).status_code == 400


def test_preview_while_editing_uses_the_questions_own_id_and_topic(instructor_client, course):
    data = editor_data(prompt="Which service fans out? Reworded.")
    del data["key"]
    response = instructor_client.post("/instructor/questions/fanout-1/preview/", data, headers=HX)
    assert response.status_code == 200
    assert "Which service fans out? Reworded." in response.content.decode()
    assert AuthoredQuestion.objects.get(key="fanout-1").prompt.startswith("Which service fans one")


def test_generated_page_makes_a_bounded_number_of_queries(
    instructor_client, course, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = instructor_client.get("/instructor/questions/generated/", {"topic": "queues"})
    assert response.status_code == 200


@pytest.mark.parametrize("topic", ["queues\x00", "../queues", "x" * 300])
def test_a_topic_that_is_no_slug_asks_for_a_topic_again(instructor_client, course, topic):
    # PostgreSQL refuses a NUL byte in a query: the slug is checked before it is asked.
    response = instructor_client.get(NEW, {"topic": topic})
    assert response.status_code == 400
    assert "topics" in response.context
