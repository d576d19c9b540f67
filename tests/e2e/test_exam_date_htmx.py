"""An exam date refused by an htmx swap leaves the new form enhanced: the next try is an htmx
request again and the address stays /progress/."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_progress_journey import sign_in
from tests.factories import UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)


def test_exam_date_errors_keep_htmx_attached_and_the_address(live_server, page: Page):
    import_pack()
    learner = UserFactory()
    sign_in(page, live_server.url, learner.username, "/progress/")
    expect(page.get_by_role("heading", level=1, name="Your progress")).to_be_visible()
    htmx_posts: list[bool] = []
    page.on(
        "request",
        lambda r: (
            htmx_posts.append(r.headers.get("hx-request") == "true") if r.method == "POST" else None
        ),
    )
    date_input = page.get_by_role("textbox", name="Exam date")
    save = page.get_by_role("button", name="Save exam date")
    save.click()  # empty
    expect(page.get_by_text("Enter the date of your exam.")).to_be_visible()
    date_input.fill("2001-01-01")
    save.click()
    expect(page.get_by_text("The exam date cannot be in the past.")).to_be_visible()
    date_input.fill("2099-01-01")
    save.click()
    expect(page.get_by_text("Choose a date within the next two years.")).to_be_visible()
    date_input.fill("2027-03-15")
    save.click()
    expect(page.get_by_text("Your exam is on")).to_contain_text("15 March 2027")
    page.get_by_role("button", name="Clear exam date").click()
    expect(page.get_by_text("Set the date of your exam")).to_be_visible()
    assert htmx_posts == [True, True, True, True, True]
    assert page.url == live_server.url + "/progress/"
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Your progress")).to_be_visible()
    expect(page.get_by_text("Set the date of your exam")).to_be_visible()
