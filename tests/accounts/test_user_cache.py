"""The signed-in user is read from the cache, and every change to the user is seen on the
next request (accounts.backends.CachedUserBackend)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/lessons/"


def user_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    assert response.status_code == 200
    table = get_user_model()._meta.db_table
    return response, [q["sql"] for q in captured if f'FROM "{table}"' in q["sql"]]


def test_a_signed_in_page_reads_the_user_from_the_cache_after_the_first(client):
    user = UserFactory()
    client.force_login(user)
    _, first = user_queries(client)
    assert first  # the first request reads the row
    response, again = user_queries(client)
    assert again == []
    assert response.wsgi_request.user == user


def deactivate(user):
    user.is_active = False
    user.save()


def change_password(user):
    user.set_password("an entirely new passphrase 42")
    user.save()


@pytest.mark.parametrize(
    "change",
    [deactivate, lambda user: user.delete(), change_password],
    ids=["deactivated", "deleted", "password changed elsewhere"],
)
def test_a_change_to_the_user_signs_them_out_on_the_next_request(client, change):
    user = UserFactory()
    client.force_login(user)
    user_queries(client)  # cached now
    change(user)
    response, _ = user_queries(client)
    assert not response.wsgi_request.user.is_authenticated


def test_a_renamed_user_is_shown_by_the_new_name_at_once(client):
    user = UserFactory(username="before-rename")
    client.force_login(user)
    assert "before-rename" in client.get(PAGE).content.decode()
    user.username = "after-rename"
    user.save()
    page = client.get(PAGE).content.decode()
    assert "after-rename" in page
    assert "before-rename" not in page


def test_signing_in_over_http_uses_the_cached_backend(client):
    user = UserFactory()
    user.set_password("a long and sound passphrase")
    user.save()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "a long and sound passphrase"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "accounts.backends.CachedUserBackend"
    user_queries(client)  # the first page after signing in reads the row
    _, cached = user_queries(client)
    assert cached == []
