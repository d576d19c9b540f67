"""Flip-card review: the prompt, the fact behind a disclosure, and four self-graded ratings
that move the FSRS card; a rating sent twice counts once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from fsrs import Rating

from progress import scheduling, services
from progress.models import ReviewCard, ReviewLog
from tests.factories import UserFactory
from tests.progress.conftest import START

pytestmark = pytest.mark.django_db
FLIP = "/review/?mode=flip"
RATE = "/review/rate/"


def make_due(user, fact):
    return services.card_review(
        user=user, fact=fact, correct=True, at=START - timedelta(days=5), source="practice"
    )


def rate(client, fact, *, turn, rating, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"fact": fact.key, "turn": turn, "rating": rating}
    return client.post(RATE, {k: v for k, v in data.items() if v is not None}, headers=headers)


def test_rate_url():
    assert reverse("progress:review_rate") == RATE


def test_a_flip_card_shows_the_prompt_hides_the_fact_and_offers_four_ratings(
    client_logged_in, user, facts, frozen
):
    fact = facts["sqs.retention.max"]
    make_due(user, fact)
    response = client_logged_in.get(FLIP)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"What is {fact.name}?" in html
    assert '<details class="flip-answer">' in html
    assert fact.statement in html
    assert 'action="/review/rate/"' in html
    assert 'hx-post="/review/rate/"' in html
    for value, label in ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")):
        assert f'name="rating" value="{value}" aria-keyshortcuts="{value}"' in html
        assert f"{label} <kbd" in html
    assert 'aria-current="page">Flip cards</a>' in html
    assert '/static/js/review.js" nonce="' in html


@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_each_rating_moves_the_card_as_fsrs_says(client_logged_in, user, facts, frozen, rating):
    fact = facts["sqs.retention.max"]
    before = make_due(user, fact)
    expected, _ = scheduling.SCHEDULER.review_card(
        scheduling.card_from_dict(before.card), Rating(rating), review_datetime=START
    )
    turn = client_logged_in.get(FLIP).context["turn"]
    response = rate(client_logged_in, fact, turn=turn, rating=str(rating))
    assert response.status_code == 302
    assert response.url == FLIP
    row = ReviewCard.objects.get(user=user, fact=fact)
    assert row.card == expected.to_dict()
    assert row.due == expected.due
    assert ReviewLog.objects.filter(card=row, source="review", rating=rating).count() == 1
    html = client_logged_in.get(FLIP).content.decode()
    label = ReviewLog.Rating(rating).label
    showing = scheduling.next_showing(expected, now=START)
    assert f"Rated {label}" in html
    assert f"You will see {fact.name} {scheduling.next_review_text(showing, now=START)}." in html


def test_again_on_a_flip_card_says_it_comes_back_this_sitting_and_it_does(
    client_logged_in, user, facts, frozen
):
    fact = facts["sqs.retention.max"]
    make_due(user, fact)
    turn = client_logged_in.get(FLIP).context["turn"]
    response = rate(client_logged_in, fact, turn=turn, rating="1", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="review-body"' in html
    assert "Rated Again" in html
    assert "again in this sitting" in html
    # ... and it really is the next card.
    assert f"What is {fact.name}?" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_rating_sent_twenty_times_counts_once(client_logged_in, user, facts, frozen, htmx):
    fact = facts["sqs.retention.max"]
    before = make_due(user, fact)
    expected, _ = scheduling.SCHEDULER.review_card(
        scheduling.card_from_dict(before.card), Rating.Easy, review_datetime=START
    )
    turn = client_logged_in.get(FLIP).context["turn"]
    responses = [rate(client_logged_in, fact, turn=turn, rating="4", htmx=htmx) for _ in range(20)]
    assert {r.status_code for r in responses} == {200 if htmx else 302}
    row = ReviewCard.objects.get(user=user, fact=fact)
    assert ReviewLog.objects.filter(card=row, source="review").count() == 1
    assert row.card == expected.to_dict()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rating": None}, "Choose how well you remembered it"),
        ({"rating": "5"}, "Rate it Again, Hard, Good or Easy"),
        ({"rating": "x"}, "Rate it Again, Hard, Good or Easy"),
        ({"rating": "0"}, "Rate it Again, Hard, Good or Easy"),
        ({"turn": "t" * 65}, "at most 64 characters"),
        ({"fact": "no.such.fact"}, "That fact is not in the fact base any more"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_ratings_are_refused_and_change_nothing(
    client_logged_in, user, facts, frozen, change, message, htmx
):
    fact = facts["sqs.retention.max"]
    before = make_due(user, fact)
    data = {"fact": fact.key, "turn": client_logged_in.get(FLIP).context["turn"], "rating": "3"}
    data.update(change)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(
        RATE, {k: v for k, v in data.items() if v is not None}, headers=headers
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'role="alert"' in html
    assert ("<html" in html) != htmx
    assert ReviewCard.objects.get(pk=before.pk).card == before.card
    assert not ReviewLog.objects.filter(source="review").exists()


def test_an_unknown_review_mode_is_a_400_with_a_message(client_logged_in, pack):
    response = client_logged_in.get("/review/?mode=sideways")
    assert response.status_code == 400
    assert "There is no such review mode" in response.content.decode()


def test_rate_only_accepts_post_and_signed_in_learners(client, client_logged_in, facts):
    assert client_logged_in.get(RATE).status_code == 405
    client.logout()
    response = client.post(RATE, {"fact": "sqs.retention.max", "rating": "3"})
    assert response.status_code == 302
    assert not ReviewCard.objects.exists()


def test_rating_touches_only_my_card(client, facts, frozen):
    me, other = UserFactory(), UserFactory()
    fact = facts["sqs.retention.max"]
    theirs = make_due(other, fact)
    mine = make_due(me, fact)
    client.force_login(me)
    turn = client.get(FLIP).context["turn"]
    rate(client, fact, turn=turn, rating="2")
    assert ReviewCard.objects.get(pk=theirs.pk).card == theirs.card
    assert ReviewCard.objects.get(pk=mine.pk).card != mine.card


def test_nothing_due_in_flip_mode_says_so(client_logged_in, pack, frozen):
    html = client_logged_in.get(FLIP).content.decode()
    assert "Nothing is due for review right now." in html
    assert "flip-answer" not in html
