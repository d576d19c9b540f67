from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from accounts.services import account_delete
from core.formatting import format_date
from core.htmx import page_or_fragment, wants_fragment
from core.http import AuthenticatedHttpRequest
from progress import export, scheduling, selectors, services
from progress.forms import DeleteAccountForm, ExamDateForm, FlipRatingForm, QuickAnswerForm
from progress.learner_cache import learner_cached
from progress.models import ReviewCard, ReviewLog
from progress.review_questions import UNVERIFIED, quick_question
from quizzes.generation.types import Question
from studyguide.models import Fact, Topic
from studyguide.records import FactData

FEEDBACK_KEY = "progress_feedback"


def _now() -> datetime:
    return timezone.now().astimezone(UTC)


def _next_text(request: AuthenticatedHttpRequest, row: ReviewCard, now: datetime) -> str:
    """When review will really ask the fact again, in words (learn-ahead and exam included)."""
    showing = scheduling.next_showing(
        scheduling.card_from_dict(row.card),
        now=now,
        exam_date=selectors.exam_date_for(user=request.user),
    )
    return scheduling.next_review_text(showing, now=now)


def _feedback(
    question: Question, fact: FactData, selected: int, *, next_text: str = ""
) -> dict[str, Any]:
    """What the learner needs after answering, as plain JSON (it may wait in the session)."""
    return {
        "correct": question.is_correct_selection([selected]),
        "prompt": question.prompt,
        "choices": [
            {"text": c.text, "correct": c.correct, "why": c.why, "picked": i == selected}
            for i, c in enumerate(question.choices)
        ],
        "explanation": question.explanation,
        "source_url": question.source_url,
        "fact_name": fact.name,
        "next": next_text,
        "fact_key": fact.key,  # for "Report a problem" (workspace)
        "uid": question.uid,
    }


# Review -------------------------------------------------------------------------------


REVIEW_MODES = {"choice": "Quick questions", "flip": "Flip cards"}


def _review_context(
    request: AuthenticatedHttpRequest, *, mode: str = "choice", **extra: Any
) -> dict[str, Any]:
    now = _now()
    queue = selectors.review_queue(user=request.user, now=now)
    context: dict[str, Any] = {
        "mode": mode,
        "modes": REVIEW_MODES,
        "ratings": ReviewLog.Rating.choices,
        "unverified": UNVERIFIED,
        "queue": queue,
        "entry": None,
        "question": None,
        "fact": None,
        "cram_links": selectors.cram_links(),
        "turn": "",
        "error": "",
        "feedback": None,
    }
    if queue.entries:
        facts = selectors.fact_base()
        entry = queue.entries[0]
        card = queue.cards[entry.key]
        fact = facts[entry.key]
        turn = scheduling.review_turn(card)
        context.update(
            entry=entry,
            fact=fact,
            question=quick_question(fact, list(facts.values()), turn=turn),
            turn=turn,
        )
    context.update(extra)
    return context


@login_required
@require_GET
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    mode = request.GET.get("mode", "choice")
    if mode not in REVIEW_MODES:
        context = _review_context(
            request, mode_error="There is no such review mode; pick one of these."
        )
        return render(request, "progress/review.html", context, status=400)
    feedback = request.session.pop(FEEDBACK_KEY, None)
    return render(
        request, "progress/review.html", _review_context(request, mode=mode, feedback=feedback)
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def review_rate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A flip card graded by the learner: Again, Hard, Good or Easy, each fed to FSRS."""
    form = FlipRatingForm(request.POST, facts=selectors.fact_base())
    template = page_or_fragment(request, "progress/review.html", "review-body")
    if not form.is_valid():
        context = _review_context(request, mode="flip", error=form.problem)
        if form.fact is not None:
            # Show the same card again, beside its message.
            context.update(fact=form.fact, turn=form.cleaned_data.get("turn", ""))
        return render(request, template, context, status=400)
    now = _now()
    fact, rating = form.fact, form.cleaned_data["rating"]
    if fact is None:  # a valid form has found its fact
        raise Http404("No such fact.")
    card = services.card_review(
        user=request.user,
        fact=Fact.objects.get(key=fact.key),
        rating=rating,
        at=now,
        source=ReviewLog.Source.REVIEW,
        turn=form.cleaned_data["turn"],
    )
    feedback = {
        "rated": ReviewLog.Rating(rating).label,
        "fact_key": fact.key,  # for "Report a problem" (workspace)
        "fact_name": fact.name,
        "statement": fact.statement,
        "source_url": fact.source_url,
        "next": _next_text(request, card, now),
    }
    if wants_fragment(request):
        return render(request, template, _review_context(request, mode="flip", feedback=feedback))
    request.session[FEEDBACK_KEY] = feedback
    return redirect(reverse("progress:review") + "?mode=flip")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def review_answer(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = QuickAnswerForm(request.POST, facts=selectors.fact_base())
    template = page_or_fragment(request, "progress/review.html", "review-body")
    fact, question = form.fact, form.question
    if not form.is_valid() or fact is None or question is None or not form.selected:
        context = _review_context(request, error=form.problem)
        if fact is not None and question is not None:
            # Ask the same question again, beside its message.
            context.update(fact=fact, question=question, turn=form.cleaned_data.get("turn", ""))
        return render(request, template, context, status=400)
    now = _now()
    (choice,) = form.selected
    (card,) = services.cards_review_for_answer(
        user=request.user,
        fact_keys=[fact.key],
        correct=question.is_correct_selection([choice]),
        at=now,
        source=ReviewLog.Source.REVIEW,
        turn=form.cleaned_data["turn"],
    )
    feedback = _feedback(question, fact, choice, next_text=_next_text(request, card, now))
    if wants_fragment(request):
        return render(request, template, _review_context(request, feedback=feedback))
    request.session[FEEDBACK_KEY] = feedback
    return redirect("progress:review")


# Cram: the same quick questions for one topic, leaving the schedule alone ------------------


def _cram_context(
    request: AuthenticatedHttpRequest, topic: Topic, position: int, **extra: Any
) -> dict[str, Any] | None:
    keys = selectors.cram_facts(user=request.user, topic=topic, now=_now())
    if not 1 <= position <= max(len(keys), 1):
        return None
    context: dict[str, Any] = {
        "topic": topic,
        "position": position,
        "total": len(keys),
        "question": None,
        "fact": None,
        "next_position": position + 1 if position < len(keys) else None,
        "error": "",
        "feedback": None,
    }
    if keys:
        facts = selectors.fact_base()
        fact = facts[keys[position - 1]]
        context.update(
            fact=fact,
            question=quick_question(fact, list(facts.values()), turn=f"cram:{position}"),
        )
    context.update(extra)
    return context


@login_required
@require_GET
def cram(request: AuthenticatedHttpRequest, slug: str, position: int = 1) -> HttpResponse:
    topic = selectors.live_topic(slug=slug)
    feedback = request.session.pop(FEEDBACK_KEY, None)
    context = _cram_context(request, topic, position, feedback=feedback)
    if context is None:
        raise Http404("That question is not in this topic's cram.")
    return render(request, "progress/cram.html", context)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def cram_answer(request: AuthenticatedHttpRequest, slug: str, position: int) -> HttpResponse:
    topic = selectors.live_topic(slug=slug)
    context = _cram_context(request, topic, position)
    if context is None or context["fact"] is None:
        raise Http404("That question is not in this topic's cram.")
    form = QuickAnswerForm(request.POST, facts=selectors.fact_base())
    template = page_or_fragment(request, "progress/cram.html", "cram-body")
    fact, question = form.fact, form.question
    if not form.is_valid() or fact is None or question is None or not form.selected:
        context["error"] = form.problem
        return render(request, template, context, status=400)
    (choice,) = form.selected
    feedback = _feedback(question, fact, choice)
    next_position = context["next_position"]
    if wants_fragment(request):
        if next_position is None:
            context.update(feedback=feedback, question=None, finished=True)
        else:
            context = _cram_context(request, topic, next_position, feedback=feedback) or context
        return render(request, template, context)
    request.session[FEEDBACK_KEY] = feedback
    if next_position is None:
        return redirect("progress:cram_done", slug=topic.slug)
    return redirect("progress:cram_question", slug=topic.slug, position=next_position)


@login_required
@require_GET
def cram_done(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    topic = selectors.live_topic(slug=slug)
    feedback = request.session.pop(FEEDBACK_KEY, None)
    return render(
        request,
        "progress/cram.html",
        {"topic": topic, "feedback": feedback, "question": None, "finished": True, "error": ""},
    )


# Dashboard and exam date -----------------------------------------------------------------


@dataclass(frozen=True)
class DashboardParts:
    """The dashboard's figures as rendered HTML, and the exam date its form starts from."""

    exam_date: date | None
    summary: str
    readiness: str
    sections: str


def _dashboard_parts(user: User, now: datetime) -> DashboardParts:
    """Every figure on the dashboard, computed and rendered (about 15 queries, and the
    readiness estimate kept for the day)."""
    board = selectors.dashboard(user=user, now=now)
    report = services.readiness_show(user=user, now=now)
    forecasts = {exam.pk: exam.forecast for exam in report.scored}
    context = {
        "board": board,
        "readiness": report,
        "exam_rows": [(exam, forecasts.get(exam.pk)) for exam in board.exams],
    }

    def part(name: str) -> str:
        return str(render_to_string(f"progress/_dashboard_parts.html#{name}", context))

    return DashboardParts(
        exam_date=board.exam_date,
        summary=part("summary"),
        readiness=part("readiness"),
        sections=part("sections"),
    )


def _dashboard_page(
    request: AuthenticatedHttpRequest, form: ExamDateForm | None = None, status: int = 200
) -> HttpResponse:
    now = _now()
    user = request.user
    # Rendered once per version of the learner's records, not on every visit.
    parts = learner_cached(
        "dashboard", user_id=user.pk, now=now, build=lambda: _dashboard_parts(user, now)
    )
    if form is None:
        form = ExamDateForm(initial={"exam_date": parts.exam_date}, today=now.date())
    context = {
        "exam_date": parts.exam_date,
        # The figures behind the parts, for whoever inspects the response (tests); the
        # templates never read them, so a visit does not compute them.
        "board": SimpleLazyObject(lambda: selectors.dashboard(user=user, now=now)),
        "readiness": SimpleLazyObject(lambda: selectors.readiness_report(user=user, now=now)),
        "form": form,
        "parts": {
            "summary": mark_safe(parts.summary),  # noqa: S308 (our own rendered templates)
            "readiness": mark_safe(parts.readiness),  # noqa: S308
            "sections": mark_safe(parts.sections),  # noqa: S308
        },
    }
    template = "progress/dashboard.html"
    if request.method == "POST":
        template = page_or_fragment(request, template, "exam-date")
    return render(request, template, context, status=status)


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _dashboard_page(request)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def exam_date(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = _now().date()
    if request.POST.get("action") == "clear":
        services.exam_date_clear(user=request.user)
        if wants_fragment(request):
            return _dashboard_page(request)
        messages.success(request, "Your exam date is cleared.")
        return redirect("progress:dashboard")
    form = ExamDateForm(request.POST, today=today)
    if not form.is_valid():
        return _dashboard_page(request, form=form, status=400)
    plan = services.exam_date_set(user=request.user, exam_date=form.cleaned_data["exam_date"])
    if wants_fragment(request):
        # The partial itself says the new date; a message would only show up a page later.
        return _dashboard_page(request)
    messages.success(
        request,
        f"Exam date set to {format_date(plan.exam_date)}: review now also brings forward "
        "facts you would be likely to forget by then.",
    )
    return redirect("progress:dashboard")


# Your data ------------------------------------------------------------------------------


@login_required
@require_GET
def your_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The learner's own data: export it, or delete the account with it."""
    return render(
        request, "progress/your_data.html", {"form": DeleteAccountForm(user=request.user)}
    )


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _download(
        export.export_json(user=request.user),
        filename=f"scaling-study-{request.user.get_username()}.json",
        content_type="application/json",
    )


@login_required
@require_GET
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _download(
        export.export_csv_zip(user=request.user),
        filename=f"scaling-study-{request.user.get_username()}-csv.zip",
        content_type="application/zip",
    )


@login_required
@require_POST
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "progress/your_data.html", {"form": form}, status=400)
    user = request.user
    logout(request)
    account_delete(user=user)
    messages.success(request, "Your account and all your data are deleted.")
    return redirect(reverse("home"))
