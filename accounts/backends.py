from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.http import HttpRequest

from accounts.models import User
from core.versions import bump_version, current_version


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes is untyped
    """django-axes' lockout check for sign-ins over HTTP.

    Throttling is about requests from a client; authenticate() called without a request
    (the test client's login(), a management command) has no client to throttle, where
    axes would refuse it outright.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        if request is None:
            return None
        user: AbstractBaseUser | None = super().authenticate(request, username, password, **kwargs)
        return user


USER_TIMEOUT = 5 * 60


def _user_version_key(user_id: object) -> str:
    return f"user-version:{user_id}"


class CachedUserBackend(ModelBackend):
    """Django's ModelBackend, with the signed-in user read from the cache on each request
    instead of the database: that read was on every signed-in page.

    The cached row is keyed by a per-user version (core.versions) that every save and
    delete of the user renews (on_user_changed), so a changed password, a deactivation or
    a deletion takes effect on the next request in every process and on every instance. A
    write that bypasses the model's signals (a raw SQL or QuerySet.update() in a shell) is
    seen within USER_TIMEOUT. get_user() still applies ModelBackend's is_active check, and
    django.contrib.auth still verifies the session's password hash against the row.
    """

    def get_user(self, user_id: Any) -> User | None:
        key = f"user:{current_version(_user_version_key(user_id))}:{user_id}"
        user: User | None = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(key, user, timeout=USER_TIMEOUT)
        return user if self.user_can_authenticate(user) else None


def on_user_changed(sender: object, instance: AbstractBaseUser, **kwargs: object) -> None:
    """Receiver for saves and deletes of users (AccountsConfig.ready)."""
    bump_version(_user_version_key(instance.pk))
