from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxMiddleware

from core.htmx import page_or_fragment, wants_fragment


def _request(**headers: str):
    request = RequestFactory().get("/facts/", headers=headers)
    HtmxMiddleware(lambda r: HttpResponse())(request)
    return request


def test_a_plain_request_gets_the_page():
    assert not wants_fragment(_request())
    assert page_or_fragment(_request(), "a.html", "part") == "a.html"


def test_an_htmx_swap_gets_the_fragment():
    request = _request(HX_Request="true")
    assert wants_fragment(request)
    assert page_or_fragment(request, "a.html", "part") == "a.html#part"


def test_a_history_restore_gets_the_whole_page():
    request = _request(HX_Request="true", HX_History_Restore_Request="true")
    assert not wants_fragment(request)
    assert page_or_fragment(request, "a.html", "part") == "a.html"
