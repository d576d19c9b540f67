from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from accounts.roles import is_instructor
from calculators.registry import calculators_for_lesson
from core.formatting import format_date, format_value
from core.htmx import page_or_fragment, wants_fragment
from studyguide import selectors, services
from studyguide.caching import content_cached
from studyguide.forms import FactFilterForm
from studyguide.models import Fact, Lesson, Topic
from studyguide.rendering import (
    legacy_text,
    lesson_references,
    render_lesson,
    source_host,
)


@require_GET
def lesson_list(request: HttpRequest) -> HttpResponse:
    studied = sorted(selectors.studied_lesson_ids(user=request.user))
    signed_in = request.user.is_authenticated
    sections = content_cached(
        "lesson-list", lambda: _lesson_sections(set(studied), signed_in), signed_in, studied
    )
    return render(request, "studyguide/lesson_list.html", {"sections_html": sections})


def _lesson_sections(studied: set[int], signed_in: bool) -> str:
    sections = [
        {
            "topic": topic,
            "lessons": [
                {"lesson": lesson, "url": lesson.url, "studied": lesson.id in studied}
                for lesson in topic.active_lessons  # type: ignore[attr-defined]
            ],
            "studied_count": sum(
                lesson.id in studied
                for lesson in topic.active_lessons  # type: ignore[attr-defined]
            ),
        }
        for topic in selectors.topics_with_lessons()
    ]
    context = {"sections": sections, "signed_in": signed_in}
    return render_to_string("studyguide/_lesson_sections.html", context)


@require_GET
def topic_detail(request: HttpRequest, topic: str) -> HttpResponse:
    found = selectors.topic_get(slug=topic)
    if found is None:
        raise Http404("No such topic.")
    lessons = selectors.topic_lessons(topic=found)
    studied = selectors.studied_lesson_ids(user=request.user)
    context = {
        "topic": found,
        "lessons": [
            {"lesson": lesson, "url": lesson.get_absolute_url(), "studied": lesson.id in studied}
            for lesson in lessons
        ],
        "tables": [
            render_lesson(f"{{{{table:{table.slug}}}}}", facts={}, tables={table.slug: table}).html
            for table in selectors.topic_tables(topic=found)
        ],
        "practice_url": _practice_url(found.slug),
    }
    return render(request, "studyguide/topic_detail.html", context)


def _practice_url(topic: str) -> str:
    return reverse("quizzes:practice") + f"?topic={topic}"


def _calculator_links(topic: str, lesson: str) -> list[dict[str, str]]:
    return [
        {"title": c.title, "summary": c.summary, "url": reverse(c.url_name)}
        for c in calculators_for_lesson(topic, lesson)
    ]


def _studied_context(request: HttpRequest, lesson: Lesson) -> dict[str, Any]:
    studied = lesson.id in selectors.studied_lesson_ids(user=request.user)
    return {"lesson": lesson, "studied": studied}


def _lesson_or_404(topic: str, lesson: str) -> Lesson:
    found = selectors.lesson_get(topic=topic, slug=lesson)
    if found is None:
        raise Http404("No such lesson.")
    return found


def _lesson_page(topic: str, slug: str) -> dict[str, Any]:
    """The lesson and its course-only HTML (body, sources, practice links, pager), which
    carries no token, nonce or learner data and so is cached per content version."""
    found = _lesson_or_404(topic, slug)
    fact_keys, table_slugs = lesson_references(found.body)
    rendered = render_lesson(
        found.body,
        facts=selectors.facts_by_key(keys=fact_keys),
        tables=selectors.tables_by_slug(slugs=table_slugs),
    )
    previous, following = selectors.lesson_neighbours(lesson=found)
    context = {
        "rendered": rendered,
        "practice_url": _practice_url(found.topic.slug),
        "calculators": _calculator_links(found.topic.slug, found.slug),
        "previous": previous,
        "next": following,
    }
    return {
        "lesson": found,
        "content": render_to_string("studyguide/_lesson_content.html", context),
        "pager": render_to_string("studyguide/_lesson_pager.html", context),
    }


@require_GET
def lesson_detail(request: HttpRequest, topic: str, lesson: str) -> HttpResponse:
    page = content_cached("lesson-page", lambda: _lesson_page(topic, lesson), topic, lesson)
    context = {**_studied_context(request, page["lesson"]), "fragments": page}
    return render(request, "studyguide/lesson_detail.html", context)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def lesson_studied(request: HttpRequest, topic: str, lesson: str) -> HttpResponse:
    found = _lesson_or_404(topic, lesson)
    user = cast(User, request.user)  # login_required lets only signed-in users through
    choice = request.POST.get("studied")
    if choice not in ("yes", "no"):
        return HttpResponse("Say studied=yes or studied=no.", status=400)
    if choice == "yes":
        services.lesson_mark_studied(user=user, lesson=found)
    else:
        services.lesson_unmark_studied(user=user, lesson=found)
    if wants_fragment(request):
        return render(
            request, "studyguide/lesson_detail.html#studied", _studied_context(request, found)
        )
    return redirect(found)


def _fact_row(fact: Fact) -> dict[str, Any]:
    value = fact.typed_value
    return {
        "fact": fact,
        "display": format_value(value, fact.unit),
        "legacy": legacy_text(fact.legacy, fact.unit),
        "as_of": format_date(fact.as_of),
        "source_host": source_host(fact.source_url),
    }


@require_GET
@vary_on_headers("HX-Request")
def fact_list(request: HttpRequest) -> HttpResponse:
    form = FactFilterForm(request.GET, topics=selectors.topic_list())
    status = 200
    cards = ""
    if form.is_valid():
        topic, text = form.selected_topic(), form.cleaned_data["q"]
        show_keys = is_instructor(request.user)
        cards = content_cached(
            "fact-cards",
            lambda: _fact_cards(topic, text, show_keys=show_keys),
            topic and topic.slug,
            text,
            show_keys,
        )
    else:
        status = 400
    template = page_or_fragment(request, "studyguide/fact_list.html", "results")
    return render(request, template, {"form": form, "fact_cards": cards}, status=status)


def _fact_cards(topic: Topic | None, text: str, *, show_keys: bool) -> str:
    rows = [_fact_row(fact) for fact in selectors.fact_search(topic=topic, text=text)]
    # Keys are for authors; a filtered list opens its topics.
    context = {"rows": rows, "filtered": bool(topic or text), "show_keys": show_keys}
    return render_to_string("studyguide/_fact_cards.html", context)


def _json_number(value: Decimal | str) -> int | float | str:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@require_GET
def fact_json(request: HttpRequest) -> JsonResponse:
    form = FactFilterForm(request.GET, topics=selectors.topic_list())
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    facts = selectors.fact_search(topic=form.selected_topic(), text=form.cleaned_data["q"])
    data = []
    for fact in facts:
        legacy = fact.legacy
        data.append(
            {
                "key": fact.key,
                "statement": fact.statement,
                "value": _json_number(fact.typed_value),
                "unit": fact.unit,
                "source_url": fact.source_url,
                "as_of": fact.as_of.isoformat(),
                "legacy": None
                if legacy is None
                else {"value": _json_number(legacy.value), "year": legacy.year},
                "verified": fact.verified,
                "topic": fact.topic.slug,
            }
        )
    return JsonResponse(data, safe=False)
