from django.http import HttpRequest

from accounts.roles import is_instructor
from core.navigation import main_navigation

SITE_NAME = "Scaling Study"


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "site_name": SITE_NAME,
        "main_nav": main_navigation(request.path),
        "user_is_instructor": user is not None and is_instructor(user),
    }
