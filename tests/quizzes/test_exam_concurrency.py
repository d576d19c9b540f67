"""A submit racing answer posts, with real concurrent requests on their own connections."""

import threading
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from progress.models import ReviewLog
from quizzes import services
from quizzes.models import Attempt
from studyguide.records import ContentPack
from studyguide.selectors import content_pack_from_database
from tests.factories import UserFactory
from tests.quizzes.attempt_pack import PACK, import_pack
from tests.quizzes.test_attempts import answer_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite has no row locks and its in-memory test database refuses concurrent "
        "writers ('table is locked'); CI runs this on PostgreSQL",
    ),
]

ROUNDS = 5
ANSWERS = 19


def _race(attempt: Attempt) -> dict[int, int]:
    """One thread submits while ANSWERS threads each post a right answer to their question;
    returns each answer's status code by position."""
    items = {item.position: item for item in attempt.questions.all()}
    barrier = threading.Barrier(ANSWERS + 1)
    statuses: dict[int, int] = {}
    errors: list[BaseException] = []

    def run(position: int | None) -> None:
        try:
            client = Client()
            client.force_login(attempt.user)
            barrier.wait(timeout=30)
            if position is None:
                response = client.post(reverse("quizzes:submit", args=[attempt.pk]))
                assert response.status_code == 302
            else:
                response = client.post(
                    reverse("quizzes:answer", args=[attempt.pk, position]),
                    answer_data(items[position], right=True),
                )
                statuses[position] = response.status_code
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(None,))]
    threads += [threading.Thread(target=run, args=(p,)) for p in range(1, ANSWERS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return statuses


def _pack_of_twenty_questions() -> ContentPack:
    # The small attempt pack cannot fill a 20-question exam without asking a fact twice;
    # twenty more facts (one per question) give the race 19 answers to post.
    kinesis = next(f for f in PACK.facts if f.topic == "kinesis")
    extra = tuple(
        replace(
            base,
            key=f"{base.topic}.race.{n}",
            name=f"the race limit number {n} of the {base.topic} topic",
            statement=f"The race limit number {n} of the {base.topic} topic is {10 + n}.",
            value=Decimal(10 + n),
            legacy=None,
        )
        for base in (PACK.facts[0], kinesis)
        for n in range(20)
    )
    return replace(PACK, facts=PACK.facts + extra)


def test_a_submit_racing_answers_keeps_score_results_and_review_in_agreement():
    import_pack(_pack_of_twenty_questions())
    for round_number in range(ROUNDS):
        user = UserFactory()
        attempt = services.attempt_start_exam(
            user=user, pack=content_pack_from_database(), length=20, seed=round_number
        )
        assert attempt.question_count > ANSWERS
        statuses = _race(attempt)
        attempt.refresh_from_db()
        assert attempt.submitted_at is not None
        assert set(statuses.values()) <= {302, 409}, statuses
        rows = {item.position: item for item in attempt.questions.all()}
        late = [
            p
            for p, row in rows.items()
            if row.answered_at and row.answered_at > attempt.submitted_at
        ]
        assert late == [], f"round {round_number}: answers saved after submission at {late}"
        assert attempt.correct_count == sum(1 for row in rows.values() if row.is_correct)
        reviewed = set(
            ReviewLog.objects.filter(attempt_question__attempt=attempt).values_list(
                "attempt_question__position", flat=True
            )
        )
        for position, status in statuses.items():
            row = rows[position]
            if status == 302:
                assert row.is_correct, f"round {round_number}: acknowledged answer {position} lost"
                if row.question.facts:
                    assert position in reviewed, f"answer {position} never reached review"
            else:
                assert not row.is_answered, f"refused answer {position} was stored"
