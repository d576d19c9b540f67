"""Database connections outlive a request (CONN_MAX_AGE): opening one per request cost more
than a small page itself, on SQLite (its PRAGMAs and schema read again) as on PostgreSQL."""

from io import BytesIO

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

# Django never closes an in-memory SQLite database (closing it would destroy it), which is
# what the tests use on SQLite; CI runs these on PostgreSQL. The SQLite file the site uses
# gets the same age: tests/core/test_settings.py.
needs_a_closable_database = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="an in-memory SQLite test database is never closed"
)


def _get(handler: WSGIHandler, path: str) -> int:
    statuses: list[str] = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": BytesIO(),
    }

    def start_response(status: str, headers: object, *args: object) -> object:
        statuses.append(status)
        return statuses.append

    response = handler(environ, start_response)  # type: ignore[arg-type]
    b"".join(response)
    response.close()  # request_finished: where Django closes a connection past its age
    return int(statuses[0].split()[0])


@needs_a_closable_database
@pytest.mark.django_db(transaction=True)
def test_a_request_leaves_its_connection_open_for_the_next(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    handler = WSGIHandler()
    assert _get(handler, "/healthz") == 200  # the health check reads the database
    first = connection.connection
    assert first is not None
    assert _get(handler, "/healthz") == 200
    assert connection.connection is first


@needs_a_closable_database
@pytest.mark.django_db(transaction=True)
def test_without_an_age_each_request_opens_its_own(settings):
    # The same check, shown to fail when connections are closed after every request.
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    handler = WSGIHandler()
    connection.close()
    age = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0
    try:
        assert _get(handler, "/healthz") == 200
        assert connection.connection is None
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = age
