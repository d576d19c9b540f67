"""The two roles: learners (everyone who signs up) and instructors (a group)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    Group,
    Permission,
    PermissionsMixin,
)
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from core.versions import bump_version, current_version

INSTRUCTORS_GROUP = "Instructors"
ROLES_VERSION_KEY = "roles-version"
ROLES_TIMEOUT = 60 * 60
# Instructors may add, change, delete and view the course content; learners' own records
# (attempts, studied marks, review cards) are not theirs to edit.
AUTHORING_MODELS = {
    "studyguide": ("topic", "lesson", "fact", "comparisontable", "authoredquestion"),
}


def authoring_permissions() -> list[Permission]:
    return [
        permission
        for permission in Permission.objects.filter(
            content_type__app_label__in=AUTHORING_MODELS
        ).select_related("content_type")
        if permission.content_type.model in AUTHORING_MODELS[permission.content_type.app_label]
    ]


def ensure_instructor_group(**kwargs: Any) -> Group:
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    group.permissions.add(*authoring_permissions())
    return group


def is_instructor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Asked on every page (the navigation), so cached per user under a roles version
    that any change to groups or memberships renews (on_roles_changed)."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if not isinstance(user, PermissionsMixin):  # a user model without groups
        return False
    key = f"instructor:{current_version(ROLES_VERSION_KEY)}:{user.pk}"
    found = cache.get(key)
    if found is None:
        # user.groups makes a related manager each time: only on a miss.
        found = user.groups.filter(name=INSTRUCTORS_GROUP).exists()
        cache.set(key, found, timeout=ROLES_TIMEOUT)
    return bool(found)


def on_roles_changed(sender: object, **kwargs: object) -> None:
    """Receiver for group saves and deletes and membership changes (AccountsConfig.ready)."""
    bump_version(ROLES_VERSION_KEY)


def instructor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors are sent to sign in; signed-in learners get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_instructor(request.user):
            raise PermissionDenied("This page is for instructors.")
        return view(request, *args, **kwargs)

    return wrapper
