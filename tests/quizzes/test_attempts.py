import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from quizzes import services
from quizzes.generation.types import AnswerMode
from quizzes.models import Attempt, AttemptQuestion
from quizzes.signals import question_answered
from studyguide.selectors import content_pack_from_database
from tests.factories import UserFactory
from tests.quizzes.attempt_pack import import_pack, numeric_practice_item, with_changed_fact

pytestmark = pytest.mark.django_db
START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def pack():
    return import_pack()


def answer_data(item: AttemptQuestion, *, right: bool) -> dict[str, Any]:
    question = item.question
    if question.answer_mode == AnswerMode.NUMERIC:
        assert question.answer is not None
        return {"number": str(question.answer + (0 if right else 1000))}
    if right:
        return {"choice": [str(i) for i in sorted(question.correct_indexes)]}
    wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
    return {"choice": [str(wrong)]}


def start_practice(client: Client, topics=("messaging",), length=5) -> Attempt:
    response = client.post(reverse("quizzes:practice"), {"topics": topics, "length": length})
    assert response.status_code == 302, response.content.decode()
    return Attempt.objects.latest("pk")


def answer_url(attempt: Attempt, position: int) -> str:
    return reverse("quizzes:answer", args=[attempt.pk, position])


# Starting


def test_quizzes_need_a_signed_in_learner(client, pack):
    for url in (reverse("quizzes:index"), reverse("quizzes:exam")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


def test_practice_form_preselects_the_topic_from_the_lesson_link(client_logged_in, pack):
    html = client_logged_in.get(reverse("quizzes:practice") + "?topic=kinesis").content.decode()
    assert re.search(r'value="kinesis"[^>]*checked', html)
    assert not re.search(r'value="messaging"[^>]*checked', html)


def test_practice_start_snapshots_questions_and_redirects(client_logged_in, user, pack):
    response = client_logged_in.post(
        reverse("quizzes:practice"), {"topics": ["messaging"], "length": 5}
    )
    attempt = Attempt.objects.get(user=user)
    assert response.url == reverse("quizzes:attempt", args=[attempt.pk])
    items = list(attempt.questions.all())
    assert attempt.mode == "practice"
    assert attempt.question_count == len(items) == 5
    assert [i.position for i in items] == [1, 2, 3, 4, 5]
    assert all(i.topic == "messaging" and i.snapshot["prompt"] for i in items)
    assert len({i.question_uid for i in items}) == 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"length": 5}, "Choose at least one topic."),
        ({"topics": ["nope"], "length": 5}, "nope is not one of the topics."),
        ({"topics": ["messaging"], "length": 7}, "Choose 5, 10 or 20 questions."),
        ({"topics": ["messaging"], "length": "ten"}, "Choose 5, 10 or 20 questions."),
    ],
)
def test_practice_start_refuses_bad_choices(client_logged_in, pack, data, message):
    response = client_logged_in.post(reverse("quizzes:practice"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attempt.objects.exists()


# Answering in practice


def test_right_answer_gets_feedback_with_explanation_and_links(client_logged_in, pack):
    attempt = start_practice(client_logged_in)
    item = attempt.questions.get(position=1)
    response = client_logged_in.post(answer_url(attempt, 1), answer_data(item, right=True))
    assert response.status_code == 302
    page = client_logged_in.get(response.url).content.decode()
    assert "Correct" in page
    assert item.question.explanation.split("'")[0] in page.replace("&#x27;", "'")
    assert reverse("studyguide:lesson_detail", args=["messaging", "sqs"]) in page
    item.refresh_from_db()
    assert item.is_correct is True
    assert item.answered_at is not None


def test_wrong_answer_says_why_the_choice_is_wrong(client_logged_in, pack):
    attempt = start_practice(client_logged_in)
    item = next(q for q in attempt.questions.all() if q.question.answer_mode != AnswerMode.NUMERIC)
    data = answer_data(item, right=False)
    why = item.question.choices[int(data["choice"][0])].why
    response = client_logged_in.post(
        answer_url(attempt, item.position), data, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="attempt-body"' in html
    assert "Not quite" in html
    assert why.replace("'", "&#x27;") in html
    item.refresh_from_db()
    assert item.is_correct is False


def test_the_same_answer_posted_twice_is_recorded_once(client_logged_in, pack):
    attempt = start_practice(client_logged_in)
    item = attempt.questions.get(position=1)
    data = answer_data(item, right=True)
    client_logged_in.post(answer_url(attempt, 1), data)
    item.refresh_from_db()
    first = item.answered_at
    response = client_logged_in.post(answer_url(attempt, 1), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.answered_at == first


def test_practice_answers_are_final(client_logged_in, pack):
    attempt = start_practice(client_logged_in)
    item = attempt.questions.get(position=1)
    client_logged_in.post(answer_url(attempt, 1), answer_data(item, right=False))
    response = client_logged_in.post(answer_url(attempt, 1), answer_data(item, right=True))
    assert response.status_code == 409
    assert "practice answers are final" in response.content.decode()
    item.refresh_from_db()
    assert item.is_correct is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose an answer."),
        ({"choice": ["99"]}, "not one of this question"),
        ({"choice": ["-1"]}, "not one of this question"),
        ({"choice": ["abc"]}, "not one of this question"),
        ({"choice": ["0", "1"]}, "Choose exactly one answer."),
    ],
)
def test_tampered_choices_are_refused_and_change_nothing(client_logged_in, pack, data, message):
    attempt = start_practice(client_logged_in)
    item = next(q for q in attempt.questions.all() if q.question.answer_mode == AnswerMode.SINGLE)
    response = client_logged_in.post(answer_url(attempt, item.position), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    item.refresh_from_db()
    assert item.answered_at is None
    assert item.selected is None


@pytest.mark.parametrize("raw", ["twelve", "NaN", "Infinity", ""])
def test_bad_numbers_are_refused(client_logged_in, user, raw):
    import_pack()
    numeric = numeric_practice_item(user)
    response = client_logged_in.post(answer_url(numeric.attempt, numeric.position), {"number": raw})
    assert response.status_code == 400
    numeric.refresh_from_db()
    assert numeric.answered_at is None


def test_a_question_not_in_the_attempt_is_404(client_logged_in, pack):
    attempt = start_practice(client_logged_in)
    assert client_logged_in.post(answer_url(attempt, 99), {"choice": ["0"]}).status_code == 404
    assert (
        client_logged_in.get(reverse("quizzes:question", args=[attempt.pk, 99])).status_code == 404
    )


def test_another_learners_attempt_is_404_everywhere(client_logged_in, pack):
    other = UserFactory()
    attempt = services.attempt_start_practice(
        user=other, pack=content_pack_from_database(), topics=["messaging"], length=5, seed=1
    )
    urls = [
        ("get", reverse("quizzes:attempt", args=[attempt.pk])),
        ("get", reverse("quizzes:question", args=[attempt.pk, 1])),
        ("post", answer_url(attempt, 1)),
        ("post", reverse("quizzes:flag", args=[attempt.pk, 1])),
        ("get", reverse("quizzes:submit", args=[attempt.pk])),
        ("post", reverse("quizzes:submit", args=[attempt.pk])),
        ("get", reverse("quizzes:result", args=[attempt.pk])),
    ]
    for method, url in urls:
        response = getattr(client_logged_in, method)(url, {"choice": ["0"]})
        assert response.status_code == 404, url
    assert not AttemptQuestion.objects.filter(attempt=attempt, answered_at__isnull=False).exists()
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_answers_need_csrf(user, pack):
    attempt = services.attempt_start_practice(
        user=user, pack=content_pack_from_database(), topics=["messaging"], length=5, seed=1
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(answer_url(attempt, 1), {"choice": ["0"]}).status_code == 403


def test_finishing_a_practice_quiz_submits_it_and_shows_the_result(client_logged_in, pack):
    attempt = start_practice(client_logged_in)
    for item in attempt.questions.all():
        client_logged_in.post(answer_url(attempt, item.position), answer_data(item, right=True))
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.correct_count == 5
    page = client_logged_in.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "5 of 5 right" in page
    assert "Messaging" in page


def test_practice_answers_review_the_facts_they_test(client_logged_in, user, pack):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    question_answered.connect(listener)
    try:
        attempt = start_practice(client_logged_in)
        item = next(q for q in attempt.questions.all() if q.question.facts)
        client_logged_in.post(answer_url(attempt, item.position), answer_data(item, right=False))
    finally:
        question_answered.disconnect(listener)
    assert len(received) == 1
    assert received[0]["user"] == user
    assert received[0]["fact_keys"] == item.question.facts
    assert received[0]["correct"] is False


# Mistakes


def test_mistakes_quiz_repeats_the_questions_got_wrong(client_logged_in, user, pack):
    attempt = start_practice(client_logged_in)
    wrong = []
    for item in attempt.questions.all():
        right = item.position % 2 == 0
        client_logged_in.post(answer_url(attempt, item.position), answer_data(item, right=right))
        if not right:
            wrong.append(item.question_uid)
    response = client_logged_in.post(reverse("quizzes:mistakes"), {"length": 10})
    mistakes = Attempt.objects.filter(mode="mistakes").get()
    assert response.url == reverse("quizzes:attempt", args=[mistakes.pk])
    uids = list(mistakes.questions.values_list("question_uid", flat=True))
    # Every question got wrong comes back, first of all; others on the same facts fill up.
    assert set(wrong) <= set(uids)
    assert len(uids) == len(set(uids)) <= 10


def test_mistakes_quiz_fills_up_with_other_questions_on_the_missed_facts(user, pack):
    attempt = services.attempt_start_practice(
        user=user, pack=pack, topics=["kinesis"], length=20, seed=1
    )
    item = next(q for q in attempt.questions.all() if q.question.facts)
    services.answer_record(attempt=attempt, position=item.position, **_wrong_kwargs(item))
    mistakes = services.attempt_start_mistakes(user=user, length=10, pack=pack, seed=2)
    questions = [q.question for q in mistakes.questions.all()]
    assert item.question_uid in {q.uid for q in questions}
    assert len(questions) > 1
    assert len({q.uid for q in questions}) == len(questions)
    # Every question added tests a fact behind the mistake.
    assert all(set(q.facts) & set(item.question.facts) for q in questions)


def _wrong_kwargs(item: AttemptQuestion) -> dict[str, Any]:
    data = answer_data(item, right=False)
    if "number" in data:
        return {"number": Decimal(data["number"])}
    return {"selected": [int(i) for i in data["choice"]]}


@pytest.mark.parametrize("length", ["7", "x", ""])
def test_mistakes_quiz_of_an_unoffered_length_is_refused_with_a_message(
    client_logged_in, pack, length
):
    response = client_logged_in.post(reverse("quizzes:mistakes"), {"length": length}, follow=True)
    assert "Choose 5, 10 or 20 questions." in response.content.decode()
    assert not Attempt.objects.exists()


def test_mistakes_quiz_with_no_mistakes_says_so(client_logged_in, pack):
    response = client_logged_in.post(reverse("quizzes:mistakes"), {"length": 10}, follow=True)
    assert "no mistakes to practise yet" in response.content.decode()
    assert not Attempt.objects.exists()


# Snapshots


def test_a_reimport_never_changes_a_past_attempt(client_logged_in, pack):
    attempt = start_practice(client_logged_in, topics=["kinesis"], length=10)
    before = {i.position: i.snapshot for i in attempt.questions.all()}
    import_pack(with_changed_fact(pack, "kinesis.retention.max", 9999))
    after = {i.position: i.snapshot for i in attempt.questions.all()}
    assert before == after
    page = client_logged_in.get(reverse("quizzes:question", args=[attempt.pk, 1])).content.decode()
    assert "9,999" not in page
    assert "9999" not in page


# Query bounds


def test_question_page_queries_do_not_grow_with_history(
    client_logged_in, user, pack, django_assert_max_num_queries
):
    for seed in range(15):
        services.attempt_start_practice(
            user=user, pack=pack, topics=["messaging", "kinesis"], length=20, seed=seed
        )
    attempt = Attempt.objects.latest("pk")
    with django_assert_max_num_queries(8):
        response = client_logged_in.get(reverse("quizzes:question", args=[attempt.pk, 2]))
    assert response.status_code == 200


def test_a_question_page_reads_its_row_its_attempt_and_its_navigator_in_one_query(
    client_logged_in, user, pack, django_assert_num_queries
):
    attempt = services.attempt_start_practice(
        user=user, pack=pack, topics=["messaging"], length=10, seed=3
    )
    first = attempt.questions.get(position=1)
    client_logged_in.post(answer_url(attempt, 1), answer_data(first, right=True))
    url = reverse("quizzes:question", args=[attempt.pk, 2])
    assert client_logged_in.get(url).status_code == 200
    # Session and user come from the cache once read; then one query: the question's row
    # joined with the learner's attempt (ownership checked in it), with the navigator's
    # positions aggregated in it.
    with django_assert_num_queries(1):
        response = client_logged_in.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'class="nav-answered">1<', html)
    assert re.search(r'class="nav-unanswered" aria-current="step">2<', html)
    assert len(re.findall(r'class="nav-unanswered"', html)) == attempt.question_count - 1


def test_exam_answers_after_submission_are_refused(client_logged_in, user, pack):
    with time_machine.travel(START, tick=False):
        attempt = services.attempt_start_exam(user=user, pack=pack, length=10, seed=5)
        services.attempt_submit(attempt=attempt)
        item = attempt.questions.get(position=1)
        response = client_logged_in.post(answer_url(attempt, 1), answer_data(item, right=True))
    assert response.status_code == 409
    assert "answers can no longer change" in response.content.decode()


def test_exam_deadline_is_kept_on_the_server(client_logged_in, user, pack):
    with time_machine.travel(START, tick=False):
        attempt = services.attempt_start_exam(user=user, pack=pack, length=10, seed=5)
    assert attempt.deadline == START + timedelta(minutes=2 * attempt.question_count)
    item = attempt.questions.get(position=1)
    with time_machine.travel(attempt.deadline - timedelta(seconds=1), tick=False):
        ok = client_logged_in.post(answer_url(attempt, 1), answer_data(item, right=True))
    assert ok.status_code == 302
    with time_machine.travel(attempt.deadline + timedelta(seconds=1), tick=False):
        late = client_logged_in.post(answer_url(attempt, 2), {"choice": ["0"]})
    assert late.status_code == 409
    assert "Time is up" in late.content.decode()
    attempt.refresh_from_db()
    # Submitted at the deadline by whichever request noticed, not at the late request's time.
    assert attempt.submitted_at == attempt.deadline
    assert not attempt.questions.get(position=2).is_answered
    assert attempt.correct_count == 1


def test_an_exam_past_its_deadline_is_submitted_by_whoever_looks(client_logged_in, user, pack):
    with time_machine.travel(START, tick=False):
        attempt = services.attempt_start_exam(user=user, pack=pack, length=10, seed=5)
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        response = client_logged_in.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert response.url == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == 0


def test_exam_answers_can_change_until_submission_and_flags_toggle(client_logged_in, user, pack):
    attempt = services.attempt_start_exam(user=user, pack=pack, length=10, seed=8)
    item = next(q for q in attempt.questions.all() if q.question.answer_mode != AnswerMode.NUMERIC)
    client_logged_in.post(answer_url(attempt, item.position), answer_data(item, right=False))
    response = client_logged_in.post(
        answer_url(attempt, item.position),
        answer_data(item, right=True),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    item.refresh_from_db()
    assert item.is_correct is True
    flag_url = reverse("quizzes:flag", args=[attempt.pk, item.position])
    client_logged_in.post(flag_url, {"flagged": "1"})
    item.refresh_from_db()
    assert item.flagged
    page = client_logged_in.get(reverse("quizzes:question", args=[attempt.pk, item.position]))
    assert "nav-flagged" in page.content.decode()
    assert "Remove flag" in page.content.decode()
    client_logged_in.post(flag_url, {"flagged": "0"})
    item.refresh_from_db()
    assert not item.flagged


def test_submitting_with_unanswered_questions_warns_first(client_logged_in, user, pack):
    attempt = services.attempt_start_exam(user=user, pack=pack, length=10, seed=2)
    page = client_logged_in.get(reverse("quizzes:submit", args=[attempt.pk])).content.decode()
    assert f"You have not answered {attempt.question_count} of {attempt.question_count}" in page
    assert "Submit anyway" in page
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_exam_result_scores_out_of_1000_against_the_pass_mark(client_logged_in, user, pack):
    received = []
    question_answered.connect(
        lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="exam-test"
    )
    try:
        attempt = services.attempt_start_exam(user=user, pack=pack, length=10, seed=4)
        items = list(attempt.questions.all())
        for item in items[:8]:
            client_logged_in.post(answer_url(attempt, item.position), answer_data(item, right=True))
        # Exam answers feed memory only once submitted, when they can no longer change.
        assert received == []
        client_logged_in.post(reverse("quizzes:submit", args=[attempt.pk]))
    finally:
        question_answered.disconnect(dispatch_uid="exam-test")
    attempt.refresh_from_db()
    # The small pack cannot fill ten questions without asking a fact twice.
    score = round(1000 * 8 / attempt.question_count)
    assert attempt.question_count == len(items) == 9
    assert attempt.correct_count == 8
    assert attempt.score == score == 889
    assert attempt.passed
    assert len(received) == sum(1 for i in items[:8] if i.question.facts)
    page = client_logged_in.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert f"{score} / 1000" in page
    assert "pass mark 720" in page
    assert "Not answered." in page
    for item in items:
        assert item.question.prompt.split("'")[0][:30] in page.replace("&#x27;", "'")


def test_exam_draws_across_topics_by_weight():
    counts = services.exam_allocation(length=65, weights={"dynamodb": 3, "emr": 1, "kinesis": 3})
    assert sum(counts.values()) == 65
    assert counts["dynamodb"] == counts["kinesis"] > counts["emr"] > 0
    assert services.exam_allocation(length=10, weights={"emr": 1}) == {"emr": 10}


@pytest.mark.parametrize("length", ["11", "abc", ""])
def test_exam_start_refuses_other_lengths(client_logged_in, pack, length):
    response = client_logged_in.post(reverse("quizzes:exam"), {"length": length})
    assert response.status_code == 400
    assert "Choose 10, 20 or 65 questions." in response.content.decode()
    assert not Attempt.objects.exists()


def test_exam_length_must_be_offered(user, pack):
    with pytest.raises(services.QuizError):
        services.attempt_start_exam(user=user, pack=pack, length=7)
