"""A learner practises a topic from a lesson's link and gets feedback after each answer."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)


def test_practice_from_a_lesson_with_feedback_after_each_answer(
    live_server, page: Page, assert_accessible
):
    import_pack()
    learner = UserFactory()
    page.goto(live_server.url + "/lessons/messaging/sqs/")
    page.get_by_role("link", name="Practise this topic").click()
    # Quizzes need an account: sign in, then come back to the practice form.
    page.get_by_label("Username").fill(learner.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Quizzes")).to_be_visible()
    expect(page.get_by_label("Messaging")).to_be_checked()
    expect(page.get_by_label("Kinesis")).not_to_be_checked()
    assert_accessible(page)
    page.get_by_label("5 questions").check()
    page.get_by_role("button", name="Start practising").click()

    for position in range(1, 6):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"question {position} of 5")
        page.locator("input[name=choice]").first.check()
        page.get_by_role("button", name="Check answer").click()
        feedback = page.locator(".feedback")
        expect(feedback).to_be_visible()
        expect(feedback.get_by_role("heading")).to_have_text(re.compile("Correct|Not quite"))
        # The swap keeps the address: feedback arrived without a page load.
        expect(page).to_have_url(re.compile(rf"/q/{position}/$"))
        if position == 1:
            assert_accessible(page)
        if position < 5:
            page.get_by_role("link", name=f"Question {position + 1} →").click()

    page.get_by_role("link", name="See your result").click()
    expect(page.get_by_role("heading", name=re.compile("your result"))).to_be_visible()
    expect(page.locator(".review-item")).to_have_count(5)
    assert_accessible(page)
