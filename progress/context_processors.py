from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from progress.selectors import due_count


def review_due(request: HttpRequest) -> dict[str, object]:
    """`review_due_count` for the navigation and home page: one COUNT query, and only when a
    template uses it for a signed-in learner."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"review_due_count": 0}
    return {"review_due_count": SimpleLazyObject(lambda: due_count(user=user, now=timezone.now()))}
