from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.forms import SignInForm, SignUpForm
from accounts.throttling import client_ip, signup_take_slot


def safe_next_path(request: HttpRequest, target: str) -> str:
    """`target` when it is a path on this site, else "": a bare word such as "abc" is not a
    page (redirect() would take it for a view name), and other hosts are not ours."""
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return target


def _next_from(request: HttpRequest) -> str:
    return safe_next_path(request, request.POST.get("next") or request.GET.get("next") or "")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _next_from(request)
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not signup_take_slot(ip=client_ip(request) or "unknown"):
            return render(
                request,
                "registration/signup_throttled.html",
                {"limit": settings.SIGNUP_LIMIT_PER_HOUR},
                status=429,
            )
        user = form.save()
        login(request, user, backend="accounts.backends.CachedUserBackend")
        messages.success(
            request, f"Welcome to Scaling Study, {user.get_username()}: your account is ready."
        )
        return redirect(next_url or "home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "registration/signup.html", {"form": form, "next": next_url}, status=status
    )


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        return safe_next_path(self.request, super().get_redirect_url())

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, f"Welcome back, {form.get_user().get_username()}.")
        return response


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # Added after logout() flushed the session, so it travels in the messages cookie.
        messages.info(request, "You have signed out.")
        return response


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' answer once a username has failed too often from one address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
