import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_newcomer_signs_up_signs_out_and_signs_back_in(live_server, page: Page, assert_accessible):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("scale on AWS")
    assert_accessible(page)

    page.get_by_role("banner").get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/"))
    assert_accessible(page)
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password:", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()

    expect(
        page.get_by_text("Welcome to Scaling Study, newcomer: your account is ready.")
    ).to_be_visible()
    expect(page.get_by_text("Welcome back")).to_have_count(0)
    page.get_by_role("button", name=re.compile("Sign out")).click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    assert_accessible(page)
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome back, newcomer.")).to_be_visible()


def test_sign_in_error_shows_on_the_form(live_server, page: Page, assert_accessible):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    assert_accessible(page)


def test_phone_width_keeps_navigation_reachable(live_server, page: Page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")
    sign_up = page.get_by_role("banner").get_by_role("link", name="Sign up")
    expect(sign_up).to_be_visible()
    # Nothing sticks out sideways on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_forgotten_password_is_reset_through_the_emailed_link(
    live_server, page: Page, assert_accessible
):
    UserFactory(username="forgetful", email="forgetful@example.com")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    page.get_by_label("Email").fill("forgetful@example.com")
    page.get_by_role("button", name="Send the reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+/", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password:", exact=True).fill("a-brand-new-long-passphrase")
    page.get_by_label("New password confirmation").fill("a-brand-new-long-passphrase")
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is reset")

    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("forgetful")
    page.get_by_label("Password").fill("a-brand-new-long-passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome back, forgetful.")).to_be_visible()
