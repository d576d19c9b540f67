"""The question bank under /instructor/questions/: the list, the generated questions, the
editor with its preview, one question's versions and history, and status changes."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.roles import instructor_required
from core.htmx import page_or_fragment, wants_fragment
from core.http import AuthenticatedHttpRequest
from quizzes.generation.authored import authored_question
from quizzes.generation.quality import item_problems
from quizzes.generation.types import AnswerMode
from quizzes.generation.wording import choose_phrase
from studyguide.content.validation import validate_question
from studyguide.models import AuthoredQuestion, Fact, Lesson, Topic
from studyguide.records import AuthoredQuestionData
from workspace import question_selectors as selectors
from workspace import question_services as services
from workspace.question_forms import (
    BankFilterForm,
    BaseChoiceFormSet,
    QuestionForm,
    StatusForm,
    choice_formset,
    question_initial,
)

BANK_PAGE = 25
GENERATED_SHOWN = 100


@require_GET
@instructor_required
@vary_on_headers("HX-Request")
def question_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    topics = selectors.bank_topics()
    tags = selectors.bank_tags()
    form = BankFilterForm(request.GET, topics=topics, tags=tags)
    status = 200
    if form.is_valid():
        filters = form.filters()
    else:
        filters, status = selectors.BankFilters(), 400
    page = Paginator(selectors.question_bank(filters=filters), BANK_PAGE).get_page(
        request.GET.get("page")
    )
    for question in page.object_list:
        question.quiz_problems = _quiz_problems(question)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    counts = selectors.status_counts(filters=filters)
    by_status = []
    for value, label in AuthoredQuestion.Status.choices:
        link = query.copy()
        link["status"] = value
        by_status.append((value, label, counts[value], link.urlencode()))
    context = {
        "form": form,
        "page": page,
        "by_status": by_status,
        "total": sum(counts.values()),
        "filters": filters,
        "query": query.urlencode(),
        "tags": tags,
        "fragment": wants_fragment(request),
    }
    template = page_or_fragment(request, "workspace/question_list.html", "results")
    return render(request, template, context, status=status)


@require_GET
@instructor_required
def question_generated(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the generators make from the live fact base, per generator kind and topic."""
    topics = selectors.bank_topics()
    slugs = {t.slug for t in topics}
    topic = request.GET.get("topic") or (topics[0].slug if topics else "")
    kind = request.GET.get("kind", "")
    kinds = [str(k) for k in selectors.GENERATED_KINDS]
    error, status = "", 200
    if topic and topic not in slugs:
        error, status, topic = "There is no topic with that name: pick one from the list.", 400, ""
    if kind and kind not in kinds:
        error, status, kind = "Pick a generator kind from the list.", 400, ""
    groups = selectors.generated_questions(topic=topic, kind=kind) if topic else []
    return render(
        request,
        "workspace/question_generated.html",
        {
            "topics": topics,
            "kinds": kinds,
            "topic": topic,
            "kind": kind,
            "groups": groups,
            "shown": GENERATED_SHOWN,
            "error": error,
        },
        status=status,
    )


def _question_or_404(key: str) -> AuthoredQuestion:
    question = selectors.question_get(key=key)
    if question is None:
        raise Http404("There is no question with that id in the bank.")
    return question


@require_GET
@instructor_required
def question_detail(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    question = _question_or_404(key)
    return _render_detail(request, question)


def _render_detail(
    request: AuthenticatedHttpRequest,
    question: AuthoredQuestion,
    *,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    data = services.question_data(question)
    lesson = (
        Lesson.objects.live().filter(topic=question.topic, slug=question.lesson_slug).first()
        if question.lesson_slug
        else None
    )
    return render(
        request,
        "workspace/question_detail.html",
        {
            "question": question,
            "history": selectors.question_history(question=question),
            "preview": _preview(data, lesson=lesson),
            "status_errors": [m for ms in (errors or {}).values() for m in ms],
            "actions": _status_actions(question),
        },
        status=status,
    )


def _status_actions(question: AuthoredQuestion) -> list[tuple[str, str]]:
    labels = {
        AuthoredQuestion.Status.PUBLISHED: "Publish",
        AuthoredQuestion.Status.RETIRED: "Retire",
        AuthoredQuestion.Status.DRAFT: "Back to draft",
    }
    return [(value, label) for value, label in labels.items() if value != question.status]


@require_POST
@instructor_required
def question_status(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    question = _question_or_404(key)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _render_detail(
            request,
            question,
            errors={"status": ["Choose publish, retire or back to draft."]},
            status=400,
        )
    try:
        services.question_set_status(
            question=question, status=form.cleaned_data["status"], user=request.user
        )
    except services.QuestionError as error:
        return _render_detail(
            request, question, errors=error.errors, status=409 if error.conflict else 400
        )
    messages.success(request, services.STATUS_SUMMARIES[form.cleaned_data["status"]])
    return redirect("workspace:question_detail", key=question.key)


# The editor ------------------------------------------------------------------------------


def _editor_topic(request: AuthenticatedHttpRequest) -> Topic | None:
    slug = request.GET.get("topic", "")
    # Only a slug can name a topic; anything else (a NUL byte, which PostgreSQL refuses in
    # a query) names none.
    if not slug_re.fullmatch(slug):
        return None
    return Topic.objects.active().filter(slug=slug).first()


def _forms(
    request: AuthenticatedHttpRequest,
    *,
    topic: Topic,
    question: AuthoredQuestion | None,
) -> tuple[QuestionForm, BaseChoiceFormSet]:
    options: dict[str, Any] = {
        "topic": topic,
        "facts": selectors.fact_choices(),
        "lessons": selectors.lesson_choices(topic=topic),
        "creating": question is None,
    }
    if request.method == "POST":
        form = QuestionForm(request.POST, **options)
        formset = choice_formset(request.POST, add_row="add_choice" in request.POST)
        return form, formset
    if question is None:
        initial = {"kind": "single", "style": "recall", "status": "draft"}
        return QuestionForm(initial=initial, **options), choice_formset()
    form = QuestionForm(
        initial=question_initial(question, services.question_stamp(question)), **options
    )
    return form, choice_formset(initial=list(question.choices))


def _checked(
    form: QuestionForm, formset: BaseChoiceFormSet, *, topic: Topic, key: str
) -> AuthoredQuestionData | None:
    """The item as validate_question judges it, its problems put beside the fields."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    data, errors = validate_question(form.item(formset, key=key), topic=topic.slug)
    if data is not None:
        try:
            authored_question(data)
        except ValueError as error:
            # The importer's rules should catch all a quiz cannot build; should one slip
            # through, refuse it here rather than leave it for the quiz to skip.
            errors = {"choices": [f"A quiz cannot show this question: {error}"]}
            data = None
    form.add_problems(formset, errors)
    return data


def _editor(
    request: AuthenticatedHttpRequest, *, topic: Topic, question: AuthoredQuestion | None
) -> HttpResponse:
    form, formset = _forms(request, topic=topic, question=question)
    context: dict[str, Any] = {
        "form": form,
        "formset": formset,
        "topic": topic,
        "question": question,
        "preview": None,
        "fragment": wants_fragment(request),
        "action": _editor_url(question, topic),
        "preview_action": _preview_url(question, topic),
    }
    status = 200
    if request.method == "POST":
        key = question.key if question else ""
        if "add_choice" in request.POST:
            context["focus_last_row"] = True
            status = 200 if formset.management_form.is_valid() else 400
            if wants_fragment(request):
                template = "workspace/question_form.html#choice-rows"
                return render(request, template, context, status=status)
            return render(request, "workspace/question_form.html", context, status=status)
        data = _checked(form, formset, topic=topic, key=key)
        if data is None:
            status = 400
        elif "preview" in request.POST:
            context["preview"] = _preview(data, lesson=_lesson(topic, data.lesson))
            context["focus_preview"] = True
        else:
            try:
                saved = services.question_save(
                    question=question,
                    data=data,
                    user=request.user,
                    based_on=form.cleaned_data["based_on"] if question else None,
                )
            except services.QuestionError as error:
                form.add_problems(formset, error.errors)
                status = 409 if error.conflict else 400
            else:
                messages.success(request, f"Saved {saved.key} (version {saved.version}).")
                return redirect("workspace:question_detail", key=saved.key)
        context["preview_error"] = data is None and "preview" in request.POST
    return render(request, "workspace/question_form.html", context, status=status)


def _lesson(topic: Topic, slug: str) -> Lesson | None:
    if not slug:
        return None
    return Lesson.objects.live().filter(topic=topic, slug=slug).first()


@require_http_methods(["GET", "POST"])
@instructor_required
@vary_on_headers("HX-Request")
def question_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Without ?topic=, asks which topic the question belongs to; then the editor."""
    topic = _editor_topic(request)
    if topic is None:
        status = 400 if request.GET.get("topic") or request.method == "POST" else 200
        return render(
            request,
            "workspace/question_start.html",
            {"topics": selectors.bank_topics(), "asked": bool(request.GET.get("topic"))},
            status=status,
        )
    return _editor(request, topic=topic, question=None)


@require_http_methods(["GET", "POST"])
@instructor_required
@vary_on_headers("HX-Request")
def question_edit(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    question = _question_or_404(key)
    return _editor(request, topic=question.topic, question=question)


@require_POST
@instructor_required
def question_preview(request: AuthenticatedHttpRequest, key: str = "") -> HttpResponse:
    """The editor's Preview button with htmx: the item as a learner sees it, and its
    feedback, or the problems that keep it from being shown."""
    question = _question_or_404(key) if key else None
    topic = question.topic if question else _editor_topic(request)
    if topic is None:
        raise Http404("Pick the question's topic first.")
    form, formset = _forms(request, topic=topic, question=question)
    data = _checked(form, formset, topic=topic, key=key)
    context: dict[str, Any] = {
        "preview": None if data is None else _preview(data, lesson=_lesson(topic, data.lesson)),
        "preview_error": data is None,
        "focus_preview": True,
        "form": form,
        "formset": formset,
    }
    return render(request, "workspace/question_preview.html", context, status=200 if data else 400)


def _quiz_problems(question: AuthoredQuestion) -> list[str]:
    """Why quiz pools would leave the question out (empty when they would ask it)."""
    try:
        return item_problems(authored_question(services.question_data(question)))
    except ValueError as error:
        return [str(error)]


def _preview(data: AuthoredQuestionData, *, lesson: Lesson | None) -> dict[str, Any]:
    """What the learner's question page shows of the item: the question as a quiz builds
    it (choices shuffled as in an attempt), its feedback, and any rule of the quiz pools
    that would leave it out."""
    source = (
        Fact.objects.live().filter(key__in=data.facts).order_by("key").first()
        if data.facts
        else None
    )
    try:
        question = authored_question(data, source_url=source.source_url if source else "")
    except ValueError as error:
        return {"question": None, "problems": [str(error)]}
    multiple = question.answer_mode == AnswerMode.MULTIPLE
    return {
        "question": question,
        "numeric": question.answer_mode == AnswerMode.NUMERIC,
        "multiple": multiple,
        "choose": choose_phrase(len(question.correct_indexes)) if multiple else "",
        "lesson_url": lesson.get_absolute_url() if lesson else "",
        "problems": item_problems(question),
        "published": data.status == AuthoredQuestion.Status.PUBLISHED,
    }


def _editor_url(question: AuthoredQuestion | None, topic: Topic) -> str:
    if question is not None:
        return reverse("workspace:question_edit", args=[question.key])
    return reverse("workspace:question_create") + f"?topic={topic.slug}"


def _preview_url(question: AuthoredQuestion | None, topic: Topic) -> str:
    if question is not None:
        return reverse("workspace:question_preview", args=[question.key])
    return reverse("workspace:question_preview") + f"?topic={topic.slug}"
