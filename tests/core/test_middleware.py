"""Unreadable request bodies get the site's 400 page; signed-in pages are never cached."""

import pytest
from django.test import Client

from tests.core.site_urls import site_patterns

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
ALL_PATHS = [pattern.path() for pattern in site_patterns()] + ["/admin/login/", "/no-such-page/"]


@pytest.fixture
def csrf_client(user):
    """A signed-in browser with a real CSRF cookie, as the body check meets it in production."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")
    return client


@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=latin-1",
        "multipart/form-data; boundary=",
    ],
)
def test_a_post_body_that_cannot_be_read_gets_the_sites_400_page(csrf_client, path, content_type):
    token = csrf_client.cookies["csrftoken"].value
    body = "csrfmiddlewaretoken=x&answer=1".encode("utf-16")
    response = csrf_client.generic(
        "POST", path, body, content_type=content_type, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This request could not be read" in page
    assert '<main id="main"' in page  # the site's layout, not a bare page
    for header in SECURITY_HEADERS:
        assert response.has_header(header), header


def test_the_400_handler_survives_an_unreadable_body(rf, user):
    from django.core.exceptions import BadRequest

    from core.views import bad_request

    request = rf.generic(
        "POST", "/", b"a=1", content_type="application/x-www-form-urlencoded; charset=utf-16"
    )
    request.user = user
    request.session = {}
    response = bad_request(request, BadRequest("unreadable"))
    assert response.status_code == 400
    assert "This request could not be read" in response.content.decode()


def test_a_readable_post_still_reaches_its_view(csrf_client):
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.parametrize("path", ["/", "/progress/", "/progress/data/export.json", "/facts/"])
def test_signed_in_responses_are_private_and_not_stored(client_logged_in, path):
    response = client_logged_in.get(path)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_signed_in_csv_export_is_private_and_not_stored(client_logged_in):
    response = client_logged_in.get("/progress/data/export-csv.zip")
    assert response.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("path", ["/", "/facts/", "/lessons/"])
def test_anonymous_pages_are_not_marked_private(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_signed_in_response_with_its_own_cache_control_keeps_it(rf, user):
    from django.http import HttpResponse

    from core.middleware import PrivateCacheMiddleware

    def view(request):
        response = HttpResponse("shared")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = rf.get("/", headers={"Cookie": "sessionid=abc"})
    request.user = user
    assert PrivateCacheMiddleware(view)(request)["Cache-Control"] == "public, max-age=60"
