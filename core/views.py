from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from accounts.roles import instructor_required
from core.middleware import forget_unreadable_body
from core.selectors import course_overview_html
from progress import selectors as progress_selectors
from progress import services as progress_services


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"course_overview": course_overview_html()}
    if request.user.is_authenticated:
        # A signed-in learner's day: what is due, what to read, the streak and readiness.
        now = timezone.now()
        context["plan"] = progress_selectors.today_plan(user=request.user, now=now)
        context["readiness"] = progress_services.readiness_show(user=request.user, now=now)
    return render(request, "core/home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
@instructor_required
def instructor_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/instructor_home.html")


# Each handler forgets a body that cannot be parsed before anything (requires_csrf_token
# included) reads it again: a second failure inside a handler is a bare 500.
@requires_csrf_token
def _render_error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    forget_unreadable_body(request)
    return _render_error(request, "400.html", 400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    forget_unreadable_body(request)
    return _render_error(request, "404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    forget_unreadable_body(request)
    return _render_error(request, "403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the site's own page saying what to do, instead of Django's."""
    forget_unreadable_body(request)
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: whatever broke the page may break them too.
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"site_name": "Scaling Study"}), status=500)
