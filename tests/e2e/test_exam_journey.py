"""A learner takes practice exams with the keyboard alone, and the clock runs out on one."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from quizzes.generation.types import Question
from quizzes.models import Attempt
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.quizzes.attempt_pack import import_pack
from tests.quizzes.choose_pack import CHOOSE_TWO, NUMERIC, SINGLE, attempt_with

pytestmark = pytest.mark.django_db(transaction=True)
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# The budget: a 10-question exam with the keyboard alone in at most 60 presses.
KEY_BUDGET_PER_QUESTION = 6


def tab_until(page: Page, predicate: str, limit: int = 80) -> int:
    """Press Tab until `predicate` (JS, given the focused element `el`) holds; the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return presses
    raise AssertionError(f"Tab never reached an element where {predicate}")


def focus_text(text: str) -> str:
    return f"el && el.textContent.trim().startsWith({text!r})"


def focused(page: Page) -> str:
    value: str = page.evaluate(
        "(() => { const el = document.activeElement;"
        " return el.tagName + '|' + (el.id || el.name || '') + '|' + el.textContent.trim(); })()"
    )
    return value


def sign_in_with_keyboard(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/?next=/quizzes/exam/")
    tab_until(page, "el.name === 'username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Timed practice exam")).to_be_visible()


def sign_in(page: Page, base_url: str, username: str, next_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def ten_questions() -> list[Question]:
    """Single answers, "Choose two" items and numbers, each its own question."""
    kinds = [
        SINGLE,
        CHOOSE_TWO,
        NUMERIC,
        SINGLE,
        SINGLE,
        CHOOSE_TWO,
        SINGLE,
        NUMERIC,
        SINGLE,
        SINGLE,
    ]
    return [replace(q, uid=f"{q.uid}-{n}") for n, q in enumerate(kinds, start=1)]


class Keys:
    """The keyboard, counting every press."""

    def __init__(self, page: Page) -> None:
        self.page, self.count = page, 0

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.count += 1

    def tab_until(self, predicate: str) -> None:
        self.count += tab_until(self.page, predicate)


def test_learner_takes_a_ten_question_exam_with_the_keyboard_within_the_key_budget(
    live_server, page: Page, assert_accessible
):
    learner = UserFactory()
    attempt_with(user=learner, questions=ten_questions(), mode="exam", minutes=20)
    sign_in_with_keyboard(page, live_server.url, learner.username)
    assert_accessible(page)
    keys = Keys(page)
    keys.tab_until(focus_text("Resume the exam"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("question 1 of 10")
    expect(page.locator(".countdown")).to_be_visible()
    assert_accessible(page)

    for position in range(1, 11):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"question {position} of 10")
        expect(page.locator(".navigator a[aria-current='step']")).to_have_text(
            re.compile(rf"^{position}\b")
        )
        # Focus follows the learner: it is on the question, never on <body>.
        expect(page.locator("#prompt")).to_be_focused()
        if position == 4:
            keys.press("f")
            expect(page.get_by_role("button", name="Remove flag")).to_be_focused()
            expect(page.locator(".navigator a[aria-current='step']")).to_have_class(
                re.compile("nav-flagged")
            )
        if page.locator("input[name=number]").count():
            keys.press("Tab", "4", "2", "Enter")
        else:
            legend = page.locator(".answer-form legend").inner_text()
            word = re.match(r"Choose (\w+)", legend)
            picks = WORDS[word.group(1)] if word and word.group(1) in WORDS else 1
            keys.press(*[str(n) for n in range(1, picks + 1)], "Enter")
        if position < 10:
            expect(page).to_have_url(re.compile(rf"/q/{position + 1}/$"))
            expect(page.get_by_role("status")).to_have_text(
                f"Answer to question {position} saved; this is question {position + 1}."
            )
        if position == 2:
            assert_accessible(page)

    expect(page.get_by_role("link", name="Review and submit")).to_be_focused()
    assert page.locator(".navigator a.nav-unanswered").count() == 0
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    expect(page.get_by_text("You have answered all 10 questions.")).to_be_visible()
    expect(page.get_by_role("link", name="Question 4")).to_be_visible()  # flagged
    assert_accessible(page)
    expect(page.get_by_role("button", name="Submit the exam")).to_be_focused()
    keys.press("Enter")

    expect(page.get_by_role("heading", name=re.compile("your result"))).to_be_visible()
    expect(page.locator(".score")).to_contain_text(re.compile(r"\d+ / 1000"))
    expect(page.locator(".review-item")).to_have_count(10)
    assert_accessible(page)
    assert keys.count <= KEY_BUDGET_PER_QUESTION * 10, f"{keys.count} key presses"


def test_exam_shortcuts_move_flag_and_list_themselves_but_never_fire_while_typing(
    live_server, page: Page, assert_accessible
):
    learner = UserFactory()
    attempt = attempt_with(
        user=learner, questions=[SINGLE, NUMERIC, CHOOSE_TWO], mode="exam", minutes=30
    )
    sign_in(page, live_server.url, learner.username, f"/quizzes/attempts/{attempt.pk}/q/1/")
    expect(page.locator("#prompt")).to_be_focused()

    page.keyboard.press("?")
    shortcuts = page.locator("#shortcuts")
    expect(shortcuts).to_have_attribute("open", "")
    expect(shortcuts.locator("summary")).to_be_focused()
    expect(shortcuts.get_by_text("flag the question for review")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(shortcuts).not_to_have_attribute("open", "")

    page.keyboard.press("3")
    expect(page.locator("input[name=choice]").nth(2)).to_be_checked()
    expect(page.locator("input[name=choice]").nth(2)).to_be_focused()
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(r"/q/2/$"))
    expect(page.locator("#prompt")).to_be_focused()

    # In the number box, letters and digits are typing, not shortcuts.
    page.keyboard.press("Tab")
    expect(page.locator("input[name=number]")).to_be_focused()
    page.keyboard.type("nf1p?")
    expect(page.locator("input[name=number]")).to_have_value("nf1p?")
    expect(page).to_have_url(re.compile(r"/q/2/$"))
    expect(page.locator("#shortcuts")).not_to_have_attribute("open", "")
    expect(page.get_by_role("button", name="Flag for review")).to_be_visible()

    page.locator("#prompt").focus()
    page.keyboard.press("f")
    expect(page.get_by_role("button", name="Remove flag")).to_be_focused()
    page.keyboard.press("p")
    expect(page).to_have_url(re.compile(r"/q/1/$"))
    expect(page.locator(".navigator a").nth(1)).to_have_class(re.compile("nav-flagged"))
    # The choice picked with "3" was never saved: no shortcut saves without Enter.
    assert not Attempt.objects.get(pk=attempt.pk).questions.get(position=1).is_answered


def test_a_choose_two_exam_item_is_answered_with_the_keyboard_and_a_wrong_count_refused(
    live_server, page: Page, assert_accessible
):
    learner = UserFactory()
    attempt = attempt_with(user=learner, questions=[CHOOSE_TWO, SINGLE], mode="exam", minutes=30)
    sign_in(page, live_server.url, learner.username, f"/quizzes/attempts/{attempt.pk}/q/1/")
    expect(page.locator(".answer-form legend")).to_contain_text("Choose two.")
    assert_accessible(page)

    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("Choose exactly two answers; you chose one.")
    expect(page).to_have_url(re.compile(r"/q/1/$"))
    # The refused answer keeps nothing, and the learner's ticks stay as they were.
    expect(page.locator("input[name=choice]").first).to_be_focused()
    assert not attempt.questions.get(position=1).is_answered

    page.keyboard.press("1")  # the refused render shows the saved (empty) answer: tick again
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/q/2/$"))
    item = attempt.questions.get(position=1)
    assert item.selected == [0, 1]
    assert item.is_correct is True


def test_the_clock_warns_then_submits_the_exam_when_the_time_is_up(
    live_server, page: Page, assert_accessible
):
    learner = UserFactory()
    five = attempt_with(user=learner, questions=[SINGLE], mode="exam", minutes=4.9)
    sign_in(page, live_server.url, learner.username, f"/quizzes/attempts/{five.pk}/q/1/")
    expect(page.locator(".time-warning")).to_have_text("Five minutes left.")
    expect(page.locator(".time-warning")).to_have_attribute("aria-live", "assertive")
    assert_accessible(page)

    short = attempt_with(user=learner, questions=[SINGLE, CHOOSE_TWO], mode="exam", minutes=0.1)
    page.goto(f"{live_server.url}/quizzes/attempts/{short.pk}/q/1/")
    # Record every text the countdown shows until the page is replaced.
    page.evaluate(
        """() => {
          window.shown = [];
          const el = document.querySelector('.countdown');
          new MutationObserver(() => window.shown.push(el.textContent))
            .observe(el, {childList: true, characterData: true, subtree: true});
        }"""
    )
    expect(page.locator(".time-warning")).to_contain_text("One minute left.")
    page.keyboard.press("1")  # picked but never saved: the server judges what was saved
    expect(page.locator(".countdown")).to_have_text("time is up", timeout=10_000)
    shown = page.evaluate("window.shown")
    assert "time is up" in shown
    assert "0 min 00 s" not in shown, shown
    page.wait_for_url(re.compile(rf"/attempts/{short.pk}/result/$"), timeout=10_000)
    expect(
        page.get_by_text("Time ran out: the exam was submitted at its deadline.")
    ).to_be_visible()
    short.refresh_from_db()
    assert short.submitted_at == short.deadline
    assert_accessible(page)


def test_saving_after_the_deadline_shows_a_message_and_the_way_to_the_result(
    live_server, page: Page, assert_accessible
):
    learner = UserFactory()
    attempt = attempt_with(user=learner, questions=[SINGLE, CHOOSE_TWO], mode="exam", minutes=30)
    sign_in(page, live_server.url, learner.username, f"/quizzes/attempts/{attempt.pk}/q/1/")
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="This exam is closed")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Time is up")
    link = page.get_by_role("link", name="See your result")
    expect(link).to_be_focused()
    expect(page.locator("input[name=choice]")).to_have_count(0)
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("your result"))).to_be_visible()


def test_exam_end_time_is_shown_in_the_learners_time_zone(live_server, browser):
    learner = UserFactory()
    attempt = attempt_with(user=learner, questions=[SINGLE], mode="exam", minutes=30)
    context = browser.new_context(timezone_id="Asia/Kolkata", locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, learner.username, f"/quizzes/attempts/{attempt.pk}/q/1/")
        assert attempt.deadline is not None
        local = attempt.deadline + timedelta(hours=5, minutes=30)  # India: UTC+5:30, no DST
        end = page.locator(".timer time.local-time")
        expect(end).to_contain_text(local.strftime("%H:%M"))
        expect(end).not_to_contain_text("UTC")
        assert end.get_attribute("datetime") == attempt.deadline.isoformat()
    finally:
        context.close()


def test_an_exam_in_progress_is_offered_before_another_starts(live_server, page: Page):
    learner = UserFactory()
    attempt = attempt_with(user=learner, questions=[SINGLE], mode="exam", minutes=30)
    sign_in(page, live_server.url, learner.username, "/quizzes/exam/")
    expect(page.get_by_text("You have an exam in progress")).to_be_visible()
    expect(page.get_by_role("button", name="Start another exam anyway")).to_be_visible()
    page.get_by_role("link", name="Resume the exam").click()
    expect(page).to_have_url(re.compile(rf"/attempts/{attempt.pk}/q/1/$"))


def test_exam_question_page_fits_a_phone(live_server, page: Page):
    import_pack()
    learner = UserFactory()
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in_with_keyboard(page, live_server.url, learner.username)
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("question 1 of")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
