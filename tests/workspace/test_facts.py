from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from quizzes.generation import QuestionKind
from quizzes.pools import pool_source
from studyguide.models import AuthoredQuestion, Fact
from studyguide.selectors import content_pack_from_database
from tests.factories import FactFactory, LessonFactory, TopicFactory
from tests.quizzes.attempt_pack import import_pack
from workspace.models import ChangeRecord

pytestmark = pytest.mark.django_db

LIST_URL = reverse("workspace:fact_list")


def edit_url(key: str) -> str:
    return reverse("workspace:fact_edit", kwargs={"key": key})


def form_data(fact: Fact, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "value": fact.value,
        "unit": fact.unit,
        "name": fact.name,
        "statement": fact.statement,
        "source_url": fact.source_url,
        "as_of": fact.as_of.isoformat(),
        "legacy_value": fact.legacy_value,
        "legacy_year": "" if fact.legacy_year is None else str(fact.legacy_year),
    }
    if fact.verified:
        data["verified"] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def authored(topic: Any, key: str, fact_keys: list[str]) -> AuthoredQuestion:
    return AuthoredQuestion.objects.create(
        topic=topic,
        key=key,
        kind="single",
        prompt=f"Prompt of {key}?",
        explanation="Because.",
        choices=[{"text": "A", "correct": True}, {"text": "B", "why": "No."}],
        fact_keys=fact_keys,
    )


# Access --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "edit"])
def test_fact_pages_are_for_instructors_only(client_logged_in, name: str) -> None:
    fact = FactFactory()
    url = LIST_URL if name == "list" else edit_url(fact.key)
    assert client_logged_in.get(url).status_code == 403
    response = client_logged_in.post(edit_url(fact.key), form_data(fact, value="99"))
    assert response.status_code == 403
    fact.refresh_from_db()
    assert fact.value == "14"


def test_fact_pages_send_anonymous_visitors_to_sign_in(client) -> None:
    fact = FactFactory()
    for url in (LIST_URL, edit_url(fact.key)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_unknown_fact_is_404(instructor_client) -> None:
    assert instructor_client.get(edit_url("no.such.fact")).status_code == 404


@pytest.mark.parametrize("key", ["sqs.retention\x00.max", "Not A Key", "a" * 500])
def test_a_path_that_is_no_fact_key_is_404_on_every_database(instructor_client, key) -> None:
    # PostgreSQL refuses a NUL byte in a query: the key must be checked before it is asked.
    assert instructor_client.get(edit_url(key)).status_code == 404


# List ----------------------------------------------------------------------------------


def test_list_filters_by_topic_search_and_verified(instructor_client) -> None:
    queues, streams = TopicFactory(slug="queues"), TopicFactory(slug="streams")
    FactFactory(key="sqs.retention.max", topic=queues, name="the longest SQS retention")
    FactFactory(key="sqs.batch.max", topic=queues, name="the largest SQS batch", verified=False)
    FactFactory(key="kinesis.shard.write", topic=streams, name="a shard's write rate")

    def keys(**query: str) -> set[str]:
        html = instructor_client.get(LIST_URL, query).content.decode()
        found = {"sqs.retention.max", "sqs.batch.max", "kinesis.shard.write"}
        return {key for key in found if f"<code>{key}</code>" in html}

    assert keys() == {"sqs.retention.max", "sqs.batch.max", "kinesis.shard.write"}
    assert keys(topic="queues") == {"sqs.retention.max", "sqs.batch.max"}
    assert keys(q="shard") == {"kinesis.shard.write"}
    assert keys(verified="no") == {"sqs.batch.max"}
    assert keys(topic="queues", verified="yes") == {"sqs.retention.max"}


def test_list_answers_htmx_with_the_results_fragment(instructor_client) -> None:
    FactFactory(key="sqs.retention.max")
    response = instructor_client.get(LIST_URL, {"q": "retention"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<code>sqs.retention.max</code>" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [({"topic": "nope"}, "There is no topic nope."), ({"verified": "maybe"}, "Choose verified")],
)
def test_list_with_a_bad_filter_says_so_with_400(instructor_client, query, message) -> None:
    FactFactory()
    response = instructor_client.get(LIST_URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_list_makes_a_bounded_number_of_queries(
    instructor_client, django_assert_max_num_queries
) -> None:
    topic = TopicFactory()
    FactFactory.create_batch(60, topic=topic)
    with django_assert_max_num_queries(10):
        response = instructor_client.get(LIST_URL)
    assert response.status_code == 200
    assert "page 1 of 2" in response.content.decode()


# Edit page -----------------------------------------------------------------------------


def test_edit_page_shows_the_lessons_and_questions_that_use_the_fact(instructor_client) -> None:
    fact = FactFactory(key="sqs.retention.max")
    LessonFactory(topic=fact.topic, title="Queues", body="Kept for {{fact:sqs.retention.max}}.")
    LessonFactory(topic=fact.topic, title="Other", body="Kept for {{fact:sqs.retention.maxi}}.")
    LessonFactory(topic=fact.topic, title="Shouting", body="Kept for {{fact:SQS.retention.max}}.")
    authored(fact.topic, "uses-it", ["sqs.retention.max", "sqs.other"])
    authored(fact.topic, "near-miss", ["sqs.retention.max.x"])
    html = instructor_client.get(edit_url(fact.key)).content.decode()
    usage = html[html.index("What this edit changes") : html.index('id="form-heading"')]
    assert "Queues" in usage
    assert "Other" not in usage
    assert "Shouting" not in usage
    assert "uses-it" in usage
    assert "near-miss" not in usage
    assert "Generated questions" in usage


def test_edit_page_has_a_label_for_every_field(instructor_client) -> None:
    fact = FactFactory()
    html = instructor_client.get(edit_url(fact.key)).content.decode()
    for name in (
        "value",
        "unit",
        "name",
        "statement",
        "source_url",
        "as_of",
        "legacy_value",
        "legacy_year",
        "verified",
    ):
        assert f'for="id_{name}"' in html


def test_saving_a_fact_changes_it_marks_the_edit_and_records_the_change(
    instructor_client, instructor
) -> None:
    fact = FactFactory(key="sqs.retention.max", value="14", unit="days")
    response = instructor_client.post(
        edit_url(fact.key),
        form_data(fact, value="15", legacy_value="7", legacy_year="2019", as_of="2026-11-20"),
    )
    assert response.status_code == 302
    assert response.url == edit_url(fact.key)
    fact.refresh_from_db()
    assert fact.value == "15"
    assert fact.value_number == Decimal(15)
    assert (fact.legacy_value, fact.legacy_number, fact.legacy_year) == ("7", Decimal(7), 2019)
    assert fact.as_of == date(2026, 11, 20)
    assert fact.edited_by == instructor
    assert fact.edited_at is not None
    record = ChangeRecord.objects.get(subject="fact", key=fact.key)
    assert record.user == instructor
    assert record.action == "edited"
    assert "value: 14 days → 15 days" in record.summary
    assert "legacy value: none → 7 days (2019)" in record.summary
    page = instructor_client.get(response.url).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert instructor.get_username() in history
    assert "value: 14 days → 15 days" in history


def test_a_text_value_stays_text(instructor_client) -> None:
    fact = FactFactory(value="14")
    instructor_client.post(edit_url(fact.key), form_data(fact, value="1 per shard"))
    fact.refresh_from_db()
    assert fact.value == "1 per shard"
    assert fact.value_number is None


def test_a_text_value_that_looks_like_a_number_stays_text_when_unchanged(instructor_client) -> None:
    fact = FactFactory(value="2019", value_number=None, unit="")
    response = instructor_client.post(edit_url(fact.key), form_data(fact), follow=True)
    assert "Nothing changed" in response.content.decode()
    fact.refresh_from_db()
    assert fact.value_number is None


def test_saving_unchanged_fields_records_nothing(instructor_client) -> None:
    fact = FactFactory()
    response = instructor_client.post(edit_url(fact.key), form_data(fact), follow=True)
    assert "Nothing changed" in response.content.decode()
    assert not ChangeRecord.objects.exists()
    fact.refresh_from_db()
    assert fact.edited_at is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"as_of": "2026-13-01"}, "as_of", "&#x27;2026-13-01&#x27; is not a date like 2026-11-01"),
        ({"as_of": "yesterday"}, "as_of", "is not a date like 2026-11-01"),
        (
            {"source_url": "http://docs.aws.amazon.com/x.html"},
            "source_url",
            "must be an https:// URL",
        ),
        ({"source_url": "docs.aws.amazon.com"}, "source_url", "must be an https:// URL"),
        ({"value": ""}, "value", "must be a number or a short text"),
        ({"name": "  "}, "name", "must not be empty"),
        ({"statement": ""}, "statement", "must not be empty"),
        ({"legacy_value": "7", "legacy_year": "19"}, "legacy_value", "must be a year such as 2019"),
        ({"legacy_value": "7", "legacy_year": "2030"}, "legacy_value", "is after the as_of date"),
        ({"legacy_value": "7"}, "legacy_value", "missing field &#x27;year&#x27;"),
        ({"legacy_value": "14", "legacy_year": "2019"}, "legacy_value", "same as the current"),
        ({"value": "1" * 25}, "value", "digits"),
    ],
)
def test_bad_input_is_refused_beside_its_field_with_400_and_nothing_saved(
    instructor_client, changes, field, message
) -> None:
    fact = FactFactory()
    response = instructor_client.post(edit_url(fact.key), form_data(fact, **changes))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    # The message stands in the field's own group: after its label, or for the older
    # value and its year (judged as one block) in their fieldset.
    if field == "legacy_value":
        start, end = html.index("<legend>Older value"), html.index("</fieldset>")
        assert 'id="legacy-errors"' in html
    else:
        start = html.index(f'for="id_{field}"')
        end = start + 1500
    assert start < html.index(message) < end
    assert 'aria-invalid="true"' in html
    before = Fact.objects.get(pk=fact.pk)
    assert (before.value, before.as_of, before.source_url, before.edited_at) == (
        fact.value,
        fact.as_of,
        fact.source_url,
        None,
    )
    assert not ChangeRecord.objects.exists()


def test_edit_page_makes_a_bounded_number_of_queries(
    instructor_client, instructor, django_assert_max_num_queries
) -> None:
    fact = FactFactory(key="sqs.retention.max")
    for number in range(20):
        LessonFactory(topic=fact.topic, body="{{fact:sqs.retention.max}}")
        authored(fact.topic, f"q-{number}", ["sqs.retention.max"])
        ChangeRecord.objects.create(subject="fact", key=fact.key, action="edited", user=instructor)
    with django_assert_max_num_queries(12):
        response = instructor_client.get(edit_url(fact.key))
    assert response.status_code == 200


# Generated questions follow the edit ---------------------------------------------------


def fact_value_answer(key: str) -> list[str]:
    pack = content_pack_from_database()
    source = pool_source(pack)
    assert source is not None
    questions = source("messaging", QuestionKind.FACT_VALUE, 0)
    question = next(q for q in questions if q.uid == f"fact-value:{key}")
    return [choice.text for choice in question.correct_choices]


def test_a_generated_question_asks_the_new_value_after_an_edit(instructor_client) -> None:
    import_pack()
    assert fact_value_answer("sqs.retention.max") == ["14 days"]
    fact = Fact.objects.get(key="sqs.retention.max")
    response = instructor_client.post(edit_url(fact.key), form_data(fact, value="12"))
    assert response.status_code == 302
    assert fact_value_answer("sqs.retention.max") == ["12 days"]


HOSTILE = ["a\x00b", "9" * 40, "1e999999999", "-0", "x" * 100_000, "💥" * 50, "2026-02-30"]
FACT_FIELDS = ["value", "unit", "name", "statement", "source_url", "as_of", "legacy_value"]


@pytest.mark.parametrize("field", [*FACT_FIELDS, "legacy_year"])
def test_hostile_values_in_any_field_never_break_the_editor(instructor_client, field) -> None:
    fact = FactFactory()
    for value in HOSTILE:
        before = Fact.objects.get(pk=fact.pk)
        response = instructor_client.post(edit_url(fact.key), form_data(before, **{field: value}))
        assert response.status_code in (302, 400), (field, value[:20])
        if response.status_code == 400:
            after = Fact.objects.get(pk=fact.pk)
            assert (after.value, after.edited_at) == (before.value, before.edited_at)
