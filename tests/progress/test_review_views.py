"""/review/ asks due facts as quick questions; cram asks a topic without touching the schedule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from fsrs import Rating

from progress import scheduling, services
from progress.models import ReviewCard, ReviewLog
from progress.review_questions import quick_questions
from studyguide.models import Fact
from tests.factories import ReviewCardFactory, UserFactory
from tests.progress.conftest import START

pytestmark = pytest.mark.django_db
REVIEW = "/review/"


def make_due(user, fact, *, correct=False, at=START - timedelta(minutes=5)):
    return services.card_review(user=user, fact=fact, correct=correct, at=at, source="practice")


def shown(response):
    """The fact, the question and the card's turn on the page."""
    context = response.context
    return context["fact"], context["question"], context.get("turn")


def post_answer(client, fact, question, *, turn, right, htmx=False):
    index = next(i for i, c in enumerate(question.choices) if c.correct == right)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("progress:review_answer"),
        {"fact": fact.key, "uid": question.uid, "turn": turn, "choice": str(index)},
        headers=headers,
    )


def test_review_urls_are_where_the_navigation_expects():
    assert reverse("progress:review") == REVIEW
    assert reverse("progress:dashboard") == "/progress/"


@pytest.mark.parametrize("name", ["review", "dashboard", "your_data", "export_json", "export_csv"])
def test_anonymous_visitors_are_sent_to_sign_in(client, pack, name):
    response = client.get(reverse(f"progress:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_anonymous_posts_change_nothing(client, facts):
    response = client.post(reverse("progress:review_answer"), {"fact": "sqs.retention.max"})
    assert response.status_code == 302
    assert not ReviewCard.objects.exists()


def test_nothing_due_says_so(client_logged_in, pack, frozen):
    html = client_logged_in.get(REVIEW).content.decode()
    assert "Nothing is due for review right now." in html
    assert "Due now: <strong>0</strong>" in html


def test_the_most_overdue_fact_is_asked_first(client_logged_in, user, facts, frozen):
    make_due(user, facts["sqs.retention.max"], at=START - timedelta(minutes=5))
    make_due(user, facts["kinesis.retention.max"], at=START - timedelta(minutes=8))
    ReviewCardFactory(user=user, fact=facts["sqs.long_poll.max"], reviewed_at=START)  # not due
    response = client_logged_in.get(REVIEW)
    fact, question, _turn = shown(response)
    assert fact.key == "kinesis.retention.max"
    assert question.facts == ("kinesis.retention.max",)
    html = response.content.decode()
    assert "Due now: <strong>2</strong>" in html
    assert question.prompt.replace("'", "&#x27;") in html
    assert 'hx-post="/review/answer/"' in html
    assert 'action="/review/answer/"' in html
    assert "csrfmiddlewaretoken" in html


def test_a_right_review_moves_the_card_as_fsrs_says_and_gives_feedback(
    client_logged_in, user, facts, frozen
):
    fact = facts["sqs.retention.max"]
    before = make_due(user, fact)
    expected, _ = scheduling.SCHEDULER.review_card(
        scheduling.card_from_dict(before.card), Rating.Good, review_datetime=START
    )
    shown_fact, question, turn = shown(client_logged_in.get(REVIEW))
    response = post_answer(client_logged_in, shown_fact, question, turn=turn, right=True)
    assert response.status_code == 302
    assert response.url == REVIEW
    row = ReviewCard.objects.get(user=user, fact=fact)
    assert row.card == expected.to_dict()
    assert row.due == expected.due
    assert ReviewLog.objects.filter(card=row, source="review", rating=3).count() == 1

    html = client_logged_in.get(REVIEW).content.decode()
    assert "Correct" in html
    assert "(right answer)" in html
    # Good graduates the card to a due date the next day: the text says so, not "on <date>".
    assert row.due.date() == (START + timedelta(days=1)).date()
    assert f"You will see {fact.name} again tomorrow." in html
    assert "Nothing is due for review right now." in html
    # The feedback is shown once, not on every later visit.
    assert "(right answer)" not in client_logged_in.get(REVIEW).content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_a_review_answer_posted_20_times_counts_once(client_logged_in, user, facts, frozen, htmx):
    fact = facts["sqs.retention.max"]
    before = make_due(user, fact)
    expected, _ = scheduling.SCHEDULER.review_card(
        scheduling.card_from_dict(before.card), Rating.Good, review_datetime=START
    )
    shown_fact, question, turn = shown(client_logged_in.get(REVIEW))
    responses = [
        post_answer(client_logged_in, shown_fact, question, turn=turn, right=True, htmx=htmx)
        for _ in range(20)
    ]
    # Every repeat gets the same answer as the first: feedback, not an error.
    assert {r.status_code for r in responses} == {200 if htmx else 302}
    row = ReviewCard.objects.get(user=user, fact=fact)
    assert ReviewLog.objects.filter(card=row, source="review").count() == 1
    # Moved once: where one Good review from the shown state puts it.
    assert row.card == expected.to_dict()
    assert row.due == expected.due


def test_a_review_answer_for_an_earlier_showing_changes_nothing(
    client_logged_in, user, facts, frozen
):
    fact = facts["sqs.retention.max"]
    make_due(user, fact)
    shown_fact, question, turn = shown(client_logged_in.get(REVIEW))
    post_answer(client_logged_in, shown_fact, question, turn=turn, right=True)
    row = ReviewCard.objects.get(user=user, fact=fact)
    stale = post_answer(client_logged_in, shown_fact, question, turn="", right=False)
    assert stale.status_code == 302
    assert ReviewCard.objects.get(pk=row.pk).card == row.card
    assert ReviewLog.objects.filter(card=row, source="review").count() == 1


def test_a_wrong_review_is_asked_again_soon(client_logged_in, user, facts, frozen):
    fact = facts["sqs.retention.max"]
    make_due(user, fact, correct=True, at=START - timedelta(days=5))
    shown_fact, question, turn = shown(client_logged_in.get(REVIEW))
    response = post_answer(
        client_logged_in, shown_fact, question, turn=turn, right=False, htmx=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Not quite" in html
    assert "Why not:" in html
    # Due in 10 minutes is inside the 20-minute learn-ahead: it is asked again at once.
    assert "again in this sitting" in html
    assert "10 minutes" not in html
    row = ReviewCard.objects.get(user=user, fact=fact)
    assert row.due == START + timedelta(minutes=10)
    assert row.card["state"] == 3  # relearning
    assert 'id="review-body"' in html
    assert "Due now: <strong>1</strong>" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"choice": None}, "Choose an answer."),
        ({"choice": "9"}, "That choice is not one of this question&#x27;s choices."),
        ({"choice": "x"}, "That choice is not one of this question&#x27;s choices."),
        ({"choice": ["0", "1"]}, "Choose exactly one answer."),
        ({"uid": "fact-value:other"}, "That question has changed"),
        ({"fact": "no.such.fact"}, "That fact is not in the fact base any more"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_review_answers_are_refused_and_change_nothing(
    client_logged_in, user, facts, frozen, change, message, htmx
):
    fact = facts["sqs.retention.max"]
    row = make_due(user, fact)
    shown_fact, question, _turn = shown(client_logged_in.get(REVIEW))
    data = {"fact": shown_fact.key, "uid": question.uid, "choice": "0", **change}
    data = {k: v for k, v in data.items() if v is not None}
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(reverse("progress:review_answer"), data, headers=headers)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert ("<html" in html) != htmx
    assert ReviewCard.objects.get(pk=row.pk).card == row.card
    assert ReviewLog.objects.filter(user=user).count() == 1


def test_review_answer_only_accepts_post(client_logged_in, pack):
    assert client_logged_in.get(reverse("progress:review_answer")).status_code == 405


def test_reviewing_touches_only_my_card(client, facts, frozen):
    me, other = UserFactory(), UserFactory()
    fact = facts["sqs.retention.max"]
    mine, theirs = make_due(me, fact), make_due(other, fact)
    client.force_login(me)
    shown_fact, question, turn = shown(client.get(REVIEW))
    post_answer(client, shown_fact, question, turn=turn, right=True)
    assert ReviewCard.objects.get(pk=theirs.pk).card == theirs.card
    assert ReviewCard.objects.get(pk=mine.pk).card != mine.card
    assert not ReviewLog.objects.filter(user=other, source="review").exists()


def test_archived_facts_are_not_asked(client_logged_in, user, facts, frozen):
    make_due(user, facts["sqs.retention.max"])
    Fact.objects.filter(key="sqs.retention.max").update(archived=True)
    assert "Nothing is due" in client_logged_in.get(REVIEW).content.decode()


def test_every_quick_question_is_about_its_fact(pack):
    from progress import selectors

    base = selectors.fact_base()
    for fact in base.values():
        questions = quick_questions(fact, list(base.values()))
        assert questions
        assert all(q.facts == (fact.key,) for q in questions)
        assert all(len(q.correct_indexes) == 1 for q in questions)


# Navigation and home page


def test_navigation_and_home_show_the_due_count_with_one_query_then_from_the_cache(
    client_logged_in, user, facts, frozen
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    three = ("sqs.retention.max", "kinesis.retention.max", "sqs.long_poll.max")
    for key in three:
        make_due(user, facts[key])

    def due_queries() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            html = client_logged_in.get("/").content.decode()
        cards = [
            q["sql"]
            for q in queries.captured_queries
            if "COUNT(" in q["sql"].upper() and "progress_reviewcard" in q["sql"]
        ]
        return html, cards

    html, counted = due_queries()
    assert "Review (3 due)" in html
    assert "Facts due for review: 3" in html
    assert len(counted) == 1
    html, counted = due_queries()
    assert "Review (3 due)" in html
    assert counted == []
    # A card changing (here: a fourth falls due) is seen on the very next page.
    make_due(user, next(fact for key, fact in facts.items() if key not in three))
    html, counted = due_queries()
    assert "Review (4 due)" in html
    assert len(counted) == 1


def test_navigation_shows_review_without_a_count_when_nothing_is_due(client_logged_in, pack):
    html = client_logged_in.get("/").content.decode()
    assert ">Review</a>" in html
    assert "due)" not in html


# Cram


def test_cram_asks_the_topic_least_remembered_first_and_leaves_the_schedule(
    client_logged_in, user, facts, frozen
):
    strong = ReviewCardFactory(user=user, fact=facts["sqs.retention.max"], reviewed_at=START)
    response = client_logged_in.get(reverse("progress:cram", args=["messaging"]))
    assert response.status_code == 200
    fact, _question, _turn = shown(response)
    assert fact.topic == "messaging"
    assert fact.key != "sqs.retention.max"
    assert response.context["total"] == 4
    last = client_logged_in.get(reverse("progress:cram_question", args=["messaging", 4]))
    assert last.context["fact"].key == "sqs.retention.max"

    q = last.context["question"]
    index = next(i for i, c in enumerate(q.choices) if not c.correct)
    url = reverse("progress:cram_answer", args=["messaging", 4])
    response = client_logged_in.post(url, {"fact": q.facts[0], "uid": q.uid, "choice": index})
    assert response.url == reverse("progress:cram_done", args=["messaging"])
    assert "Not quite" in client_logged_in.get(response.url).content.decode()
    assert ReviewCard.objects.get(pk=strong.pk).card == strong.card
    assert ReviewCard.objects.filter(user=user).count() == 1
    assert not ReviewLog.objects.exists()


def test_cram_htmx_answer_shows_feedback_and_the_next_question(client_logged_in, facts, frozen):
    first = client_logged_in.get(reverse("progress:cram", args=["kinesis"]))
    q = first.context["question"]
    index = next(i for i, c in enumerate(q.choices) if c.correct)
    response = client_logged_in.post(
        reverse("progress:cram_answer", args=["kinesis", 1]),
        {"fact": q.facts[0], "uid": q.uid, "choice": index},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Correct" in html
    assert "Question 2 of 4" in html


@pytest.mark.parametrize(
    "url",
    [
        "/review/cram/no-such-topic/",
        "/review/cram/messaging/0/",
        "/review/cram/messaging/5/",
        "/review/cram/messaging/99999999999999999999/",
    ],
)
def test_cram_of_an_unknown_topic_or_position_is_404(client_logged_in, pack, url):
    assert client_logged_in.get(url).status_code == 404


def test_cram_bad_answer_is_400(client_logged_in, facts):
    url = reverse("progress:cram_answer", args=["messaging", 1])
    response = client_logged_in.post(url, {"fact": "sqs.retention.max", "uid": "nope"})
    assert response.status_code == 400
    assert "That question has changed" in response.content.decode()
