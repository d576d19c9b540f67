"""A course row or attempt snapshot that got past the validators (written straight to the
database) costs only itself: the quiz leaves it out, logs its uid, and never fails whole."""

import logging
from typing import Any

import pytest
from django.urls import reverse

from quizzes import generation, services
from quizzes.generation import QuestionKind, questions_for_topic
from quizzes.models import SCORE_SCALE, Attempt, AttemptQuestion
from studyguide.models import AuthoredQuestion
from studyguide.selectors import content_pack_from_database
from tests.quizzes.attempt_pack import QUESTION, import_pack

pytestmark = pytest.mark.django_db
UID = f"authored:{QUESTION.id}"

CORRUPTIONS: dict[str, dict[str, Any]] = {
    "unknown kind": {"kind": "essay"},
    "choices not a list of choices": {"choices": "Amazon SNS, Amazon SQS"},
    "choices without text": {"choices": [{"correct": True}, {"why": "no text"}]},
    "two right answers to a single-answer item": {
        "choices": [
            {"text": "Amazon SNS", "correct": True, "why": ""},
            {"text": "Amazon SQS", "correct": True, "why": ""},
        ]
    },
}


@pytest.fixture
def corrupt(request, caplog):
    import_pack()
    # Straight to the table, past the admin's and the workspace's validators.
    assert AuthoredQuestion.objects.filter(key=QUESTION.id).update(**request.param) == 1
    caplog.set_level(logging.WARNING)
    return caplog


def warned_about(caplog) -> bool:
    return any(
        record.levelno >= logging.WARNING and UID in record.getMessage()
        for record in caplog.records
    )


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys(), indirect=True)
def test_practice_starts_without_the_bad_item_and_logs_its_uid(client_logged_in, corrupt):
    response = client_logged_in.post(
        reverse("quizzes:practice"), {"topics": ["messaging"], "length": 5}
    )
    assert response.status_code == 302
    attempt = Attempt.objects.get()
    uids = set(attempt.questions.values_list("question_uid", flat=True))
    assert uids
    assert UID not in uids
    assert warned_about(corrupt)
    assert client_logged_in.get(response.url, follow=True).status_code == 200


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys(), indirect=True)
def test_exam_starts_without_the_bad_item_and_logs_its_uid(client_logged_in, corrupt):
    response = client_logged_in.post(reverse("quizzes:exam"), {"length": 10})
    assert response.status_code == 302
    attempt = Attempt.objects.get()
    assert attempt.is_exam
    assert UID not in set(attempt.questions.values_list("question_uid", flat=True))
    assert warned_about(corrupt)
    assert client_logged_in.get(response.url, follow=True).status_code == 200


@pytest.mark.parametrize("corrupt", [CORRUPTIONS["choices without text"]], indirect=True)
def test_the_rest_of_the_course_still_reads(corrupt):
    pack = content_pack_from_database()
    assert len(pack.facts) == 8
    assert pack.lessons
    assert QUESTION.id not in {q.id for q in pack.questions}
    assert warned_about(corrupt)


def test_an_unreadable_snapshot_is_left_out_of_marking_and_the_score(user, caplog):
    pack = import_pack()
    attempt = services.attempt_start_practice(user=user, pack=pack, topics=["messaging"], length=5)
    first, broken, *rest = attempt.questions.order_by("position")
    AttemptQuestion.objects.filter(pk=broken.pk).update(snapshot={"uid": broken.question_uid})
    caplog.set_level(logging.WARNING)

    with pytest.raises(services.QuizError, match="cannot be marked"):
        services.answer_record(attempt=attempt, position=broken.position, number=None)
    assert broken.question_uid in caplog.text
    broken.refresh_from_db()
    assert broken.answered_at is None

    question = first.question
    right = sorted(question.correct_indexes) if question.choices else None
    services.answer_record(
        attempt=attempt, position=first.position, selected=right, number=question.answer
    )
    submitted = services.attempt_submit(attempt=attempt)
    assert submitted.is_submitted
    assert submitted.correct_count == 1
    # Scored out of the questions that can still be marked.
    assert submitted.score == round(SCORE_SCALE * 1 / (1 + len(rest)))

    retry = services.attempt_start_retry(user=user, attempt=submitted)
    assert broken.question_uid not in set(retry.questions.values_list("question_uid", flat=True))


def test_a_generator_that_fails_costs_only_its_own_kind(monkeypatch, caplog):
    pack = import_pack()

    def broken(pack, topic, seed):
        raise KeyError("label")

    monkeypatch.setitem(generation.GENERATORS, QuestionKind.FACT_VALUE, broken)
    caplog.set_level(logging.WARNING)
    questions = questions_for_topic(pack, "messaging")
    assert questions
    assert all(q.kind != QuestionKind.FACT_VALUE for q in questions)
    assert any(q.uid == UID for q in questions)
    assert "left out every fact_value question on messaging" in caplog.text
