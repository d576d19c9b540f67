"""Signing in from a browser test, as a learner or instructor would."""

import re

from playwright.sync_api import Page

from tests.factories import DEFAULT_PASSWORD


def sign_in(page: Page, base_url: str, username: str, next_url: str) -> None:
    """Sign out whoever is signed in, sign `username` in, and wait for `next_url`."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))
