"""A learner misses a fact in a practice quiz, finds it due in Review, gets it right, and
sees the dashboard change."""

import re

import pytest
from playwright.sync_api import Page, expect

from progress.review_questions import quick_questions
from progress.selectors import fact_base
from quizzes.services import attempt_start_practice
from studyguide.selectors import content_pack_from_database
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base_url: str, username: str, next_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_missed_fact_comes_back_in_review_and_moves_the_dashboard(
    live_server, page: Page, assert_accessible
):
    import_pack()
    learner = UserFactory()
    attempt = attempt_start_practice(
        user=learner, pack=content_pack_from_database(), topics=["messaging"], length=5, seed=3
    )
    item = next(q for q in attempt.questions.order_by("position") if q.question.facts)
    (fact_key,) = item.question.facts
    wrong = next(c.text for c in item.question.choices if not c.correct)

    sign_in(
        page,
        live_server.url,
        learner.username,
        f"/quizzes/attempts/{attempt.pk}/q/{item.position}/",
    )
    expect(page.get_by_role("heading", level=2, name=item.question.prompt)).to_be_visible()
    page.get_by_role("radio", name=wrong, exact=True).check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", name="Not quite")).to_be_visible()

    page.goto(live_server.url + "/progress/")
    expect(page.locator("#due-now")).to_have_text("1 fact")
    messaging = page.get_by_role("row", name=re.compile("^Messaging"))
    expect(messaging).to_contain_text("1 of 4")  # facts met
    expect(messaging).to_contain_text("0%")  # recent accuracy: one wrong answer
    assert_accessible(page)

    page.get_by_role("link", name="Review (1 due)").click()
    expect(page).to_have_url(live_server.url + "/review/")
    prompt = page.locator("#review-prompt").inner_text()
    facts = fact_base()
    question = next(
        q for q in quick_questions(facts[fact_key], list(facts.values())) if q.prompt == prompt
    )
    assert_accessible(page)
    right = next(c.text for c in question.choices if c.correct)
    page.get_by_role("radio", name=right, exact=True).check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", name="Correct")).to_be_visible()
    expect(page.get_by_text("Nothing is due for review right now.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"You will see .* again (tomorrow|on )"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.locator("#due-now")).to_have_text("0 facts")
    expect(page.get_by_role("row", name=re.compile("^Messaging"))).to_contain_text("50%")
    expect(page.get_by_role("link", name="Review", exact=True)).to_be_visible()
    assert_accessible(page)


def test_dashboard_fits_a_phone_and_refuses_a_past_exam_date(
    live_server, page: Page, assert_accessible
):
    import_pack()
    learner = UserFactory()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, learner.username, "/progress/")
    expect(page.get_by_role("heading", level=1, name="Your progress")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.locator("input#id_exam_date").fill("2001-01-01")
    page.get_by_role("button", name="Save exam date").click()
    expect(page.get_by_text("The exam date cannot be in the past.")).to_be_visible()
    assert_accessible(page)
    page.locator("input#id_exam_date").fill("2099-01-01")
    page.get_by_role("button", name="Save exam date").click()
    expect(page.get_by_text("Choose a date within the next two years.")).to_be_visible()
    page.goto(live_server.url + "/review/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.get_by_role("link", name="Messaging").click()
    expect(page.get_by_role("heading", level=1, name="Cram: Messaging")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.goto(live_server.url + "/progress/data/")
    expect(page.get_by_role("heading", level=1, name="Your data")).to_be_visible()
    assert_accessible(page)
