"""Sign-in lockout (django-axes, username and address together, with a cool-off) and sign-up
throttling per address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from accounts.throttling import client_ip
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
LIMIT = 5
LOCKED_TEXT = "Too many failed sign-ins"


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail_until_locked(client, username, ip="10.0.0.1"):
    for _ in range(LIMIT):
        sign_in(client, username, "wrong-password", ip)


def test_wrong_passwords_up_to_the_limit_get_the_form_error(client, user):
    for _ in range(LIMIT - 1):
        response = sign_in(client, user.username, "wrong-password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()


def test_after_the_limit_even_the_right_password_is_refused_with_a_clear_429(client, user):
    fail_until_locked(client, user.username)
    response = sign_in(client, user.username, DEFAULT_PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_TEXT in page
    assert "15 minutes" in page
    assert '<main id="main"' in page  # the site's layout
    assert not client.get("/").context["user"].is_authenticated


def test_unknown_and_known_usernames_are_answered_alike(client, user):
    answers = []
    for username in (user.username, "nobody-by-this-name"):
        first = sign_in(client, username, "wrong-password")
        fail_until_locked(client, username)
        locked = sign_in(client, username, "wrong-password")
        answers.append(
            (first.status_code, locked.status_code, LOCKED_TEXT in locked.content.decode())
        )
    assert answers[0] == answers[1] == (200, 429, True)


def test_the_lock_is_on_username_and_address_together(client, user):
    other = UserFactory()
    fail_until_locked(client, user.username, ip="10.0.0.1")
    assert sign_in(client, user.username, DEFAULT_PASSWORD, ip="10.0.0.2").status_code == 302
    client.post(reverse("logout"))
    assert sign_in(client, other.username, DEFAULT_PASSWORD, ip="10.0.0.1").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, user):
    fail_until_locked(client, user.username)
    assert sign_in(client, user.username, DEFAULT_PASSWORD).status_code == 429
    past = datetime.timedelta(minutes=16)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    assert sign_in(client, user.username, DEFAULT_PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(client, user):
    for _ in range(LIMIT - 1):
        sign_in(client, user.username, "wrong-password")
    assert sign_in(client, user.username, DEFAULT_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(LIMIT - 1):
        sign_in(client, user.username, "wrong-password")
    assert sign_in(client, user.username, DEFAULT_PASSWORD).status_code == 302


def test_force_login_and_the_test_clients_login_are_not_throttled(client, user):
    fail_until_locked(client, user.username, ip="127.0.0.1")
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    client.logout()
    client.force_login(user)
    assert client.get("/").context["user"] == user


def signup(client, username, ip):
    password = "a-long-and-unusual-passphrase"
    return client.post(
        reverse("signup"),
        {"username": username, "password1": password, "password2": password},
        REMOTE_ADDR=ip,
    )


@override_settings(SIGNUP_LIMIT_PER_HOUR=3)
def test_sign_ups_from_one_address_stop_at_the_hourly_limit_with_a_clear_429(client):
    for n in range(3):
        assert signup(client, f"newcomer{n}", "10.0.0.9").status_code == 302
        client.post(reverse("logout"))
    response = signup(client, "one-too-many", "10.0.0.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many new accounts from your network" in page
    assert "At most 3 accounts" in page
    assert '<main id="main"' in page
    assert not User.objects.filter(username="one-too-many").exists()
    assert signup(client, "from-elsewhere", "10.0.0.10").status_code == 302


@override_settings(SIGNUP_LIMIT_PER_HOUR=1)
def test_a_sign_up_form_with_errors_does_not_spend_the_budget(client):
    response = client.post(reverse("signup"), {"username": "x"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 400
    assert signup(client, "newcomer", "10.0.0.9").status_code == 302


def test_client_address_is_remote_addr_unless_behind_a_trusted_proxy(rf):
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.1.1.1"
    with override_settings(BEHIND_PROXY=True):
        # Only the last hop was written by our load balancer; the client can forge the rest.
        assert client_ip(request) == "203.0.113.7"
        assert client_ip(rf.get("/", REMOTE_ADDR="10.1.1.1")) == "10.1.1.1"
        forged = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="not-an-address")
        assert client_ip(forged) == "10.1.1.1"


def test_a_request_from_no_client_has_no_address(rf):
    request = rf.get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None


def test_an_over_long_username_is_a_form_error_and_not_counted(client):
    response = sign_in(client, "x" * 100_000, "wrong-password")
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()
