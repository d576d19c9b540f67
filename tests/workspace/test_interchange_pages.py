from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from studyguide.interchange import parse_gift
from studyguide.models import AuthoredQuestion, Topic
from tests.factories import TopicFactory
from workspace.models import ChangeRecord

pytestmark = pytest.mark.django_db

URL = reverse("workspace:interchange")
EXPORT_URL = reverse("workspace:interchange_export")

GIFT = """::cache-threads::Which cache engine uses every core of a node?{
\t=Memcached#It is multithreaded.
\t~Redis OSS#Redis OSS runs commands on one thread.
\t####Memcached is the multithreaded engine.
}

::queue-retention::How many days at most does SQS keep a message?{
\t=14 days#The maximum retention period.
\t~4 days#That is the default, not the maximum.
\t~7 days#No setting stops at a week.
\t####SQS keeps a message for 4 days unless set longer, up to 14 days.
}
"""

AIKEN = """Which service pushes one message to many subscribers?
A. Amazon SQS
B. Amazon SNS
ANSWER: B
WHY A: A queue hands each message to one consumer.
EXPLANATION: SNS pushes each message to every subscriber.
"""

# An essay question (an empty answer block) is refused: the app marks every answer itself.
REFUSED_GIFT = GIFT + "\n::essay::Explain how a queue decouples two services.{}\n"


@pytest.fixture
def topic() -> Topic:
    return TopicFactory(slug="messaging", title="Messaging")


def upload(
    content: bytes | str, *, name: str = "bank.gift", topic: str = "messaging", fmt: str = "gift"
) -> dict[str, Any]:
    data = content.encode() if isinstance(content, str) else content
    return {"topic": topic, "file_format": fmt, "file": SimpleUploadedFile(name, data)}


def authored(topic: Topic, key: str, status: str) -> AuthoredQuestion:
    return AuthoredQuestion.objects.create(
        topic=topic,
        key=key,
        kind="single",
        status=status,
        prompt=f"Which answer does {key} want?",
        explanation="The first one is right.",
        choices=[{"text": "Right", "correct": True}, {"text": "Wrong", "why": "It is not."}],
    )


# Access --------------------------------------------------------------------------------


def test_interchange_is_for_instructors_only(client_logged_in, topic) -> None:
    assert client_logged_in.get(URL).status_code == 403
    assert client_logged_in.post(URL, upload(GIFT)).status_code == 403
    assert client_logged_in.get(EXPORT_URL, {"topics": "messaging"}).status_code == 403
    assert not AuthoredQuestion.objects.exists()


def test_interchange_sends_anonymous_visitors_to_sign_in(client, topic) -> None:
    for url in (URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_page_labels_every_field_and_uploads_as_multipart(instructor_client, topic) -> None:
    html = instructor_client.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in html
    for name in ("id_topic", "id_file", "id_status"):
        assert f'for="{name}"' in html
    assert 'id="id_file_format_0"' in html
    assert "/instructor/questions/?status=draft" in html


# Import --------------------------------------------------------------------------------


def test_a_gift_file_is_imported_as_drafts_with_change_records(
    instructor_client, instructor, topic
) -> None:
    response = instructor_client.post(URL, upload(GIFT))
    assert response.status_code == 302
    assert response.url == URL
    questions = list(AuthoredQuestion.objects.order_by("order"))
    assert [q.key for q in questions] == ["cache-threads", "queue-retention"]
    assert {q.status for q in questions} == {"draft"}
    assert {q.topic_id for q in questions} == {topic.pk}
    records = ChangeRecord.objects.filter(subject="question", action="imported")
    assert sorted(r.key for r in records) == ["cache-threads", "queue-retention"]
    assert {r.user_id for r in records} == {instructor.pk}
    assert "bank.gift" in records[0].summary
    page = instructor_client.get(URL).content.decode()
    assert "Imported 2 question(s) into Messaging as drafts." in page
    assert (
        '<a href="/instructor/questions/?status=draft">Review the drafts in the question bank</a>'
        in page
    )


def test_an_aiken_file_is_imported_as_drafts(instructor_client, topic) -> None:
    response = instructor_client.post(URL, upload(AIKEN, name="bank.txt", fmt="aiken"))
    assert response.status_code == 302
    question = AuthoredQuestion.objects.get()
    assert question.status == "draft"
    assert question.choices[1]["correct"] is True


def test_a_file_with_a_refused_feature_imports_nothing_and_lists_problems_by_line(
    instructor_client, topic
) -> None:
    response = instructor_client.post(URL, upload(REFUSED_GIFT))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported." in html
    line = (
        REFUSED_GIFT.splitlines().index("::essay::Explain how a queue decouples two services.{}")
        + 1
    )
    problems = parse_gift(REFUSED_GIFT, topic="messaging").problems
    assert problems
    assert f"<li>line {line}: " in html
    assert "is refused" in html
    assert not AuthoredQuestion.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_a_question_that_breaks_an_import_rule_refuses_the_file(instructor_client, topic) -> None:
    no_feedback = "::bare::Which is a queue?{\n=SQS\n~SNS\n}\n"
    response = instructor_client.post(URL, upload(GIFT + "\n" + no_feedback))
    html = response.content.decode()
    assert response.status_code == 400
    assert "<li>line 14: " in html
    assert not AuthoredQuestion.objects.exists()


def test_an_id_already_in_the_bank_refuses_the_file(instructor_client, topic) -> None:
    authored(topic, "cache-threads", "published")
    response = instructor_client.post(URL, upload(GIFT))
    assert response.status_code == 400
    assert "a question with the id &#x27;cache-threads&#x27; already exists" in (
        response.content.decode()
    )
    assert AuthoredQuestion.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"file": b"x" * (1024 * 1024 + 1)}, "at most 1 MB is accepted"),
        ({"file": b"::q::Which one?{\n=caf\xe9\n}\n"}, "line 2: is not UTF-8 text"),
        ({"file": b""}, "The file is empty."),
        ({"file": None}, "Choose a file to upload."),
        ({"topic": "nope"}, "There is no topic nope."),
        ({"topic": ""}, "Choose the topic to add them to."),
        ({"file_format": "moodle-xml"}, "Choose GIFT or Aiken."),
        ({"file": b"Just some words, no question.\n"}, "line 1: "),
        ({"file": b"::q::Which?{\n=a\x00b\n}\n"}, "contains a NUL character"),
    ],
)
def test_bad_uploads_are_refused_with_a_message_and_400(
    instructor_client, topic, data, message
) -> None:
    post = upload(GIFT)
    for name, value in data.items():
        if name == "file":
            if value is None:
                del post["file"]
            else:
                post["file"] = SimpleUploadedFile("bank.gift", value)
        else:
            post[name] = value
    response = instructor_client.post(URL, post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuthoredQuestion.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_an_import_makes_a_bounded_number_of_queries(
    instructor_client, topic, django_assert_max_num_queries
) -> None:
    for number in range(30):
        authored(topic, f"existing-{number}", "published")
    with django_assert_max_num_queries(15):
        response = instructor_client.post(URL, upload(GIFT))
    assert response.status_code == 302


# Export --------------------------------------------------------------------------------


def test_export_downloads_the_chosen_topics_and_status_as_gift(instructor_client, topic) -> None:
    other = TopicFactory(slug="caching", title="Caching")
    authored(topic, "draft-one", "draft")
    authored(topic, "published-one", "published")
    authored(other, "cached-one", "draft")
    TopicFactory(slug="unchosen")
    response = instructor_client.get(
        EXPORT_URL, {"topics": ["messaging", "caching"], "status": "draft"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="messaging-caching-draft.gift"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "$CATEGORY: $course$/top/messaging" in text
    assert "$CATEGORY: $course$/top/caching" in text
    assert "::draft-one::" in text
    assert "::cached-one::" in text
    assert "::published-one::" not in text
    # What is exported reads back as the same questions.
    parsed = parse_gift(text, topic="messaging")
    assert not parsed.problems
    assert {q.question.id for q in parsed.questions} == {"draft-one", "cached-one"}


def test_export_of_every_status(instructor_client, topic) -> None:
    authored(topic, "draft-one", "draft")
    authored(topic, "published-one", "published")
    response = instructor_client.get(EXPORT_URL, {"topics": "messaging"})
    assert response["Content-Disposition"] == 'attachment; filename="messaging.gift"'
    text = response.content.decode()
    assert "::draft-one::" in text
    assert "::published-one::" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Choose at least one topic."),
        ({"topics": "nope"}, "There is no topic nope."),
        ({"topics": "messaging", "status": "lost"}, "Choose draft, published, retired"),
    ],
)
def test_a_bad_export_request_says_so_with_400(instructor_client, topic, query, message) -> None:
    response = instructor_client.get(EXPORT_URL, query)
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert message in response.content.decode()


def test_export_makes_a_bounded_number_of_queries(
    instructor_client, django_assert_max_num_queries
) -> None:
    topics = [TopicFactory() for _ in range(4)]
    for topic in topics:
        for number in range(10):
            authored(topic, f"{topic.slug}-q{number}", "published")
    with django_assert_max_num_queries(6):
        response = instructor_client.get(EXPORT_URL, {"topics": [t.slug for t in topics]})
    assert response.status_code == 200
    assert response.content.decode().count("::topic-") == 40
