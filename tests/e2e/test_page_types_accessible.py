"""Axe scans of the page types no journey test passes through."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)


def test_remaining_page_types_have_no_axe_violations(live_server, page: Page, assert_accessible):
    import_pack()
    learner = UserFactory()
    page.goto(live_server.url + "/no/such/page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(learner.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path, heading in [
        ("/topics/kinesis/", "Kinesis"),
        ("/quizzes/history/", "My attempts"),
        ("/accounts/password_change/", "Change your password"),
        ("/instructor/", "You cannot open this page"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)
