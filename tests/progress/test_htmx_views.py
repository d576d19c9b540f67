"""Each htmx-aware progress view: plain, as an htmx swap, and as an htmx history restore."""

from datetime import timedelta

import pytest
from django.urls import reverse

from progress import services
from tests.progress.conftest import START

pytestmark = pytest.mark.django_db
SWAP = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
HEADERS = pytest.mark.parametrize(
    ("headers", "fragment"),
    [({}, False), (SWAP, True), (RESTORE, False)],
    ids=["plain", "htmx", "history-restore"],
)


def right_answer(response) -> dict[str, str]:
    context = response.context
    question = context["question"]
    index = next(i for i, c in enumerate(question.choices) if c.correct)
    return {
        "fact": context["fact"].key,
        "uid": question.uid,
        "turn": context.get("turn") or "",
        "choice": str(index),
    }


@HEADERS
def test_review_answer(client_logged_in, user, facts, frozen, headers, fragment):
    services.card_review(
        user=user,
        fact=facts["sqs.retention.max"],
        correct=False,
        at=START - timedelta(minutes=5),
        source="practice",
    )
    data = right_answer(client_logged_in.get(reverse("progress:review")))
    response = client_logged_in.post(reverse("progress:review_answer"), data, headers=headers)
    assert "HX-Request" in response["Vary"]
    if fragment:
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="review-body"' in html
        assert "<html" not in html
        assert "Correct" in html
    else:
        assert response.status_code == 302
        assert response.url == reverse("progress:review")


@HEADERS
def test_bad_review_answer(client_logged_in, facts, frozen, headers, fragment):
    response = client_logged_in.post(
        reverse("progress:review_answer"), {"fact": "no.such.fact"}, headers=headers
    )
    assert response.status_code == 400
    assert ("<html" in response.content.decode()) != fragment


@HEADERS
def test_cram_answer(client_logged_in, facts, frozen, headers, fragment):
    data = right_answer(client_logged_in.get(reverse("progress:cram", args=["kinesis"])))
    url = reverse("progress:cram_answer", args=["kinesis", 1])
    response = client_logged_in.post(url, data, headers=headers)
    assert "HX-Request" in response["Vary"]
    if fragment:
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="cram-body"' in html
        assert "<html" not in html
        assert "Question 2 of 4" in html
    else:
        assert response.status_code == 302
        assert response.url == reverse("progress:cram_question", args=["kinesis", 2])


@HEADERS
def test_bad_cram_answer(client_logged_in, facts, frozen, headers, fragment):
    url = reverse("progress:cram_answer", args=["kinesis", 1])
    response = client_logged_in.post(url, {"fact": "no.such.fact"}, headers=headers)
    assert response.status_code == 400
    assert ("<html" in response.content.decode()) != fragment


@HEADERS
def test_exam_date(client_logged_in, pack, frozen, headers, fragment):
    response = client_logged_in.post(
        reverse("progress:exam_date"), {"exam_date": "2027-01-15"}, headers=headers
    )
    assert "HX-Request" in response["Vary"]
    if fragment:
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="exam-date"' in html
        assert "<html" not in html
    else:
        assert response.status_code == 302
        assert response.url == reverse("progress:dashboard")


@HEADERS
def test_bad_exam_date(client_logged_in, pack, frozen, headers, fragment):
    response = client_logged_in.post(
        reverse("progress:exam_date"), {"exam_date": "not a date"}, headers=headers
    )
    assert response.status_code == 400
    assert ("<html" in response.content.decode()) != fragment
    assert "Enter a real date" in response.content.decode()
