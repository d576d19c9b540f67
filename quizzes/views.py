from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.roles import instructor_required
from core.htmx import page_or_fragment, wants_fragment
from core.http import AuthenticatedHttpRequest
from quizzes import selectors, services
from quizzes.forms import AnswerForm, ExamForm, MistakesForm, PracticeForm, PreviewForm
from quizzes.generation import ALL_KINDS, generate_questions, questions_for_topic
from quizzes.generation.types import AnswerMode, Question
from quizzes.generation.wording import choose_phrase
from quizzes.models import PASS_MARK, Attempt, AttemptQuestion
from quizzes.pools import quiz_pack

IN_PROGRESS_MESSAGE = (
    "You already have an exam in progress. Resume it, or choose to start another anyway."
)


def _index_context(request: AuthenticatedHttpRequest, **extra: object) -> dict[str, object]:
    return {
        "mistakes": selectors.mistake_count(user=request.user),
        "recent": selectors.attempt_history(user=request.user)[:5],
        "exam_form": ExamForm(),
        "exam_in_progress": selectors.exam_in_progress(user=request.user),
        **extra,
    }


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PracticeForm(topics=selectors.topic_choices())
    return render(request, "quizzes/index.html", _index_context(request, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def practice(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the practice form (a ?topic= preselects); POST: start a practice quiz."""
    topics = selectors.topic_choices()
    if request.method == "GET":
        known = {slug for slug, _ in topics}
        chosen = [slug for slug in request.GET.getlist("topic") if slug in known]
        form = PracticeForm(topics=topics, initial={"topics": chosen, "length": 10})
        return render(request, "quizzes/index.html", _index_context(request, form=form))
    form = PracticeForm(request.POST, topics=topics)
    if form.is_valid():
        try:
            attempt = services.attempt_start_practice(
                user=request.user,
                pack=quiz_pack(),
                topics=form.cleaned_data["topics"],
                length=form.cleaned_data["length"],
            )
        except services.QuizError as error:
            form.add_error(None, error.message)
        else:
            return redirect("quizzes:attempt", pk=attempt.pk)
    return render(request, "quizzes/index.html", _index_context(request, form=form), status=400)


@login_required
@require_POST
def mistakes(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MistakesForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.length_message(services.PRACTICE_LENGTHS))
        return redirect("quizzes:index")
    try:
        attempt = services.attempt_start_mistakes(
            user=request.user, length=form.cleaned_data["length"], pack=quiz_pack()
        )
    except services.QuizError as error:
        messages.info(request, error.message)
        return redirect("quizzes:index")
    return redirect("quizzes:attempt", pk=attempt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def exam(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the exam form, saying first if an exam is already in progress; POST: start one
    (a second one only when the learner, told of the first, asked for another)."""
    form = ExamForm(request.POST or None)
    in_progress = selectors.exam_in_progress(user=request.user)
    context = {"form": form, "pass_mark": PASS_MARK, "in_progress": in_progress}
    if request.method == "POST":
        if in_progress is not None and request.POST.get("another") != "1":
            form.add_error(None, IN_PROGRESS_MESSAGE)
            return render(request, "quizzes/exam.html", context, status=409)
        if form.is_valid():
            try:
                attempt = services.attempt_start_exam(
                    user=request.user,
                    pack=quiz_pack(),
                    length=form.cleaned_data["length"],
                )
            except services.QuizError as error:
                form.add_error(None, error.message)
            else:
                return redirect("quizzes:question", pk=attempt.pk, position=1)
        return render(request, "quizzes/exam.html", context, status=400)
    return render(request, "quizzes/exam.html", context)


@login_required
@require_GET
def attempt_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_for_user(user=request.user, pk=pk)
    attempt = services.attempt_expire_if_due(attempt=attempt)
    if attempt.is_submitted:
        return redirect("quizzes:result", pk=attempt.pk)
    return redirect(
        "quizzes:question", pk=attempt.pk, position=selectors.first_open_position(attempt=attempt)
    )


def _lesson_urls(topics: set[str]) -> dict[str, str]:
    """The first lesson of each topic, for 'read the lesson' links (one query)."""
    return {
        topic: lesson.get_absolute_url()
        for topic, lesson in selectors.first_lessons(topics=topics).items()
    }


def _ms_left(attempt: Attempt) -> int | None:
    """Milliseconds to the deadline by the server's clock: the page counts down from this,
    not from the learner's clock, which may be wrong."""
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds() * 1000))


_CURRENT_STEP = ' aria-current="step"'


def _navigator(
    navigation: list[selectors.NavigatorEntry], urls: dict[int, str], *, current: int
) -> SafeString:
    """The navigator's list items: built here rather than in a template loop, which cost
    as much as the rest of the page (65 of them in an exam). Positions are numbers and a
    status is one of three fixed words; the URLs are escaped."""
    return mark_safe(  # noqa: S308  # every value is escaped, a number or a fixed word
        "\n".join(
            f'<li><a href="{escape(urls.get(entry.position, ""))}" class="nav-{entry.status}"'
            f"{_CURRENT_STEP if entry.position == current else ''}>{entry.position:d}"
            f'<span class="visually-hidden"> ({entry.status})</span></a></li>'
            for entry in navigation
        )
    )


def _choice_inputs(
    choices: list[dict[str, Any]], *, multiple: bool, keys: bool, focus_first: bool
) -> SafeString:
    """The answer form's choice inputs, built here rather than in a template loop (the
    loop was a fifth of the page's cost): one label per choice, with its key while the 1-9
    shortcuts apply. Only the choice text comes from content, and it is escaped."""
    kind = "checkbox" if multiple else "radio"
    labels = []
    for number, row in enumerate(choices, start=1):
        checked = " checked" if row["picked"] else ""
        autofocus = " autofocus" if focus_first and number == 1 else ""
        key = _CHOICE_KEY.format(number) if keys and number < 10 else ""
        labels.append(
            f'<label class="choice"><input type="{kind}" name="choice" value="{row["index"]:d}"'
            f"{checked}{autofocus}>{key} {escape(row['text'])}</label>"
        )
    return mark_safe("\n".join(labels))  # noqa: S308  # text escaped; the rest fixed or numbers


_CHOICE_KEY = ' <kbd class="choice-key" aria-hidden="true">{:d}</kbd>'


def _question_context(
    attempt: Attempt,
    item: AttemptQuestion,
    navigation: list[selectors.NavigatorEntry],
    *,
    error: str,
    focus: str,
    saved: int | None,
) -> dict[str, object]:
    position = item.position
    show_feedback = item.is_answered and not attempt.is_exam
    multiple = item.question.answer_mode == AnswerMode.MULTIPLE
    numeric = item.question.answer_mode == AnswerMode.NUMERIC
    focus = "error" if error else focus
    urls = selectors.question_urls(attempt=attempt)
    choices = item.choice_rows()
    return {
        "attempt": attempt,
        "mode_label": Attempt.Mode(attempt.mode).label,
        "navigator": _navigator(navigation, urls, current=position),
        "answer_url": f"{urls[position]}answer/",  # the answer URL nests in the question's
        "previous_url": urls.get(position - 1, ""),
        "next_url": urls.get(position + 1, ""),
        "item": item,
        "question": item.question,
        "choices": choices,
        "choice_inputs": ""
        if numeric
        else _choice_inputs(
            choices, multiple=multiple, keys=not show_feedback, focus_first=focus == "error"
        ),
        "numeric": numeric,
        "multiple": multiple,
        "choose": choose_phrase(len(item.question.correct_indexes)) if multiple else "",
        "show_feedback": show_feedback,
        "lesson_url": _lesson_urls({item.topic}).get(item.topic, "") if show_feedback else "",
        "previous": position - 1 if position > 1 else None,
        "next": position + 1 if position < len(navigation) else None,
        "unanswered": sum(1 for entry in navigation if not entry.is_answered),
        "error": error,
        "closed": attempt.is_submitted,
        "exam_closed": attempt.is_exam and attempt.is_submitted,
        "seconds_left": attempt.seconds_left(),
        "ms_left": _ms_left(attempt),
        "focus": focus,
        "saved": saved,
    }


def _render_question(
    request: AuthenticatedHttpRequest,
    attempt: Attempt,
    position: int,
    *,
    error: str = "",
    status: int = 200,
    focus: str = "prompt",
    saved: int | None = None,
    item: AttemptQuestion | None = None,
) -> HttpResponse:
    """`focus` names what takes the focus when the page or fragment arrives, so that a
    keyboard learner stays where they were working ("prompt", "flag" or "submit");
    `saved` is the position whose answer was just saved, for the status message."""
    if item is None:
        item = selectors.attempt_item(attempt=attempt, position=position)
    # The question page's own read brings the navigator along; other paths read it here.
    navigation = getattr(item, "navigation", None)
    context = _question_context(
        attempt,
        item,
        navigation if navigation is not None else selectors.attempt_navigation(attempt=attempt),
        error=error,
        focus=focus,
        saved=saved,
    )
    context["fragment"] = wants_fragment(request)
    template = page_or_fragment(request, "quizzes/question.html", "attempt-body")
    return render(request, template, context, status=status)


def _refused(
    request: AuthenticatedHttpRequest, attempt: Attempt, position: int, error: services.QuizError
) -> HttpResponse:
    """A write the attempt refused: 404 for a question it does not have, 409 for a closed
    attempt or a final answer, 400 for an answer that does not fit the question."""
    if isinstance(error, services.QuestionNotInAttempt):
        raise Http404(error.message)
    conflict = isinstance(error, services.AttemptClosed | services.AnswerFinal)
    attempt = selectors.attempt_for_user(user=request.user, pk=attempt.pk)
    return _render_question(
        request, attempt, position, error=error.message, status=409 if conflict else 400
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def question(request: AuthenticatedHttpRequest, pk: int, position: int) -> HttpResponse:
    item = selectors.attempt_item_for_user(user=request.user, pk=pk, position=position)
    attempt = item.attempt if item else selectors.attempt_for_user(user=request.user, pk=pk)
    expired = services.attempt_expire_if_due(attempt=attempt)
    if expired.is_submitted and expired.is_exam:
        messages.info(request, "This exam is submitted; here is how it went.")
        return redirect("quizzes:result", pk=attempt.pk)
    if item is None or expired.is_submitted != attempt.is_submitted:
        return _render_question(request, expired, position)  # read afresh (or a 404)
    return _render_question(request, attempt, position, item=item)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def answer(request: AuthenticatedHttpRequest, pk: int, position: int) -> HttpResponse:
    item = selectors.attempt_item_for_user(user=request.user, pk=pk, position=position)
    if item is None:
        selectors.attempt_for_user(user=request.user, pk=pk)  # someone else's: 404
        raise Http404("That question is not part of this attempt.")
    attempt = item.attempt
    form = AnswerForm(request.POST, question=item.question)
    if not form.is_valid():
        return _render_question(request, attempt, position, error=form.problem, status=400)
    try:
        services.answer_record(
            attempt=attempt, position=position, selected=form.selected, number=form.given_number
        )
    except services.QuizError as error:
        return _refused(request, attempt, position, error)
    attempt = selectors.attempt_for_user(user=request.user, pk=pk)
    # An exam moves on to the next question once an answer is saved; the last one stays
    # and offers the submit page.
    moves_on = attempt.is_exam and position < attempt.question_count
    if wants_fragment(request):
        if moves_on:
            response = _render_question(request, attempt, position + 1, saved=position)
            response["HX-Push-Url"] = reverse("quizzes:question", args=[pk, position + 1])
            return response
        focus = "submit" if attempt.is_exam else "feedback"
        return _render_question(request, attempt, position, focus=focus, saved=position)
    if moves_on:
        return redirect("quizzes:question", pk=pk, position=position + 1)
    return redirect("quizzes:question", pk=pk, position=position)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def flag(request: AuthenticatedHttpRequest, pk: int, position: int) -> HttpResponse:
    attempt = selectors.attempt_for_user(user=request.user, pk=pk)
    try:
        services.question_flag(
            attempt=attempt, position=position, flagged=request.POST.get("flagged") == "1"
        )
    except services.QuizError as error:
        return _refused(request, attempt, position, error)
    if wants_fragment(request):
        return _render_question(request, attempt, position, focus="flag")
    return redirect("quizzes:question", pk=pk, position=position)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_for_user(user=request.user, pk=pk)
    attempt = services.attempt_expire_if_due(attempt=attempt)
    if request.method == "POST" or attempt.is_submitted:
        services.attempt_submit(attempt=attempt)
        return redirect("quizzes:result", pk=pk)
    questions = selectors.attempt_questions(attempt=attempt)
    return render(
        request,
        "quizzes/submit.html",
        {
            "attempt": attempt,
            "questions": questions,
            "unanswered": [q for q in questions if not q.is_answered],
            "flagged": [q for q in questions if q.flagged],
            "seconds_left": attempt.seconds_left(),
            "ms_left": _ms_left(attempt),
        },
    )


def _render_result(
    request: AuthenticatedHttpRequest, attempt: Attempt, *, show: str, error: str = ""
) -> HttpResponse:
    questions: list[AttemptQuestion] = selectors.attempt_questions(attempt=attempt)
    status = 200
    if show not in selectors.RESULT_FILTERS:
        error = "Show every question, only the wrong ones or only the flagged ones."
        show, status = "all", 400
    topics = {q.topic for q in questions}
    titles = selectors.topic_titles(slugs=topics)
    lesson_urls = _lesson_urls(topics)
    for item in questions:
        item.lesson_url = lesson_urls.get(item.topic, "")  # type: ignore[attr-defined]
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "questions": selectors.result_questions(questions=questions, show=show),
            "show": show,
            "filters": selectors.RESULT_FILTERS,
            "missed": sum(1 for q in questions if not q.is_correct),
            "breakdown": selectors.topic_breakdown(questions=questions, titles=titles),
            "pass_mark": PASS_MARK,
            "error": error,
        },
        status=409 if error and status == 200 else status,
    )


@login_required
@require_GET
def result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_for_user(user=request.user, pk=pk)
    attempt = services.attempt_expire_if_due(attempt=attempt)
    if not attempt.is_submitted:
        messages.info(request, "Finish or submit the attempt to see its result.")
        return redirect("quizzes:attempt", pk=pk)
    return _render_result(request, attempt, show=request.GET.get("show", "all"))


@login_required
@require_POST
def retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start a practice attempt with the questions missed in this one."""
    attempt = selectors.attempt_for_user(user=request.user, pk=pk)
    attempt = services.attempt_expire_if_due(attempt=attempt)
    try:
        new = services.attempt_start_retry(user=request.user, attempt=attempt)
    except services.QuizError as error:
        if not attempt.is_submitted:
            messages.info(request, error.message)
            return redirect("quizzes:attempt", pk=pk)
        return _render_result(request, attempt, show="all", error=error.message)
    return redirect("quizzes:attempt", pk=new.pk)


@login_required
@require_GET
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    attempts = selectors.attempt_history(user=request.user)[:100]
    return render(request, "quizzes/history.html", {"attempts": attempts, "pass_mark": PASS_MARK})


@require_GET
@instructor_required
def preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the generators make for a topic, with answers: for instructors checking content."""
    topics = selectors.topic_choices()
    data = request.GET if request.GET else None
    form = PreviewForm(data, topics=topics, initial={"seed": 0, "count": 20})
    questions: list[Question] = []
    pool_sizes: dict[str, int] = {}
    if form.is_bound and form.is_valid():
        pack = quiz_pack()
        kinds = [form.cleaned_data["kind"]] if form.cleaned_data["kind"] else ALL_KINDS
        pool = questions_for_topic(
            pack, form.cleaned_data["topic"], seed=form.cleaned_data["seed"], kinds=kinds
        )
        for question in pool:
            pool_sizes[str(question.kind)] = pool_sizes.get(str(question.kind), 0) + 1
        questions = generate_questions(
            pack,
            topics=[form.cleaned_data["topic"]],
            count=form.cleaned_data["count"],
            seed=form.cleaned_data["seed"],
            kinds=kinds,
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "quizzes/preview.html",
        {"form": form, "questions": questions, "pool_sizes": sorted(pool_sizes.items())},
        status=status,
    )
