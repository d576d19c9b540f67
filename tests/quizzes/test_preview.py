import pytest
from django.urls import reverse

from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db
URL = reverse("quizzes:preview")


@pytest.fixture(autouse=True)
def pack():
    return import_pack()


def test_preview_is_for_instructors_only(client, client_logged_in):
    assert client_logged_in.get(URL).status_code == 403


def test_preview_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_preview_shows_questions_with_answers_and_whys(instructor_client):
    response = instructor_client.get(URL, {"topic": "messaging", "seed": 0, "count": 50})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Which service fans one message out to many subscribers?" in html
    assert "✓ Amazon SNS" in html
    assert "Why not: A queue delivers each message to one consumer." in html
    assert "This topic yields" in html


def test_preview_of_one_kind_shows_only_that_kind(instructor_client):
    html = instructor_client.get(
        URL, {"topic": "messaging", "kind": "true_false", "seed": 0, "count": 50}
    ).content.decode()
    assert "true_false · single" in html
    assert "fact_value ·" not in html
    assert "authored ·" not in html


def test_the_same_seed_previews_the_same_questions(instructor_client):
    query = {"topic": "kinesis", "seed": 7, "count": 10}

    def questions_part(html: str) -> str:
        return html[html.index('<ol class="review-list">') :]

    first = questions_part(instructor_client.get(URL, query).content.decode())
    again = questions_part(instructor_client.get(URL, query).content.decode())
    other = questions_part(instructor_client.get(URL, {**query, "seed": 8}).content.decode())
    assert first == again
    assert first != other


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"topic": "nope", "seed": 0, "count": 5}, "nope is not a topic."),
        ({"topic": "kinesis", "seed": "x", "count": 5}, "The seed is a whole number"),
        ({"topic": "kinesis", "seed": 0, "count": 0}, "greater than or equal to 1"),
        ({"topic": "kinesis", "seed": 0, "count": 999}, "less than or equal to 200"),
        (
            {"topic": "kinesis", "kind": "essay", "seed": 0, "count": 5},
            "essay is not a question kind.",
        ),
    ],
)
def test_bad_preview_input_is_a_400_with_a_message(instructor_client, query, message):
    response = instructor_client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "review-item" not in response.content.decode()
