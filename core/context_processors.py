from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.roles import is_instructor
from core.navigation import main_navigation_html
from progress.context_processors import review_due_reader

SITE_NAME = "Scaling Study"


def site(request: HttpRequest) -> dict[str, object]:
    """The layout's values. The navigation (its Review link with the learner's due count)
    and the count are built only when a template shows them, so htmx fragments pay
    nothing for them."""
    user = getattr(request, "user", None)
    due = review_due_reader(request)
    return {
        "site_name": SITE_NAME,
        "main_nav": SimpleLazyObject(lambda: main_navigation_html(request.path, due=due())),
        "review_due_count": SimpleLazyObject(due),
        "user_is_instructor": user is not None and is_instructor(user),
    }
