from collections.abc import Callable
from functools import cache

from django.http import HttpRequest
from django.utils import timezone

from progress.selectors import due_count


def review_due_reader(request: HttpRequest) -> Callable[[], int]:
    """The signed-in learner's due count, read at most once per request and only when a
    page shows it (one cached read, at worst one COUNT query)."""
    user = getattr(request, "user", None)

    @cache
    def read() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return due_count(user=user, now=timezone.now())

    return read
