from typing import Any

from django import template

from accounts.models import User
from teaching.selectors import learner_classes as learner_classes_for

register = template.Library()


@register.inclusion_tag("teaching/_learner_classes.html", takes_context=True)
def learner_classes(context: template.Context) -> dict[str, Any]:
    """The signed-in learner's classes and assignments, for the home and progress pages."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "classes": learner_classes_for(user=user) if isinstance(user, User) else [],
        "user": user,
        "csp_nonce": context.get("csp_nonce"),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
