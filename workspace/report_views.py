"""Learners' reports on questions (/reports/), the instructor's queue of them, and
regrading a question (/instructor/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.roles import instructor_required
from core.htmx import page_or_fragment, wants_fragment
from core.http import AuthenticatedHttpRequest
from studyguide.models import AuthoredQuestion
from workspace import regrade as regrading
from workspace import report_selectors as selectors
from workspace import report_services as services
from workspace.models import QuestionReport
from workspace.report_forms import ReportAnswerForm, ReportFilterForm, ReportForm, ReportTargetForm

THANKS = (
    "Thank you: your report is sent. An instructor will look at the question, and their "
    "reply will appear on your reports page."
)
QUEUE_PAGE_SIZE = 25
LEARNER_PAGE_SIZE = 20


def _auto_id(data: Any) -> str:
    """Field ids unique on a page that may open several report forms (a result page)."""
    item = str(data.get("attempt_question") or "").strip()
    return f"report-{item}-%s" if item.isdigit() else "report-%s"


def _safe_next(request: AuthenticatedHttpRequest, value: str) -> str:
    if value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


# Learners ---------------------------------------------------------------------------------


def _target(
    request: AuthenticatedHttpRequest, data: dict[str, Any]
) -> tuple[dict[str, Any], str, QuestionReport | None]:
    """The snapshot the learner saw, where to send them back, and their open report on it
    if any. Http404 for a question that is not theirs."""
    try:
        if data.get("attempt_question"):
            item = services.reportable_attempt_question(
                user=request.user, pk=data["attempt_question"]
            )
            snapshot = services.attempt_snapshot(item)
            if item.attempt.is_exam:
                back = reverse("quizzes:result", args=[item.attempt_id])
            else:
                back = reverse("quizzes:question", args=[item.attempt_id, item.position])
            existing = services.open_report_for(user=request.user, attempt_question=item)
        else:
            snapshot = services.review_snapshot(
                fact_key=data["fact"], uid=data.get("uid") or "", selected=data.get("selected")
            )
            back = reverse("progress:review")
            existing = services.open_report_for(user=request.user, uid=str(snapshot["uid"]))
    except services.ReportNotFound as error:
        raise Http404(error.message) from error
    return snapshot, _safe_next(request, data.get("next") or "") or back, existing


def _render_new(
    request: AuthenticatedHttpRequest,
    *,
    form: ReportForm | None,
    snapshot: dict[str, Any] | None,
    back: str,
    done: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    fragment = "report-thanks" if done else "report-form"
    template = page_or_fragment(request, "workspace/report_new.html", fragment)
    context = {
        "form": form,
        "shown": selectors.shown_question(snapshot) if snapshot else None,
        "back": back,
        "done": done,
        "error": error,
    }
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def report_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the report form for one question (an htmx request gets the form alone, to open
    in place); POST: send the report."""
    if request.method == "GET":
        target = ReportTargetForm(request.GET)
        if not target.is_valid():
            return _render_new(
                request,
                form=None,
                snapshot=None,
                back=reverse("reports:list"),
                error="That link does not say which question to report.",
                status=400,
            )
        try:
            snapshot, back, existing = _target(request, target.cleaned_data)
        except services.ReportTooEarly as error:
            return _render_new(
                request, form=None, snapshot=None, back="", error=error.message, status=409
            )
        if existing is not None:
            return _render_new(
                request, form=None, snapshot=snapshot, back=back, done=services.DUPLICATE_MESSAGE
            )
        initial = {**target.cleaned_data, "next": back}
        form = ReportForm(initial=initial, auto_id=_auto_id(request.GET))
        return _render_new(request, form=form, snapshot=snapshot, back=back)

    form = ReportForm(request.POST, auto_id=_auto_id(request.POST))
    target = ReportTargetForm(request.POST)
    if not target.is_valid():
        return _render_new(
            request,
            form=None,
            snapshot=None,
            back=reverse("reports:list"),
            error="The form does not say which question to report.",
            status=400,
        )
    try:
        snapshot, back, _existing = _target(request, target.cleaned_data)
    except services.ReportTooEarly as error:
        return _render_new(
            request, form=None, snapshot=None, back="", error=error.message, status=409
        )
    if not form.is_valid():
        return _render_new(request, form=form, snapshot=snapshot, back=back, status=400)
    data = form.cleaned_data
    try:
        services.report_create(
            user=request.user,
            reason=data["reason"],
            text=data["text"],
            attempt_question_id=data.get("attempt_question"),
            fact_key=data.get("fact") or "",
            uid=data.get("uid") or "",
            selected=data.get("selected"),
        )
    except services.ReportDuplicate as duplicate:
        if wants_fragment(request):
            return _render_new(
                request, form=None, snapshot=snapshot, back=back, done=duplicate.message, status=409
            )
        messages.info(request, duplicate.message)
        return redirect(back)
    except services.ReportNotFound as error:
        raise Http404(error.message) from error
    except services.ReportError as error:
        return _render_new(
            request, form=form, snapshot=snapshot, back=back, error=error.message, status=400
        )
    if wants_fragment(request):
        return _render_new(request, form=None, snapshot=snapshot, back=back, done=THANKS)
    messages.success(request, THANKS)
    return redirect(back)


@login_required
@require_GET
def report_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.reports_for_learner(user=request.user), LEARNER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for report in page:
        report.shown = selectors.shown_question(report.snapshot)  # type: ignore[attr-defined]
    return render(request, "workspace/report_mine.html", {"page": page})


# Instructors ------------------------------------------------------------------------------


def _card(report: QuestionReport, form: ReportAnswerForm | None = None) -> QuestionReport:
    """The report with what its card shows: the question as seen and the answer form."""
    report.shown = selectors.shown_question(report.snapshot)  # type: ignore[attr-defined]
    report.form = form or ReportAnswerForm(  # type: ignore[attr-defined]
        initial={"reply": report.reply, "status": report.status}, auto_id=f"r{report.pk}-%s"
    )
    return report


@require_GET
@instructor_required
def report_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET or None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    filters = form.filters() if form.is_bound else ReportFilterForm().filters()
    rows = selectors.report_queue(**filters)
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page:
        _card(report)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workspace/report_list.html",
        {"filter_form": form, "filters": filters, "page": page, "query": query.urlencode()},
        status=status,
    )


@require_POST
@instructor_required
@vary_on_headers("HX-Request")
def report_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        QuestionReport.objects.select_related("user", "replied_by", "question"), pk=pk
    )
    form = ReportAnswerForm(request.POST, auto_id=f"r{report.pk}-%s")
    back = _safe_next(request, request.POST.get("next", "")) or reverse("workspace:report_list")
    if not form.is_valid():
        template = page_or_fragment(request, "workspace/report_answer.html", "report-card")
        return render(request, template, {"report": _card(report, form), "next": back}, status=400)
    services.report_answer(
        report=report,
        by=request.user,
        reply=form.cleaned_data["reply"],
        status=form.cleaned_data["status"],
    )
    if wants_fragment(request):
        return render(
            request,
            "workspace/report_answer.html#report-card",
            {"report": _card(report), "next": back, "saved": True},
        )
    messages.success(request, f"Report {report.pk} saved.")
    return redirect(back)


@require_http_methods(["GET", "POST"])
@instructor_required
def regrade(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """GET: a dry run of regrading the question to its current key; POST: apply it."""
    question = get_object_or_404(AuthoredQuestion.objects.select_related("topic"), key=key)
    error, status = "", 200
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            error, status = "The form does not say which version to apply; look again.", 400
        else:
            try:
                _regrade, plan = regrading.regrade_apply(key=key, by=request.user, version=version)
            except regrading.RegradeError as refused:
                error, status = refused.message, 409
                question.refresh_from_db()
            else:
                messages.success(
                    request,
                    f"Regraded to version {plan.version}: {len(plan.changes)} mark"
                    f"{'' if len(plan.changes) == 1 else 's'} changed.",
                )
                return redirect("workspace:regrade", key=key)
    plan = regrading.regrade_plan(question=question)
    return render(
        request,
        "workspace/regrade.html",
        {
            "question": question,
            "plan": plan,
            "history": regrading.regrade_history(question=question),
            "open_reports": QuestionReport.objects.filter(
                question=question, status=QuestionReport.Status.OPEN
            ).count(),
            "error": error,
        },
        status=status,
    )
