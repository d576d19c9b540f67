"""Export of everything stored about a learner, and deleting it all."""

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from progress import services
from progress.models import ExamPlan, ReadinessEstimate, ReviewCard, ReviewLog
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import Lesson, StudiedLesson
from studyguide.selectors import content_pack_from_database
from tests.factories import DEFAULT_PASSWORD, ExamPlanFactory, UserFactory
from tests.progress.conftest import START

pytestmark = pytest.mark.django_db


def give_history(user, facts) -> Attempt:
    StudiedLesson.objects.create(user=user, lesson=Lesson.objects.get(slug="sqs"))
    attempt = quiz_services.attempt_start_practice(
        user=user, pack=content_pack_from_database(), topics=["messaging"], length=5, seed=3,
        now=START,
    )  # fmt: skip
    item = next(i for i in attempt.questions.order_by("position") if i.question.facts)
    wrong = next(i for i, c in enumerate(item.question.choices) if not c.correct)
    quiz_services.answer_record(
        attempt=attempt, position=item.position, selected=[wrong], now=START
    )
    services.card_review(
        user=user, fact=facts["kinesis.retention.max"], correct=True,
        at=START + timedelta(hours=1), source="review",
    )  # fmt: skip
    ExamPlanFactory(user=user, exam_date=date(2026, 12, 20))
    services.readiness_show(user=user, now=START + timedelta(hours=2))
    return attempt


@pytest.fixture
def mine(user, facts):
    return give_history(user, facts)


@pytest.fixture
def theirs(facts):
    other = UserFactory(username="someone-else")
    give_history(other, facts)
    return other


def test_json_export_holds_everything_and_only_mine(client_logged_in, user, mine, theirs):
    response = client_logged_in.get(reverse("progress:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "scaling-study-learner-export"
    assert data["version"] == 1
    assert data["user"]["username"] == user.username
    assert data["exam_date"] == "2026-12-20"
    assert [(s["topic"], s["lesson"]) for s in data["lessons_studied"]] == [("messaging", "sqs")]

    (attempt,) = data["attempts"]
    assert attempt["id"] == mine.pk
    assert attempt["mode"] == "practice"
    assert len(attempt["answers"]) == 5
    item = next(i for i in mine.questions.order_by("position") if i.question.facts)
    first = attempt["answers"][item.position - 1]
    assert first["question"] == item.snapshot
    assert first["selected"] == item.selected
    assert first["is_correct"] is False
    assert first["answered_at"] == START.isoformat()

    cards = {c["fact"]: c for c in data["review_cards"]}
    assert set(cards) == {*item.question.facts, "kinesis.retention.max"}
    stored = ReviewCard.objects.get(user=user, fact__key="kinesis.retention.max")
    assert cards["kinesis.retention.max"]["card"] == stored.card
    logs = data["review_logs"]
    assert len(logs) == ReviewLog.objects.filter(user=user).count() == len(cards)
    assert logs[0]["rating"] == "Again"
    assert logs[0]["source"] == "practice"
    assert logs[0]["attempt_id"] == mine.pk
    assert logs[0]["position"] == item.position
    assert logs[-1]["rating"] == "Good"
    assert logs[-1]["source"] == "review"
    assert "someone-else" not in response.content.decode()


def read_zip(content: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(archive.read(name).decode()))
            )
            for name in archive.namelist()
        }


def test_csv_export_is_a_zip_of_one_csv_per_kind(client_logged_in, user, mine, theirs):
    response = client_logged_in.get(reverse("progress:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    tables = read_zip(response.content)
    assert set(tables) == {
        "profile", "lessons_studied", "attempts", "answers", "review_cards", "review_logs",
        "readiness_estimates",
    }  # fmt: skip
    assert tables["profile"] == [
        {"username": user.username, "email": user.email,
         "date_joined": user.date_joined.isoformat(), "exam_date": "2026-12-20"}
    ]  # fmt: skip
    assert [r["lesson"] for r in tables["lessons_studied"]] == ["sqs"]
    assert [(r["id"], r["mode"], r["question_count"]) for r in tables["attempts"]] == [
        (str(mine.pk), "practice", "5")
    ]
    answers = tables["answers"]
    item = next(i for i in mine.questions.order_by("position") if i.question.facts)
    answered = answers[item.position - 1]
    assert len(answers) == 5
    assert answered["is_correct"] == "false"
    unanswered = answers[item.position % 5]
    assert unanswered["is_correct"] == ""
    assert unanswered["answered_at"] == ""
    assert answered["prompt"] == item.question.prompt
    assert json.loads(answered["choices"]) == [c.text for c in item.question.choices]
    assert json.loads(answered["facts"]) == list(item.question.facts)
    cards = {r["fact"]: r for r in tables["review_cards"]}
    stored = ReviewCard.objects.get(user=user, fact__key="kinesis.retention.max")
    assert json.loads(cards["kinesis.retention.max"]["card"]) == stored.card
    assert float(cards["kinesis.retention.max"]["stability"]) == stored.card["stability"]
    assert [r["rating"] for r in tables["review_logs"]][-1] == "Good"
    assert len(tables["review_logs"]) == ReviewLog.objects.filter(user=user).count()
    (estimate,) = tables["readiness_estimates"]
    kept = ReadinessEstimate.objects.get(user=user)
    assert estimate["exam_date"] == "2026-12-20"
    assert float(estimate["probability"]) == kept.probability
    assert json.loads(estimate["today"]) == kept.today


def test_export_of_a_learner_with_no_history_is_valid(client_logged_in, user, pack):
    data = json.loads(client_logged_in.get(reverse("progress:export_json")).content)
    assert data["attempts"] == []
    assert data["review_cards"] == []
    assert data["exam_date"] is None
    tables = read_zip(client_logged_in.get(reverse("progress:export_csv")).content)
    assert tables["answers"] == []
    assert len(tables["profile"]) == 1


def test_data_page_offers_both_exports_and_the_delete_form(client_logged_in, pack):
    html = client_logged_in.get(reverse("progress:your_data")).content.decode()
    assert reverse("progress:export_json") in html
    assert reverse("progress:export_csv") in html
    assert 'type="password"' in html
    assert "csrfmiddlewaretoken" in html


def test_deleting_my_account_removes_all_my_data_and_nothing_else(client, user, mine, theirs):
    client.force_login(user)
    user_id = user.pk
    other_counts = (
        Attempt.objects.filter(user=theirs).count(),
        ReviewCard.objects.filter(user=theirs).count(),
        ReviewLog.objects.filter(user=theirs).count(),
    )
    response = client.post(reverse("progress:delete_account"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not get_user_model().objects.filter(pk=user_id).exists()
    for model in (StudiedLesson, Attempt, ReviewCard, ReviewLog, ExamPlan, LogEntry):
        assert not model.objects.filter(user_id=user_id).exists(), model
    assert not AttemptQuestion.objects.filter(attempt__user_id=user_id).exists()
    assert not AttemptQuestion.objects.filter(attempt_id=mine.pk).exists()
    assert other_counts == (
        Attempt.objects.filter(user=theirs).count(),
        ReviewCard.objects.filter(user=theirs).count(),
        ReviewLog.objects.filter(user=theirs).count(),
    )
    # Signed out: the next page asks to sign in again.
    assert client.get(reverse("progress:dashboard")).status_code == 302
    home = client.get(reverse("home")).content.decode()
    assert "Your account and all your data are deleted." in home


@pytest.mark.parametrize("password", ["", "wrong password"])
def test_deleting_needs_the_right_password(client_logged_in, user, mine, password):
    response = client_logged_in.post(reverse("progress:delete_account"), {"password": password})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Enter your password to confirm." if not password else "That is not your password"
    ) in html
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert Attempt.objects.filter(user=user).exists()
    assert ReviewCard.objects.filter(user=user).exists()


def test_delete_needs_post(client_logged_in, pack):
    assert client_logged_in.get(reverse("progress:delete_account")).status_code == 405


def test_delete_without_csrf_token_is_refused(user, mine):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(reverse("progress:delete_account"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()
