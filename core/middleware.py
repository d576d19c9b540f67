"""Middleware: requests whose body cannot be read, and private caching for signed-in pages."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import patch_cache_control

logger = logging.getLogger("django.security.UnreadableBody")

UNREADABLE_BODY_ERRORS = (
    BadRequest,
    SuspiciousOperation,
    MultiPartParserError,
    UnreadablePostError,
)


def forget_unreadable_body(request: HttpRequest) -> bool:
    """Parse the form body once; if it cannot be parsed, leave an empty one in its place so
    that later readers (the CSRF check, error pages) do not fail on it again. True when the
    body was unreadable."""
    if request.method != "POST" or hasattr(request, "_post"):
        return False
    try:
        request.POST  # noqa: B018 (parsing is the point)
    except UNREADABLE_BODY_ERRORS as error:
        logger.warning("Unreadable request body on %s: %s", request.path, error)
        request._mark_post_parse_error()  # type: ignore[attr-defined]
        return True
    return False


class UnreadableBodyMiddleware:
    """A body Django cannot parse (a charset other than UTF-8, a broken multipart body, too
    many fields) gets the site's 400 page, before any view or check reads it again.

    Sits last, so the response still passes through the security, CSP and session layers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if forget_unreadable_body(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Pages for a signed-in user are theirs alone: no shared or on-disk cache may keep them.

    Anonymous pages and static files (served by whitenoise before this) keep their own
    caching, and a response that set its own Cache-Control keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Only a request with a session cookie can be signed in; do not load a session for
        # anyone else just to find that out.
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
