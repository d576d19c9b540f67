"""Gzip for pages, with BREACH in mind.

BREACH recovers a secret from a compressed response that also reflects attacker-chosen
text. The only secret in our pages is the CSRF token, which Django masks afresh for every
response (so it never repeats), and Django's GZipMiddleware adds random-length padding to
each response. The data exports are a learner's whole history as a download: they are
left uncompressed.
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class PageGZipMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.get("Content-Disposition", "").startswith("attachment"):
            return response
        return super().process_response(request, response)
