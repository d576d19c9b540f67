from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


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
