"""Pages of classes and assignments: the instructor's under /instructor/classes/, the
learner's under /join/. Instructors of another class get 404, learners 403."""

import csv
from datetime import UTC
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import instructor_required
from core.http import AuthenticatedHttpRequest
from studyguide.models import Topic
from studyguide.selectors import content_pack_from_database
from teaching import caching, selectors, services
from teaching.forms import (
    AssignmentForm,
    ClassroomForm,
    InstructorAddForm,
    JoinForm,
    TimeMultiplierForm,
)
from teaching.models import Classroom
from teaching.pages import ClassPage, content_part, instructor_field
from teaching.statistics import MIN_N

HEATMAP_PAGE = 25
ROSTER_PAGE = 50


def _topic_choices() -> list[tuple[str, str]]:
    return list(Topic.objects.active().order_by("order", "slug").values_list("slug", "title"))


# Instructor: classes --------------------------------------------------------------------


@instructor_required
@require_http_methods(["GET", "POST"])
def classes(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_create(
                name=form.cleaned_data["name"], instructor=request.user
            )
        except services.TeachingError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"Class “{classroom.name}” created: share its join code.")
            return redirect("teaching:class_detail", slug=classroom.slug)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "classes": selectors.classes_taught(user=request.user)}
    return render(request, "teaching/classes.html", context, status=status)


@instructor_required
@require_GET
def class_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)
    parts = ClassPage(classroom)
    number = parts.page_number(request.GET.get("page"), HEATMAP_PAGE)
    summaries = parts.rendered(
        "summaries",
        "teaching/class_detail.html#summaries",
        lambda: {
            "classroom": classroom,
            "summaries": selectors.assignment_summaries(
                classroom=classroom, learners=parts.learner_count
            ),
        },
    )
    context = {
        "classroom": classroom,
        "summaries_html": summaries,
        "heatmap_html": parts.heatmap(number, HEATMAP_PAGE),
        "instructors": parts.instructors(),
        "instructor_field": instructor_field(),
    }
    return render(request, "teaching/class_detail.html", context)


@instructor_required
@require_POST
def class_code(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)
    action = request.POST.get("action")
    if action == "regenerate":
        services.classroom_code_regenerate(classroom=classroom)
        messages.success(
            request, f"New join code: {classroom.join_code}. The old one no longer works."
        )
    elif action in ("close", "open"):
        services.classroom_code_close(classroom=classroom, closed=action == "close")
        messages.success(
            request, "The join code is closed." if action == "close" else "The join code is open."
        )
    else:
        messages.error(request, "Choose to regenerate, close or open the join code.")
    return redirect("teaching:class_detail", slug=slug)


@instructor_required
@require_POST
def class_instructor_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)
    form = InstructorAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the username of an instructor.")
    else:
        try:
            added = services.classroom_instructor_add(
                classroom=classroom, username=form.cleaned_data["username"]
            )
        except services.TeachingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{added.get_username()} now teaches {classroom.name}.")
    return redirect("teaching:class_detail", slug=slug)


@instructor_required
@require_POST
def learner_time(request: AuthenticatedHttpRequest, slug: str, user_id: int) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)
    membership = selectors.member_of(classroom=classroom, user_id=user_id)
    form = TimeMultiplierForm(request.POST)
    if form.is_valid():
        services.membership_set_time_multiplier(
            membership=membership, multiplier=form.cleaned_data["multiplier"]
        )
        messages.success(
            request,
            f"{membership.user.get_username()} now has {membership.time_multiplier}× time "
            "on timed assignments.",
        )
    else:
        messages.error(request, "Extra time is a multiplier from 1.00 to 4.00, like 1.25 or 1.5.")
    return redirect("teaching:learner_detail", slug=slug, user_id=user_id)


@instructor_required
@require_GET
def learner_detail(request: AuthenticatedHttpRequest, slug: str, user_id: int) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)
    membership = selectors.member_of(classroom=classroom, user_id=user_id)
    topics = selectors.class_topics()
    now = timezone.now()
    cells = selectors.topic_mastery_for(user_ids=[user_id], topics=topics, now=now)[user_id]
    results = {
        (c.classroom.pk, a.assignment.pk): a
        for c in selectors.learner_classes(user=membership.user)
        for a in c.assignments
    }
    context = {
        "classroom": classroom,
        "membership": membership,
        "rows": [(t, cell) for t, cell in zip(topics, cells, strict=True)],
        "computed_at": now,
        "time_form": TimeMultiplierForm(initial={"multiplier": membership.time_multiplier}),
        "assignments": [results[key] for key in results if key[0] == classroom.pk],
    }
    return render(request, "teaching/learner_detail.html", context)


# Instructor: assignments ------------------------------------------------------------------


@instructor_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)
    form = AssignmentForm(request.POST or None, topics=_topic_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.assignment_create(
                classroom=classroom,
                title=data["title"],
                kind=data["kind"],
                topics=data["topics"],
                length=data["length"],
                opens_at=data["opens_at"].replace(tzinfo=UTC),
                due_at=data["due_at"].replace(tzinfo=UTC),
                max_attempts=data["max_attempts"],
                fixed_form=data["fixed_form"],
            )
        except services.TeachingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Assignment “{assignment.title}” set.")
            return redirect("teaching:assignment_detail", slug=slug, pk=assignment.pk)
    status = 400 if request.method == "POST" else 200
    context = {"classroom": classroom, "form": form}
    return render(request, "teaching/assignment_form.html", context, status=status)


@instructor_required
@require_GET
def assignment_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)
    parts = ClassPage(classroom)
    number = parts.page_number(request.GET.get("page"), ROSTER_PAGE)

    def roster() -> dict[str, Any]:
        # Only on a miss; an assignment of another class is a 404, which is never cached.
        assignment = selectors.assignment_for_instructor(classroom=classroom, pk=pk)
        page = parts.learners(number, ROSTER_PAGE)
        rows = selectors.assignment_roster(assignment=assignment, members=list(page))
        return {"classroom": classroom, "assignment": assignment, "page": page, "roster": rows}

    template = "teaching/assignment_detail.html"
    content = parts.parts.get("assignment", content_part(template, roster), pk, number)
    return render(request, template, {"classroom": classroom, **content})


@instructor_required
@require_GET
def assignment_marks_csv(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)
    assignment = selectors.assignment_for_instructor(classroom=classroom, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{classroom.slug}-assignment-{assignment.pk}-marks.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["username", "status", "score", "attempts", "seconds_used", "submitted_at_utc"])
    for row in selectors.assignment_roster(assignment=assignment):
        result = row.result
        writer.writerow(
            [
                row.user.get_username(),
                result.status,
                "" if result.score is None else result.score,
                result.attempts,
                "" if result.seconds_used is None else result.seconds_used,
                result.submitted_at.astimezone(UTC).isoformat() if result.submitted_at else "",
            ]
        )
    return response


STATISTICS = "teaching/statistics.html"


@instructor_required
@require_GET
def assignment_statistics(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    classroom = selectors.classroom_for_instructor(user=request.user, slug=slug)

    def figures() -> dict[str, Any]:
        assignment = selectors.assignment_for_instructor(classroom=classroom, pk=pk)
        form, items = selectors.assignment_statistics(assignment=assignment)
        return {
            "classroom": classroom,
            "assignment": assignment,
            "form": form,
            "items": items,
            "min_n": MIN_N,
        }

    content = ClassPage(classroom).parts.get("statistics", content_part(STATISTICS, figures), pk)
    return render(request, STATISTICS, {"classroom": classroom, **content})


@instructor_required
@require_GET
def bank_statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    content = caching.bank_cached(
        "statistics",
        content_part(STATISTICS, lambda: {"items": selectors.bank_statistics(), "min_n": MIN_N}),
    )
    return render(request, STATISTICS, content)


# Learners ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def join(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                membership = services.membership_join(
                    user=request.user, code=form.cleaned_data["code"]
                )
            except services.TeachingError as error:
                form.add_error("code", error.message)
                status = error.status
            else:
                messages.success(request, f"You joined {membership.classroom.name}.")
                return redirect("join:join")
        else:
            status = 400
    context = {"form": form, "classes": selectors.learner_classes(user=request.user)}
    return render(request, "teaching/join.html", context, status=status)


@login_required
@require_POST
def leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    classroom = get_object_or_404(Classroom, slug=slug, memberships__user=request.user)
    services.membership_leave(user=request.user, classroom=classroom)
    messages.success(request, f"You left {classroom.name}.")
    return redirect("join:join")


@login_required
@require_POST
def assignment_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.learner_assignment(user=request.user, pk=pk)
    try:
        attempt = services.assignment_attempt_start(
            assignment=assignment, user=request.user, pack=content_pack_from_database()
        )
    except services.TeachingError as error:
        messages.error(request, error.message)
        return redirect("join:join")
    return redirect("quizzes:attempt", pk=attempt.pk)
