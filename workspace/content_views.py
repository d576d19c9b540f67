"""The workspace's fact and lesson editors and its GIFT/Aiken page, under /instructor/.

Instructors only: learners get 403, anonymous visitors are sent to sign in. An edit is
judged by the content importer's rules; bad input re-renders the page with the errors
beside their fields, status 400, and saves nothing.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.roles import instructor_required
from core.htmx import page_or_fragment, wants_fragment
from core.http import AuthenticatedHttpRequest
from studyguide.models import Fact, Lesson
from studyguide.rendering import RenderedLesson, lesson_references, render_lesson
from studyguide.selectors import facts_by_key, tables_by_slug
from workspace import content_selectors as selectors
from workspace import content_services as services
from workspace.content_forms import (
    FactFilterForm,
    FactForm,
    LessonFilterForm,
    LessonForm,
    QuestionExportForm,
    QuestionImportForm,
)
from workspace.models import ChangeRecord

FACT_PAGE = 50


# Facts ----------------------------------------------------------------------------------


@instructor_required
@require_GET
@vary_on_headers("HX-Request")
def fact_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FactFilterForm(request.GET, topics=selectors.workspace_topics())
    page = None
    status = 200
    if form.is_valid():
        facts = selectors.fact_list_for_workspace(
            topic=form.selected_topic(),
            text=form.cleaned_data["q"],
            verified=form.verified_flag(),
        )
        page = Paginator(facts, FACT_PAGE).get_page(request.GET.get("page"))
    else:
        status = 400
    query = request.GET.copy()
    query.pop("page", None)
    template = page_or_fragment(request, "workspace/fact_list.html", "results")
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, template, context, status=status)


def _fact_or_404(key: str) -> Fact:
    fact = selectors.fact_for_edit(key=key)
    if fact is None:
        raise Http404("There is no such fact.")
    return fact


@instructor_required
@require_http_methods(["GET", "POST"])
def fact_edit(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    fact = _fact_or_404(key)
    form = FactForm(request.POST or None, fact=fact)
    if request.method == "POST" and form.is_valid():
        record = services.fact_update(fact=fact, data=form.record(), user=request.user)
        if record is None:
            messages.info(request, f"Nothing changed in {fact.key}.")
        else:
            messages.success(request, f"Saved {fact.key}: {record.summary}.")
        return redirect("workspace:fact_edit", key=fact.key)
    context = {
        "form": form,
        "fact": fact,
        "key_parts": fact.key.split("."),
        "usage": selectors.fact_usage(key=fact.key),
        "history": selectors.change_history(subject=ChangeRecord.Subject.FACT, key=fact.key),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/fact_edit.html", context, status=status)


# Lessons --------------------------------------------------------------------------------


@instructor_required
@require_GET
def lesson_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LessonFilterForm(request.GET, topics=selectors.workspace_topics())
    lessons: list[Lesson] = []
    status = 200
    if form.is_valid():
        lessons = list(selectors.lesson_list_for_workspace(topic=form.selected_topic()))
    else:
        status = 400
    return render(
        request, "workspace/lesson_list.html", {"form": form, "lessons": lessons}, status=status
    )


def _lesson_or_404(topic: str, slug: str) -> Lesson:
    lesson = selectors.lesson_for_edit(topic=topic, slug=slug)
    if lesson is None:
        raise Http404("There is no such lesson.")
    return lesson


def _preview(body: str) -> RenderedLesson:
    keys, slugs = lesson_references(body)
    return render_lesson(body, facts=facts_by_key(keys=keys), tables=tables_by_slug(slugs=slugs))


def _lesson_page(
    request: AuthenticatedHttpRequest, lesson: Lesson, form: LessonForm, *, status: int
) -> HttpResponse:
    body = form.data.get("body", lesson.body) if form.is_bound else lesson.body
    context = {
        "form": form,
        "lesson": lesson,
        "preview": _preview(str(body)) if str(body).strip() else None,
        "history": selectors.change_history(
            subject=ChangeRecord.Subject.LESSON, key=selectors.lesson_record_key(lesson)
        ),
    }
    return render(request, "workspace/lesson_edit.html", context, status=status)


@instructor_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: AuthenticatedHttpRequest, topic: str, slug: str) -> HttpResponse:
    lesson = _lesson_or_404(topic, slug)
    if request.method == "GET":
        return _lesson_page(request, lesson, LessonForm(lesson=lesson), status=200)
    form = LessonForm(request.POST, lesson=lesson)
    valid = form.is_valid()
    if request.POST.get("action") == "preview":
        # The Preview button, for browsers without JavaScript: show, never save.
        return _lesson_page(request, lesson, form, status=200 if valid else 400)
    if not valid:
        return _lesson_page(request, lesson, form, status=400)
    record = services.lesson_update(
        lesson=lesson,
        title=form.cleaned_data["title"],
        summary=form.cleaned_data["summary"],
        body=form.cleaned_data["body"],
        user=request.user,
    )
    if record is None:
        messages.info(request, f"Nothing changed in “{lesson.title}”.")
    else:
        messages.success(request, f"Saved “{lesson.title}”: {record.summary}.")
    return redirect("workspace:lesson_edit", topic=lesson.topic.slug, slug=lesson.slug)


@instructor_required
@require_POST
@vary_on_headers("HX-Request")
def lesson_preview(request: AuthenticatedHttpRequest, topic: str, slug: str) -> HttpResponse:
    """The body as learners would see it, with its reference errors; saves nothing."""
    lesson = _lesson_or_404(topic, slug)
    form = LessonForm(request.POST, lesson=lesson)
    valid = form.is_valid()
    if not wants_fragment(request):
        return _lesson_page(request, lesson, form, status=200 if valid else 400)
    body = str(form.data.get("body", ""))
    context = {"form": form, "preview": _preview(body) if body.strip() else None, "oob": True}
    return render(request, "workspace/lesson_edit.html#preview", context)


# GIFT and Aiken -------------------------------------------------------------------------


def _interchange_page(
    request: AuthenticatedHttpRequest,
    *,
    import_form: QuestionImportForm,
    export_form: QuestionExportForm,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "import_form": import_form,
        "export_form": export_form,
        "problems": problems or [],
        "bank_url": reverse("workspace:question_list"),
    }
    return render(request, "workspace/interchange.html", context, status=status)


@instructor_required
@require_http_methods(["GET", "POST"])
def interchange(request: AuthenticatedHttpRequest) -> HttpResponse:
    topics = selectors.workspace_topics()
    export_form = QuestionExportForm(topics=topics)
    if request.method == "GET":
        return _interchange_page(
            request, import_form=QuestionImportForm(topics=topics), export_form=export_form
        )
    form = QuestionImportForm(request.POST, request.FILES, topics=topics)
    if not form.is_valid():
        return _interchange_page(request, import_form=form, export_form=export_form, status=400)
    topic, file_format = form.selected_topic(), form.cleaned_data["file_format"]
    checked = services.question_file_check(
        text=form.cleaned_data["text"], file_format=file_format, topic=topic
    )
    if checked.problems:
        problems = [f"line {p.line}: {p.message}" for p in checked.problems]
        return _interchange_page(
            request, import_form=form, export_form=export_form, problems=problems, status=400
        )
    created = services.question_file_import(
        topic=topic,
        questions=checked.questions,
        file_name=form.cleaned_data["file"].name,
        file_format=file_format,
        user=request.user,
    )
    messages.success(
        request,
        format_html(
            'Imported {} question(s) into {} as drafts. <a href="{}?status=draft">Review the '
            "drafts in the question bank</a>.",
            len(created),
            topic.title,
            reverse("workspace:question_list"),
        ),
    )
    return redirect("workspace:interchange")


@instructor_required
@require_GET
def interchange_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    topics = selectors.workspace_topics()
    form = QuestionExportForm(request.GET, topics=topics)
    if not form.is_valid():
        return _interchange_page(
            request,
            import_form=QuestionImportForm(topics=topics),
            export_form=form,
            status=400,
        )
    chosen = form.selected_topics()
    status = form.cleaned_data["status"]
    grouped = selectors.questions_for_export(topics=chosen, status=status)
    text = services.questions_gift_export(grouped=grouped)
    name = "-".join(topic.slug for topic in chosen) if len(chosen) <= 3 else "questions"
    filename = get_valid_filename(f"{name}{'-' + status if status else ''}.gift")
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
