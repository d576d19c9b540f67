from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.formatting import format_date
from core.http import AuthenticatedHttpRequest
from progress import export, selectors, services
from progress.forms import DeleteAccountForm, ExamDateForm
from progress.models import ReviewLog
from progress.review_questions import question_by_uid, quick_question
from quizzes.generation.types import Question
from studyguide.models import Topic
from studyguide.records import FactData

FEEDBACK_KEY = "progress_feedback"


def _now() -> datetime:
    return timezone.now().astimezone(UTC)


def _when(due: datetime, now: datetime) -> str:
    minutes = (due - now).total_seconds() / 60
    if minutes <= 1:
        return "again now"
    if minutes < 60:
        return f"again in {round(minutes)} minutes"
    if (due - now).days < 1:
        return "again later today" if due.date() == now.date() else "again tomorrow"
    return f"again on {format_date(due)}"


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
    }


def _parse_answer(
    request: AuthenticatedHttpRequest, facts: dict[str, FactData]
) -> tuple[FactData | None, Question | None, int | None, str]:
    """The fact, question and choice posted, or an error message for the learner."""
    fact = facts.get(request.POST.get("fact", ""))
    if fact is None:
        return None, None, None, "That fact is not in the fact base any more; try the next one."
    question = question_by_uid(fact, list(facts.values()), request.POST.get("uid", ""))
    if question is None:
        return fact, None, None, "That question has changed; here is the current one."
    raw = request.POST.getlist("choice")
    if not raw:
        return fact, question, None, "Choose an answer."
    try:
        choice = int(raw[0])
    except ValueError:
        choice = -1
    if len(raw) != 1 or not 0 <= choice < len(question.choices):
        return fact, question, None, "That choice is not one of this question's choices."
    return fact, question, choice, ""


# Review -------------------------------------------------------------------------------


def _review_context(request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
    now = _now()
    queue = selectors.review_queue(user=request.user, now=now)
    context: dict[str, Any] = {
        "queue": queue,
        "entry": None,
        "question": None,
        "fact": None,
        "topics": list(Topic.objects.active().order_by("order", "slug").values("slug", "title")),
        "error": "",
        "feedback": None,
    }
    if queue.entries:
        facts = selectors.fact_base()
        entry = queue.entries[0]
        card = queue.cards[entry.key]
        fact = facts[entry.key]
        turn = card.last_review.isoformat() if card.last_review else ""
        context.update(
            entry=entry, fact=fact, question=quick_question(fact, list(facts.values()), turn=turn)
        )
    context.update(extra)
    return context


@login_required
@require_GET
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    feedback = request.session.pop(FEEDBACK_KEY, None)
    return render(request, "progress/review.html", _review_context(request, feedback=feedback))


@login_required
@require_POST
def review_answer(request: AuthenticatedHttpRequest) -> HttpResponse:
    facts = selectors.fact_base()
    fact, question, choice, error = _parse_answer(request, facts)
    template = "progress/review.html" + ("#review-body" if request.htmx else "")
    if error or fact is None or question is None or choice is None:
        context = _review_context(request, error=error)
        if fact is not None and question is not None:
            # Ask the same question again, beside its message.
            context.update(fact=fact, question=question)
        return render(request, template, context, status=400)
    now = _now()
    correct = question.is_correct_selection([choice])
    (card,) = services.cards_review_for_answer(
        user=request.user,
        fact_keys=[fact.key],
        correct=correct,
        at=now,
        source=ReviewLog.Source.REVIEW,
    )
    feedback = _feedback(question, fact, choice, next_text=_when(card.due, now))
    if request.htmx:
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
    topic = get_object_or_404(Topic.objects.active(), slug=slug)
    feedback = request.session.pop(FEEDBACK_KEY, None)
    context = _cram_context(request, topic, position, feedback=feedback)
    if context is None:
        return render(request, "404.html", status=404)
    return render(request, "progress/cram.html", context)


@login_required
@require_POST
def cram_answer(request: AuthenticatedHttpRequest, slug: str, position: int) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.active(), slug=slug)
    context = _cram_context(request, topic, position)
    if context is None or context["fact"] is None:
        return render(request, "404.html", status=404)
    facts = selectors.fact_base()
    fact, question, choice, error = _parse_answer(request, facts)
    template = "progress/cram.html" + ("#cram-body" if request.htmx else "")
    if error or fact is None or question is None or choice is None:
        context["error"] = error
        return render(request, template, context, status=400)
    feedback = _feedback(question, fact, choice)
    next_position = context["next_position"]
    if request.htmx:
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
    topic = get_object_or_404(Topic.objects.active(), slug=slug)
    feedback = request.session.pop(FEEDBACK_KEY, None)
    return render(
        request,
        "progress/cram.html",
        {"topic": topic, "feedback": feedback, "question": None, "finished": True, "error": ""},
    )


# Dashboard and exam date -----------------------------------------------------------------


def _dashboard_page(
    request: AuthenticatedHttpRequest, form: ExamDateForm | None = None, status: int = 200
) -> HttpResponse:
    now = _now()
    board = selectors.dashboard(user=request.user, now=now)
    if form is None:
        form = ExamDateForm(initial={"exam_date": board.exam_date}, today=now.date())
    context = {"board": board, "form": form}
    template = "progress/dashboard.html"
    if request.htmx and request.method == "POST":
        template += "#exam-date"
    return render(request, template, context, status=status)


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _dashboard_page(request)


@login_required
@require_POST
def exam_date(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = _now().date()
    if request.POST.get("action") == "clear":
        services.exam_date_clear(user=request.user)
        if request.htmx:
            return _dashboard_page(request)
        messages.success(request, "Your exam date is cleared.")
        return redirect("progress:dashboard")
    form = ExamDateForm(request.POST, today=today)
    if not form.is_valid():
        return _dashboard_page(request, form=form, status=400)
    plan = services.exam_date_set(user=request.user, exam_date=form.cleaned_data["exam_date"])
    if request.htmx:
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
def data(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "progress/data.html", {"form": DeleteAccountForm(user=request.user)})


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
        return render(request, "progress/data.html", {"form": form}, status=400)
    user = request.user
    logout(request)
    services.account_delete(user=user)
    messages.success(request, "Your account and all your data are deleted.")
    return redirect(reverse("home"))
