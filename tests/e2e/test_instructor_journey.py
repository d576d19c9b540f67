"""An instructor previews what the generators make for a topic."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, InstructorFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)


def test_instructor_previews_generated_questions(live_server, page: Page, assert_accessible):
    import_pack()
    instructor = InstructorFactory()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(instructor.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Instructor").click()
    expect(page.get_by_role("heading", name="Instructor area")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Preview generated questions").click()
    page.get_by_label("Topic").select_option("messaging")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("✓ Amazon SNS")).to_be_visible()
    expect(page.locator(".review-item").first).to_be_visible()
    assert_accessible(page)
