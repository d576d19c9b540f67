"""A question page's reads: the navigator says each question's state and links it, the
question comes in full, and nothing of another learner's attempt shows."""

import re
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix

from quizzes import pools, selectors
from quizzes.models import Attempt, AttemptQuestion
from studyguide.caching import content_version_bump
from studyguide.models import Fact
from tests.factories import UserFactory
from tests.quizzes.choose_pack import NUMERIC, SINGLE, attempt_with
from tests.quizzes.test_attempts import answer_url

pytestmark = pytest.mark.django_db
SWAP = {"HX-Request": "true"}


def question_url(attempt: Attempt, position: int) -> str:
    return reverse("quizzes:question", args=[attempt.pk, position])


def navigator(html: str) -> list[tuple[str, str, bool]]:
    """(href, status, current) of each navigator link."""
    nav = html[html.index('class="navigator"') : html.index('class="legend')]
    return [
        (href, status, bool(current))
        for href, status, current in re.findall(
            r'<li><a href="([^"]+)" class="nav-(\w+)"( aria-current="step")?>', nav
        )
    ]


@pytest.mark.parametrize("headers", [{}, SWAP], ids=["plain", "htmx"])
def test_the_navigator_links_every_question_with_its_state(client_logged_in, user, headers):
    attempt = attempt_with(user=user, questions=[SINGLE, NUMERIC, SINGLE], mode="exam", minutes=20)
    client_logged_in.post(answer_url(attempt, 1), {"choice": ["0"]})
    AttemptQuestion.objects.filter(attempt=attempt, position=3).update(flagged=True)
    html = client_logged_in.get(question_url(attempt, 2), headers=headers).content.decode()
    assert navigator(html) == [
        (question_url(attempt, 1), "answered", False),
        (question_url(attempt, 2), "unanswered", True),
        (question_url(attempt, 3), "flagged", False),
    ]
    assert f'action="{answer_url(attempt, 2)}"' in html
    assert f'href="{question_url(attempt, 1)}" rel="prev"' in html
    assert f'href="{question_url(attempt, 3)}" rel="next"' in html


def test_question_urls_equal_reverse_for_every_position(user):
    attempt = attempt_with(user=user, questions=[SINGLE] * 12, mode="practice")
    urls = selectors.question_urls(attempt=attempt)
    assert urls == {n: question_url(attempt, n) for n in range(1, 13)}


def test_question_urls_follow_the_script_prefix(user):
    attempt = attempt_with(user=user, questions=[SINGLE] * 3, mode="practice")
    set_script_prefix("/study/")
    try:
        urls = selectors.question_urls(attempt=attempt)
        expected = {n: question_url(attempt, n) for n in range(1, 4)}
    finally:
        set_script_prefix("/")
    assert urls == expected
    assert urls[2].startswith("/study/quizzes/")
    assert selectors.question_urls(attempt=attempt)[2] == question_url(attempt, 2)


def test_a_saved_number_reads_back_on_the_page(client_logged_in, user):
    attempt = attempt_with(user=user, questions=[NUMERIC], mode="exam", minutes=20)
    client_logged_in.post(answer_url(attempt, 1), {"number": "2.5"})
    item = selectors.attempt_item(attempt=attempt, position=1)
    assert item.number == Decimal("2.5")
    html = client_logged_in.get(question_url(attempt, 1)).content.decode()
    assert re.search(r'name="number"[^>]* value="2\.50*"', html)


def test_an_unreadable_stored_number_reads_as_none(user):
    """SQLite keeps an out-of-range answer (as infinity); PostgreSQL refuses it."""
    attempt = attempt_with(user=user, questions=[NUMERIC], mode="practice")
    store = "UPDATE quizzes_attemptquestion SET number = 1e400 WHERE attempt_id = %s"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(store, [attempt.pk])
        assert selectors.attempt_item(attempt=attempt, position=1).number is None
    else:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(store, [attempt.pk])
        assert selectors.attempt_item(attempt=attempt, position=1).number is None


def test_another_learners_attempt_and_a_missing_position_are_404(client_logged_in, user):
    mine = attempt_with(user=user, questions=[SINGLE], mode="practice")
    theirs = attempt_with(user=UserFactory(), questions=[SINGLE], mode="practice")
    assert client_logged_in.get(question_url(theirs, 1)).status_code == 404
    assert client_logged_in.post(answer_url(theirs, 1), {"choice": ["0"]}).status_code == 404
    assert client_logged_in.get(question_url(mine, 2)).status_code == 404
    assert selectors.attempt_item_for_user(user=user, pk=theirs.pk, position=1) is None


def test_a_question_page_makes_a_fixed_number_of_queries(client_logged_in, user):
    small = attempt_with(user=user, questions=[SINGLE] * 3, mode="practice")
    large = attempt_with(user=user, questions=[SINGLE] * 30, mode="practice")
    counts = []
    for attempt in (small, large):
        client_logged_in.get(question_url(attempt, 2))
        with CaptureQueriesContext(connection) as queries:
            assert client_logged_in.get(question_url(attempt, 2)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6


def test_the_kept_pack_follows_the_content_version(db):
    from tests.quizzes.attempt_pack import import_pack

    import_pack()
    first = pools.quiz_pack()
    assert pools.quiz_pack() is first
    fact = Fact.objects.get(key="sqs.retention.max")
    fact.statement = "A statement changed in the browser."
    fact.save()  # renews the content version
    renewed = pools.quiz_pack()
    assert renewed is not first
    assert any(f.statement == "A statement changed in the browser." for f in renewed.facts)
    content_version_bump()
    assert pools.quiz_pack() is not renewed
