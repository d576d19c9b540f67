"""Learners reporting problems with questions, and the instructor's queue of reports."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from progress.review_questions import quick_questions
from progress.selectors import fact_base
from quizzes.models import Attempt, AttemptQuestion
from tests.factories import UserFactory
from tests.quizzes.attempt_pack import import_pack
from tests.workspace.test_regrade import KEY, make_attempt
from workspace.models import ChangeRecord, QuestionReport

pytestmark = pytest.mark.django_db
SWAP = {"HX-Request": "true"}
NEW = "/reports/new/"


@pytest.fixture
def pack():
    return import_pack()


@pytest.fixture
def exam(pack, user) -> Attempt:
    return make_attempt(user, ["Amazon SQS", "Yes"])


def first_item(attempt: Attempt) -> AttemptQuestion:
    return attempt.questions.get(position=1)


def report(client: Client, item: AttemptQuestion, **data: Any) -> Any:
    headers = data.pop("headers", {})
    body = {"attempt_question": item.pk, "reason": "wrong_key", "text": "SQS is right.", **data}
    return client.post(NEW, body, headers=headers)


def test_report_urls_are_named():
    assert reverse("reports:new") == NEW
    assert reverse("reports:list") == "/reports/"
    assert reverse("workspace:report_list") == "/instructor/reports/"


def test_report_from_an_attempt_keeps_what_the_learner_saw(client_logged_in, user, exam):
    item = first_item(exam)
    response = report(client_logged_in, item, next="/quizzes/attempts/1/result/")
    assert response.status_code == 302
    assert response.url == "/quizzes/attempts/1/result/"
    saved = QuestionReport.objects.get()
    assert (saved.user, saved.attempt_question, saved.reason) == (user, item, "wrong_key")
    assert saved.question_uid == f"authored:{KEY}"
    assert saved.question is not None
    assert saved.question.key == KEY
    assert saved.version == 1
    assert saved.snapshot["prompt"] == item.snapshot["prompt"]
    assert saved.snapshot["choices"] == item.snapshot["choices"]
    assert saved.snapshot["response"] == {"selected": item.selected, "number": None}
    page = client_logged_in.get(response.url, follow=True).content.decode()
    assert "your report is sent" in page


def test_report_redirects_back_to_the_question_without_a_safe_next(client_logged_in, exam):
    item = first_item(exam)
    response = report(client_logged_in, item, next="https://evil.example/")
    assert response.url == reverse("quizzes:result", args=[exam.pk])


def test_report_form_opens_in_place_and_thanks_with_htmx(client_logged_in, exam):
    item = first_item(exam)
    form = client_logged_in.get(NEW, {"attempt_question": item.pk}, headers=SWAP)
    html = form.content.decode()
    assert form.status_code == 200
    assert "<html" not in html
    assert 'hx-post="/reports/new/"' in html
    assert "csrfmiddlewaretoken" in html
    assert f'id="report-{item.pk}-reason_0"' in html
    response = report(client_logged_in, item, headers=SWAP)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "your report is sent" in html
    assert "HX-Request" in response["Vary"]
    assert QuestionReport.objects.count() == 1


def test_report_page_without_javascript_shows_the_question_as_seen(client_logged_in, exam):
    item = first_item(exam)
    html = client_logged_in.get(NEW, {"attempt_question": item.pk}).content.decode()
    assert "<html" in html
    assert item.snapshot["prompt"] in html
    assert "· your answer" in html
    assert 'name="reason"' in html


def test_report_on_another_learners_attempt_is_404(client_logged_in, pack):
    other = make_attempt(UserFactory(), ["Amazon SNS"])
    item = first_item(other)
    assert client_logged_in.get(NEW, {"attempt_question": item.pk}).status_code == 404
    assert report(client_logged_in, item).status_code == 404
    assert report(client_logged_in, item, headers=SWAP).status_code == 404
    assert not QuestionReport.objects.exists()


def test_report_before_answering_is_refused(client_logged_in, user, pack):
    attempt = make_attempt(user, [None, "Yes"], submit=False)
    response = report(client_logged_in, first_item(attempt))
    assert response.status_code == 409
    assert "Answer the question first" in response.content.decode()
    assert not QuestionReport.objects.exists()


def test_a_second_open_report_on_the_same_question_is_refused_kindly(client_logged_in, exam):
    item = first_item(exam)
    report(client_logged_in, item)
    again = report(client_logged_in, item, reason="typo")
    assert again.status_code == 302
    assert "already reported this question" in client_logged_in.get(again.url).content.decode()
    swap = report(client_logged_in, item, headers=SWAP)
    assert swap.status_code == 409
    assert "already reported this question" in swap.content.decode()
    opened = client_logged_in.get(NEW, {"attempt_question": item.pk}).content.decode()
    assert "already reported this question" in opened
    assert 'name="reason"' not in opened
    assert QuestionReport.objects.count() == 1
    # Once it is answered, the question may be reported again.
    QuestionReport.objects.update(status="fixed")
    assert report(client_logged_in, item).status_code == 302
    assert QuestionReport.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "rude"}, "Choose one of the listed reasons."),
        ({"reason": ""}, "Choose what is wrong with the question."),
        ({"text": "x" * 2001}, "Keep it to 2000 characters or fewer (you wrote 2001)."),
    ],
    ids=["unknown-reason", "no-reason", "too-long"],
)
@pytest.mark.parametrize("headers", [{}, SWAP], ids=["plain", "htmx"])
def test_bad_report_is_400_and_saves_nothing(client_logged_in, exam, data, message, headers):
    response = report(client_logged_in, first_item(exam), headers=headers, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert ("<html" in html) is not bool(headers)
    assert not QuestionReport.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"attempt_question": "abc"}, {"attempt_question": "-3"}, {"selected": "x"}],
)
def test_report_without_a_question_is_400(client_logged_in, pack, data):
    assert client_logged_in.post(NEW, {"reason": "typo", **data}).status_code == 400
    assert client_logged_in.get(NEW, data).status_code == 400
    assert not QuestionReport.objects.exists()


def test_report_needs_a_signed_in_learner(client, exam):
    response = client.post(NEW, {"attempt_question": first_item(exam).pk, "reason": "typo"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_csrf_is_required(exam, user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert report(client, first_item(exam)).status_code == 403


# Review questions (no attempt) -------------------------------------------------------------


def test_review_question_report_is_rebuilt_on_the_server(client_logged_in, user, pack):
    facts = fact_base()
    question = quick_questions(facts["sqs.retention.max"], list(facts.values()))[0]
    response = client_logged_in.post(
        NEW,
        {
            "fact": "sqs.retention.max",
            "uid": question.uid,
            "selected": "1",
            "reason": "out_of_date",
            "snapshot": '{"prompt": "forged"}',
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("progress:review")
    saved = QuestionReport.objects.get()
    assert saved.attempt_question is None
    assert saved.question_uid == question.uid
    assert saved.snapshot["prompt"] == question.prompt
    assert saved.snapshot["response"]["selected"] == [1]
    again = client_logged_in.post(
        NEW, {"fact": "sqs.retention.max", "uid": question.uid, "reason": "typo"}
    )
    assert again.status_code == 302
    assert QuestionReport.objects.count() == 1


def test_flip_card_report_is_about_the_fact(client_logged_in, pack):
    response = client_logged_in.post(NEW, {"fact": "sqs.retention.max", "reason": "typo"})
    assert response.status_code == 302
    saved = QuestionReport.objects.get()
    assert saved.question_uid == "fact:sqs.retention.max"
    assert saved.snapshot["statement"] == fact_base()["sqs.retention.max"].statement


@pytest.mark.parametrize(
    "data", [{"fact": "no.such.fact"}, {"fact": "sqs.retention.max", "uid": "made-up"}]
)
def test_review_report_on_an_unknown_question_is_404(client_logged_in, pack, data):
    assert client_logged_in.post(NEW, {**data, "reason": "typo"}).status_code == 404
    assert not QuestionReport.objects.exists()


def test_cram_feedback_offers_a_report_link(client_logged_in, pack):
    page = client_logged_in.get(reverse("progress:cram", args=["messaging"]))
    question, fact = page.context["question"], page.context["fact"]
    right = next(i for i, c in enumerate(question.choices) if c.correct)
    data = {"fact": fact.key, "uid": question.uid, "choice": str(right)}
    url = reverse("progress:cram_answer", args=["messaging", 1])
    html = client_logged_in.post(url, data, headers=SWAP).content.decode()
    assert f"/reports/new/?fact={fact.key}&amp;uid=" in html
    assert f"&amp;selected={right}" in html


# Where the link is offered -----------------------------------------------------------------


def test_result_page_and_practice_feedback_offer_the_report_link(client_logged_in, user, exam):
    item = first_item(exam)
    result = client_logged_in.get(reverse("quizzes:result", args=[exam.pk])).content.decode()
    assert f"/reports/new/?attempt_question={item.pk}&amp;next=" in result
    practice = make_attempt(user, ["Amazon SNS", None], mode="practice", submit=False)
    pitem = first_item(practice)
    url = reverse("quizzes:question", args=[practice.pk, 1])
    assert f"?attempt_question={pitem.pk}" in client_logged_in.get(url).content.decode()
    unanswered = reverse("quizzes:question", args=[practice.pk, 2])
    assert "Report a problem" not in client_logged_in.get(unanswered).content.decode()


# The learner's list and the instructor's queue ---------------------------------------------


def made_report(learner: User, **fields: Any) -> QuestionReport:
    attempt = make_attempt(learner, ["Amazon SQS"])
    return QuestionReport.objects.create(
        user=learner,
        question_uid=f"authored:{KEY}",
        attempt_question=first_item(attempt),
        snapshot={**first_item(attempt).snapshot, "response": {"selected": [0], "number": None}},
        reason=fields.pop("reason", "wrong_key"),
        text=fields.pop("text", "Looks wrong to me."),
        **fields,
    )


def test_reply_reaches_the_learner_and_is_recorded(client, instructor, pack):
    learner, other = UserFactory(), UserFactory()
    made = made_report(learner)
    made_report(other, text="Someone else's words.")
    client.force_login(instructor)
    url = reverse("workspace:report_update", args=[made.pk])
    response = client.post(
        url,
        {
            "reply": "Thanks, the key is fixed.",
            "status": "fixed",
            "next": "/instructor/reports/?status=all",
        },
    )
    assert response.status_code == 302
    assert response.url == "/instructor/reports/?status=all"
    made.refresh_from_db()
    assert (made.status, made.reply, made.replied_by) == (
        "fixed",
        "Thanks, the key is fixed.",
        instructor,
    )
    record = ChangeRecord.objects.get(subject="report")
    assert record.key == str(made.pk)
    assert record.user == instructor
    assert "fixed" in record.summary
    client.force_login(learner)
    mine = client.get(reverse("reports:list")).content.decode()
    assert "Thanks, the key is fixed." in mine
    assert "<strong>Fixed</strong>" in mine
    assert "Someone else" not in mine


def test_report_update_with_htmx_swaps_the_card(instructor_client, pack):
    made = made_report(UserFactory())
    url = reverse("workspace:report_update", args=[made.pk])
    response = instructor_client.post(url, {"reply": "", "status": "dismissed"}, headers=SWAP)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="report-{made.pk}"' in html
    assert "Dismissed" in html
    made.refresh_from_db()
    assert made.status == "dismissed"


@pytest.mark.parametrize(
    "data",
    [{"reply": "x" * 2001, "status": "fixed"}, {"reply": "ok", "status": "lost"}, {"reply": "ok"}],
)
@pytest.mark.parametrize("headers", [{}, SWAP], ids=["plain", "htmx"])
def test_bad_report_update_is_400_and_changes_nothing(instructor_client, pack, data, headers):
    made = made_report(UserFactory())
    url = reverse("workspace:report_update", args=[made.pk])
    response = instructor_client.post(url, data, headers=headers)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    made.refresh_from_db()
    assert (made.status, made.reply) == ("open", "")
    assert not ChangeRecord.objects.exists()


def test_queue_filters_by_status_question_and_reason(instructor_client, pack):
    wrong = made_report(UserFactory(), reason="wrong_key", text="alpha words")
    made_report(UserFactory(), reason="typo", text="beta words")
    made_report(UserFactory(), status="fixed", text="gamma words")
    url = reverse("workspace:report_list")
    page = instructor_client.get(url).content.decode()
    assert "alpha words" in page
    assert "beta words" in page
    assert "gamma words" not in page
    typo = instructor_client.get(url, {"reason": "typo"}).content.decode()
    assert "beta words" in typo
    assert "alpha words" not in typo
    every = instructor_client.get(url, {"status": "all", "question": KEY}).content.decode()
    assert "gamma words" in every
    assert "alpha words" in every
    none = instructor_client.get(url, {"question": "authored:other"}).content.decode()
    assert "alpha words" not in none
    assert "0 open reports on" in none
    assert wrong.snapshot["prompt"] in page


@pytest.mark.parametrize("query", [{"status": "lost"}, {"reason": "rude"}, {"question": "q" * 201}])
def test_queue_with_a_bad_filter_is_400_with_a_message(instructor_client, pack, query):
    made_report(UserFactory(), text="still listed")
    response = instructor_client.get(reverse("workspace:report_list"), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "could not be used" in html
    assert "still listed" in html


def test_instructor_pages_are_for_instructors(client, client_logged_in, pack):
    made = made_report(UserFactory())
    queue = reverse("workspace:report_list")
    update = reverse("workspace:report_update", args=[made.pk])
    assert client_logged_in.get(queue).status_code == 403
    assert client_logged_in.post(update, {"reply": "hi", "status": "fixed"}).status_code == 403
    anonymous = Client().get(queue)
    assert anonymous.status_code == 302
    made.refresh_from_db()
    assert made.status == "open"


def test_queue_and_learner_list_queries_are_bounded(
    client, instructor, pack, django_assert_max_num_queries
):
    learner = UserFactory()
    for _ in range(8):
        made_report(learner, reply="A reply.", replied_by=instructor)
    client.force_login(instructor)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("workspace:report_list")).status_code == 200
    client.force_login(learner)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:list")).status_code == 200
