"""Numeric answers: bounded at the edge, and pages robust to rows stored before the bound."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.urls import reverse

from quizzes.models import Attempt, AttemptQuestion
from tests.quizzes.attempt_pack import import_pack, numeric_practice_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def numeric(user) -> AttemptQuestion:
    """A practice attempt's first numeric (calculated) question."""
    import_pack()
    return numeric_practice_item(user)


def answer_url(item: AttemptQuestion) -> str:
    return reverse("quizzes:answer", args=[item.attempt_id, item.position])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1e25", "Enter at most 1,000,000,000,000,000."),
        ("9" * 40, "Enter at most 1,000,000,000,000,000."),
        ("1e308", "Enter at most 1,000,000,000,000,000."),
        ("1e999999999", "Enter at most 1,000,000,000,000,000."),
        ("9" * 100_000, "Enter at most 1,000,000,000,000,000."),
        ("1e-999999999", "Use at most 4 decimal places."),
        ("0.000001", "Use at most 4 decimal places."),
        ("-3", "Enter zero or more, not a negative number."),
        ("twelve", "Enter a number."),
        ("NaN", "Enter a number, not NaN."),
        ("Infinity", "Enter a finite number."),
        ("", "Enter a number."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_out_of_range_and_malformed_numbers_are_refused_with_a_message(
    client_logged_in, numeric, raw, message, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(answer_url(numeric), {"number": raw}, headers=headers)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert ("<html" in html) != htmx
    numeric.refresh_from_db()
    assert numeric.answered_at is None
    assert numeric.number is None


def test_a_number_written_with_thousands_separators_is_read(client_logged_in, numeric):
    answer = numeric.question.answer
    assert answer is not None
    response = client_logged_in.post(answer_url(numeric), {"number": f"{answer:,}"})
    assert response.status_code == 302
    numeric.refresh_from_db()
    assert numeric.number == answer
    assert numeric.is_correct is True


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="only SQLite stores a value its numeric(30, 10) column cannot hold",
)
@pytest.mark.parametrize("stored", ["9e999", "-9e999", "1e308", "1e25"])
def test_pages_and_exports_survive_a_stored_out_of_range_number(client_logged_in, numeric, stored):
    with connection.cursor() as cursor:
        # Written straight into the row, as the old parser let through (9e999 is infinity).
        cursor.execute(
            f"UPDATE quizzes_attemptquestion SET number = {stored}, is_correct = 0, "  # noqa: S608
            "answered_at = '2026-11-26 09:00:00' WHERE id = %s",
            [numeric.pk],
        )
    attempt = Attempt.objects.get(pk=numeric.attempt_id)
    question_url = reverse("quizzes:question", args=[attempt.pk, numeric.position])
    assert client_logged_in.get(question_url).status_code == 200
    assert client_logged_in.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 302
    submit = client_logged_in.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert submit.status_code == 302
    result = client_logged_in.get(reverse("quizzes:result", args=[attempt.pk]))
    assert result.status_code == 200
    assert client_logged_in.get(reverse("quizzes:history")).status_code == 200

    exported = client_logged_in.get(reverse("progress:export_json"))
    assert exported.status_code == 200
    (row,) = [
        a
        for a in json.loads(exported.content)["attempts"][0]["answers"]
        if a["position"] == numeric.position
    ]
    # A value the column cannot hold is exported as no number, the rest of the row intact.
    assert row["number"] is None
    assert row["is_correct"] is False
    archive = client_logged_in.get(reverse("progress:export_csv"))
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
        assert "answers.csv" in files.namelist()
