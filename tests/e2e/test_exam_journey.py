"""A learner takes a 10-question practice exam with the keyboard alone."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)


def tab_until(page: Page, predicate: str, limit: int = 80) -> None:
    """Press Tab until `predicate` (JS, given the focused element `el`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def focus_text(text: str) -> str:
    return f"el && el.textContent.trim().startsWith({text!r})"


def sign_in_with_keyboard(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/?next=/quizzes/exam/")
    tab_until(page, "el.name === 'username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Timed practice exam")).to_be_visible()


def test_learner_takes_a_ten_question_exam_with_the_keyboard_only(
    live_server, page: Page, assert_accessible
):
    import_pack()
    learner = UserFactory()
    sign_in_with_keyboard(page, live_server.url, learner.username)
    assert_accessible(page)

    tab_until(page, "el.type === 'radio' && el.value === '10'")
    page.keyboard.press("Space")
    tab_until(page, focus_text("Start the exam"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("question 1 of 10")
    expect(page.locator("time.countdown")).to_be_visible()
    assert_accessible(page)

    for position in range(1, 11):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"question {position} of 10")
        if page.locator("input[name=number]").count():
            tab_until(page, "el.name === 'number'")
            page.keyboard.type("42")
        else:
            tab_until(page, "el.name === 'choice'")
            page.keyboard.press("Space")
        tab_until(page, focus_text("Save answer"))
        page.keyboard.press("Enter")
        current = page.locator(".navigator a[aria-current='step']")
        expect(current).to_have_class(re.compile("nav-answered"))
        if position == 3:
            tab_until(page, focus_text("Flag for review"))
            page.keyboard.press("Enter")
            expect(page.get_by_role("button", name="Remove flag")).to_be_visible()
            expect(page.locator(".navigator a[aria-current='step']")).to_have_class(
                re.compile("nav-flagged")
            )
        if position < 10:
            tab_until(page, focus_text(f"Question {position + 1} →"))
            page.keyboard.press("Enter")

    tab_until(page, focus_text("Review and submit"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    expect(page.get_by_text("You have answered all 10 questions.")).to_be_visible()
    expect(page.get_by_role("link", name="Question 3")).to_be_visible()  # flagged
    assert_accessible(page)
    tab_until(page, focus_text("Submit the exam"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=re.compile("your result"))).to_be_visible()
    expect(page.locator(".score")).to_contain_text(re.compile(r"\d+ / 1000"))
    expect(page.get_by_role("heading", name="Every question")).to_be_visible()
    expect(page.locator(".review-item")).to_have_count(10)
    assert_accessible(page)


def test_exam_question_page_fits_a_phone(live_server, page: Page):
    import_pack()
    learner = UserFactory()
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in_with_keyboard(page, live_server.url, learner.username)
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("question 1 of 10")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
