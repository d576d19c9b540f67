"""The rules every htmx-aware view follows.

A view that answers htmx with a fragment and a plain request with the whole page must
also be decorated with ``@vary_on_headers("HX-Request")`` (django.views.decorators.vary),
so that no cache hands one answer to the other.
"""

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx swap wants a fragment; a history restore (htmx re-fetching a page it has
    no snapshot of) also sends HX-Request but needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def page_or_fragment(request: HttpRequest, template: str, fragment: str) -> str:
    """The template name to render: the page, or one of its partials for an htmx swap."""
    return f"{template}#{fragment}" if wants_fragment(request) else template
