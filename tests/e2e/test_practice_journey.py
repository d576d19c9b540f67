"""A learner practises a topic from a lesson's link and gets feedback after each answer."""

import re

import pytest
from playwright.sync_api import Page, Request, expect

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.quizzes.attempt_pack import import_pack
from tests.quizzes.choose_pack import CHOOSE_TWO, NUMERIC, SINGLE, attempt_with

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


def sign_in(page: Page, base_url: str, username: str, next_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def test_after_a_refused_number_the_next_answer_is_still_an_htmx_swap(
    live_server, page: Page, assert_accessible
):
    learner = UserFactory()
    attempt = attempt_with(user=learner, questions=[NUMERIC, SINGLE])
    url = f"/quizzes/attempts/{attempt.pk}/q/1/"
    sign_in(page, live_server.url, learner.username, url)
    requests: list[dict[str, str]] = []

    def note_post(request: Request) -> None:
        if request.method == "POST":
            requests.append(request.headers)

    page.on("request", note_post)
    # A full page load would clear this marker.
    page.evaluate("window.sameDocument = true")

    box = page.get_by_label("Number of shards")
    box.fill("lots")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("number")
    expect(page.get_by_label("Number of shards")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Number of shards").fill("3")
    page.get_by_label("Number of shards").press("Enter")
    expect(page.locator(".feedback h3")).to_have_text("Correct")
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    assert page.evaluate("window.sameDocument === true")
    assert len(requests) == 2
    assert all(h.get("hx-request") == "true" for h in requests)


def test_a_choose_two_practice_item_is_answered_with_the_keyboard_alone(
    live_server, page: Page, assert_accessible
):
    learner = UserFactory()
    attempt = attempt_with(user=learner, questions=[CHOOSE_TWO, SINGLE])
    sign_in(page, live_server.url, learner.username, f"/quizzes/attempts/{attempt.pk}/q/1/")
    expect(page.locator(".answer-form legend")).to_contain_text("Choose two.")
    expect(page.locator("#prompt")).to_be_focused()
    for key in ("1", "2", "3", "Enter"):
        page.keyboard.press(key)
    expect(page.get_by_role("alert")).to_have_text("Choose exactly two answers; you chose three.")
    assert not attempt.questions.get(position=1).is_answered
    # The learner's ticks were never saved; pick two and check.
    for key in ("1", "2", "Enter"):
        page.keyboard.press(key)
    expect(page.locator(".feedback h3")).to_have_text("Correct")
    expect(page.locator(".feedback h3")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(r"/q/2/$"))


def test_the_result_filters_and_retrying_the_missed_questions(
    live_server, page: Page, assert_accessible
):
    learner = UserFactory()
    attempt = attempt_with(user=learner, questions=[SINGLE, CHOOSE_TWO, NUMERIC])
    sign_in(page, live_server.url, learner.username, f"/quizzes/attempts/{attempt.pk}/q/1/")
    page.keyboard.press("2")  # wrong
    page.keyboard.press("Enter")
    expect(page.locator(".feedback h3")).to_have_text("Not quite")
    page.keyboard.press("n")
    expect(page.locator("#prompt")).to_have_text(CHOOSE_TWO.prompt)
    expect(page.locator("#prompt")).to_be_focused()
    for key in ("1", "2", "Enter"):  # right
        page.keyboard.press(key)
    expect(page.locator(".feedback h3")).to_have_text("Correct")
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(r"/q/3/$"))
    page.get_by_label("Number of shards").fill("4")  # wrong
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("link", name="See your result").click()

    expect(page.locator(".review-item")).to_have_count(3)
    expect(page.get_by_role("row", name=re.compile("messaging", re.I))).to_contain_text("1 of 2")
    expect(page.get_by_role("row", name=re.compile("kinesis", re.I))).to_contain_text("0 of 1")
    page.get_by_role("link", name="Only wrong").click()
    expect(page).to_have_url(re.compile(r"\?show=wrong#review$"))
    expect(page.locator(".review-item")).to_have_count(2)
    expect(page.get_by_role("heading", name="Only wrong")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Only flagged").click()
    expect(page.get_by_text("You flagged no questions.")).to_be_visible()

    page.get_by_role("button", name="Retry the 2 questions I missed").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("question 1 of 2")
    expect(page.locator("#prompt")).to_have_text(SINGLE.prompt)
    page.get_by_role("link", name="Question 2 →").click()
    expect(page.locator("#prompt")).to_have_text(NUMERIC.prompt)
