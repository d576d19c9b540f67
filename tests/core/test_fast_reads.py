"""The session and the signed-in user are read with plain SQL (core.sessions, core.auth,
core.rawsql): the same answers as Django's own stores, whatever the session holds."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.models import Session
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.auth import ModelBackend
from core.rawsql import rows_where, values_where
from core.sessions import SessionStore
from quizzes.models import Attempt
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_settings_use_the_plain_sql_readers(settings):
    # With REDIS_URL, sessions are cached_db (Redis first); the database store otherwise.
    expected = (
        "django.contrib.sessions.backends.cached_db" if settings.REDIS_URL else "core.sessions"
    )
    assert expected == settings.SESSION_ENGINE
    assert "core.auth.ModelBackend" in settings.AUTHENTICATION_BACKENDS


def test_a_session_reads_back_what_was_saved():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == {"answer": 42}


def test_an_expired_or_unknown_session_is_empty():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("x" * 32).load() == {}
    assert SessionStore(None).load() == {}


def test_the_user_is_the_same_as_the_orm_reads():
    user = UserFactory(first_name="Ada", is_staff=True)
    user.last_login = timezone.now()
    user.save()
    fast = ModelBackend().get_user(user.pk)
    slow = DjangoModelBackend().get_user(user.pk)
    assert fast is not None
    assert slow is not None
    assert model_to_dict(fast) == model_to_dict(slow)
    assert fast.last_login == slow.last_login
    assert fast.date_joined == get_user_model().objects.get(pk=user.pk).date_joined
    assert fast._state.adding is False


@pytest.mark.parametrize("bad", [None, "abc", 10**30, -1, "1; DROP TABLE accounts_user"])
def test_no_user_for_a_key_that_is_no_user(bad):
    assert ModelBackend().get_user(bad) is None


def test_an_inactive_user_is_not_signed_in():
    user = UserFactory(is_active=False)
    assert ModelBackend().get_user(user.pk) is None


def test_signing_in_reads_session_and_user_with_plain_queries(client, settings):
    user = UserFactory()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/lessons/")
    assert response.status_code == 200
    assert response.context["user"] == user
    sqls = [q["sql"] for q in queries.captured_queries]
    if not settings.REDIS_URL:  # with Redis the session comes from the cache
        assert sqls.pop(0).startswith('SELECT "session_data" FROM "django_session"')
    assert sqls[0].startswith('SELECT "id", "password"')


def test_a_password_change_elsewhere_signs_the_old_session_out(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/progress/").status_code == 200
    user.set_password("a new password for this test")
    user.save()
    assert client.get("/progress/").status_code == 302


def test_signing_out_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/logout/")
    assert client.get("/progress/").status_code == 302


def test_rows_where_matches_the_orm():
    user = UserFactory()
    attempt = Attempt.objects.create(user=user, mode="practice", seed=3, question_count=2)
    (row,) = rows_where(Attempt, pk=attempt.pk, user=user.pk)
    assert model_to_dict(row) == model_to_dict(Attempt.objects.get(pk=attempt.pk))
    assert rows_where(Attempt, pk=attempt.pk, user=user.pk + 1) == []
    assert values_where(Attempt, ("seed", "question_count"), pk=attempt.pk) == [(3, 2)]
    # A key no column can hold matches nothing, as in the ORM, rather than failing.
    assert rows_where(Attempt, pk=10**30, user=user.pk) == []
    assert values_where(Attempt, ("seed",), user=-(10**30)) == []


def test_user_model_is_the_sites():
    assert get_user_model()._meta.db_table == "accounts_user"
