"""The question bank's list and generated-question pages (issue 11): who may see them,
the filters and counts, and a bounded number of queries."""

from typing import Any

import pytest
from django.urls import reverse

from studyguide.content import load_pack
from studyguide.models import AuthoredQuestion, Topic
from studyguide.records import ContentPack
from studyguide.services import content_import
from tests.factories import UserFactory
from tests.studyguide.conftest import BASIC_PACK, DIAGRAMS
from workspace.models import QuestionReport

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
BANK = "/instructor/questions/"


def import_course() -> ContentPack:
    """The fixture course (topics queues and scaling, four questions) in the database."""
    pack = load_pack(BASIC_PACK, diagrams_dir=DIAGRAMS)
    content_import(pack=pack)
    return pack


def add_question(key: str, *, topic: str = "queues", **values: Any) -> AuthoredQuestion:
    fields: dict[str, Any] = {
        "kind": "single",
        "prompt": f"Which service answers {key}?",
        "explanation": "Because it does.",
        "choices": [
            {"text": "Amazon SQS", "correct": True, "why": ""},
            {"text": "Amazon SNS", "correct": False, "why": "It pushes messages."},
        ],
        **values,
    }
    return AuthoredQuestion.objects.create(key=key, topic=Topic.objects.get(slug=topic), **fields)


def report(question: AuthoredQuestion, *, status: str = "open") -> QuestionReport:
    return QuestionReport.objects.create(
        user=UserFactory(),
        question_uid=f"authored:{question.key}",
        question=question,
        version=question.version,
        snapshot={},
        reason=QuestionReport.Reason.TYPO,
        status=status,
    )


@pytest.fixture
def course(db):
    return import_course()


@pytest.mark.parametrize(
    "url",
    [
        BANK,
        "/instructor/questions/generated/",
        "/instructor/questions/new/",
        "/instructor/questions/fanout-1/",
        "/instructor/questions/fanout-1/edit/",
    ],
)
def test_bank_pages_send_learners_away_and_anonymous_visitors_to_sign_in(
    client, user, course, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(user)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/instructor/questions/preview/?topic=queues",
        "/instructor/questions/fanout-1/preview/",
        "/instructor/questions/fanout-1/status/",
        "/instructor/questions/fanout-1/edit/",
    ],
)
def test_learners_cannot_post_to_the_bank(client_logged_in, course, url: str) -> None:
    response = client_logged_in.post(url, {"status": "retired"})
    assert response.status_code == 403
    assert AuthoredQuestion.objects.get(key="fanout-1").status == "published"


def test_bank_lists_drafts_and_retired_but_not_archived_questions(instructor_client, course):
    add_question("draft-one", status="draft")
    add_question("retired-one", status="retired")
    add_question("archived-one", archived=True)
    response = instructor_client.get(BANK)
    assert response.status_code == 200
    keys = [q.key for q in response.context["page"].object_list]
    assert {"draft-one", "retired-one", "fanout-1", "streams-1"} <= set(keys)
    assert "archived-one" not in keys
    counts = {value: count for value, _, count, _ in response.context["by_status"]}
    assert counts == {"draft": 1, "published": 4, "retired": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "numeric"}, {"sqs-retention-1"}),
        ({"style": "scenario"}, {"orders-queue-scenario-1"}),
        ({"status": "draft"}, {"scaling-draft"}),
        ({"topic": "scaling"}, {"scaling-draft"}),
        ({"tag": "exam"}, {"fanout-1"}),
        ({"reported": "on"}, {"streams-1"}),
        ({"q": "fans one"}, {"fanout-1"}),
        ({"q": "STREAMS"}, {"streams-1"}),
    ],
)
def test_bank_filters(instructor_client, course, query: dict[str, str], expected: set[str]):
    add_question("scaling-draft", topic="scaling", status="draft", tags=["scale-out"])
    AuthoredQuestion.objects.filter(key="fanout-1").update(tags=["exam", "sns"])
    AuthoredQuestion.objects.filter(key="sqs-retention-1").update(tags=["examples"])
    streams = AuthoredQuestion.objects.get(key="streams-1")
    report(streams)
    report(AuthoredQuestion.objects.get(key="fanout-1"), status="fixed")
    response = instructor_client.get(BANK, query)
    assert response.status_code == 200
    assert {q.key for q in response.context["page"].object_list} == expected


def test_bank_counts_follow_the_other_filters(instructor_client, course):
    add_question("scaling-draft", topic="scaling", status="draft")
    response = instructor_client.get(BANK, {"topic": "scaling", "status": "published"})
    counts = {value: count for value, _, count, _ in response.context["by_status"]}
    assert counts == {"draft": 1, "published": 0, "retired": 0}


@pytest.mark.parametrize(
    "query",
    [{"kind": "essay"}, {"status": "gone"}, {"topic": "no-such-topic"}, {"tag": "Not A Tag"}],
)
def test_bad_filters_are_refused_with_a_message(instructor_client, course, query):
    response = instructor_client.get(BANK, query)
    assert response.status_code == 400
    assert b'role="alert"' in response.content


def test_bank_pages_and_keeps_filters_in_page_links(instructor_client, course):
    for n in range(30):
        add_question(f"extra-{n:02d}", status="draft")
    first = instructor_client.get(BANK, {"status": "draft"})
    assert len(first.context["page"].object_list) == 25
    assert "status=draft&amp;page=2" in first.content.decode()
    second = instructor_client.get(BANK, {"status": "draft", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert instructor_client.get(BANK, {"page": "nonsense"}).status_code == 200


def test_bank_answers_htmx_with_the_results_only(instructor_client, course):
    response = instructor_client.get(BANK, {"kind": "numeric"}, headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="results"' in body
    assert "sqs-retention-1" in body
    assert "HX-Request" in response["Vary"]


def test_bank_queries_do_not_grow_with_the_bank(
    instructor_client, course, django_assert_max_num_queries
):
    instructor_client.get(BANK)  # warm the per-session caches (roles, topics)
    for n in range(40):
        question = add_question(f"many-{n:02d}", tags=[f"tag-{n}"])
        report(question)
    with django_assert_max_num_queries(12):
        response = instructor_client.get(BANK, {"reported": "on"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25


def test_generated_page_lists_each_generators_questions_for_a_topic(instructor_client, course):
    response = instructor_client.get("/instructor/questions/generated/", {"topic": "queues"})
    assert response.status_code == 200
    groups = {group.kind: group.questions for group in response.context["groups"]}
    assert "authored" not in groups
    assert groups["fact_value"], "the queues facts yield fact-value questions"
    body = response.content.decode()
    assert groups["fact_value"][0].prompt in body
    assert "right answer" in body


def test_generated_page_filters_by_generator_kind(instructor_client, course):
    response = instructor_client.get(
        "/instructor/questions/generated/", {"topic": "queues", "kind": "true_false"}
    )
    assert [group.kind for group in response.context["groups"]] == ["true_false"]


@pytest.mark.parametrize("query", [{"topic": "nowhere"}, {"topic": "queues", "kind": "essay"}])
def test_generated_page_refuses_unknown_topic_or_kind(instructor_client, course, query):
    response = instructor_client.get("/instructor/questions/generated/", query)
    assert response.status_code == 400
    assert b'role="alert"' in response.content


def test_instructor_home_links_to_the_question_bank(instructor_client):
    response = instructor_client.get(reverse("instructor_home"))
    assert reverse("workspace:question_list").encode() in response.content


def test_bank_says_which_questions_quizzes_leave_out_and_why(instructor_client, course):
    add_question("two-options")
    response = instructor_client.get(BANK, {"q": "two-options"})
    body = response.content.decode()
    assert "Left out of quizzes:</strong> 2 options; an exam item has at least 4" in body
    fit = instructor_client.get(BANK, {"q": "orders-queue-scenario-1"}).content.decode()
    assert "Left out of quizzes" not in fit
