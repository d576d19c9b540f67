"""Reads for quizzes."""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import NamedTuple, TypedDict

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from accounts.models import User
from core.compiled import CompiledQuery
from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import Lesson, Topic

_number_field = AttemptQuestion._meta.get_field("number")
NUMBER_WHOLE_DIGITS = _number_field.max_digits - _number_field.decimal_places


def attempt_for_user(*, user: User, pk: int) -> Attempt:
    """Another learner's attempt is a 404, never a 403: its existence is not ours to tell."""
    return get_object_or_404(Attempt, pk=pk, user=user)


def stored_number(text: str | None) -> Decimal | None:
    """A stored numeric answer read from its text: a value the column cannot hold (SQLite
    keeps whatever it was given, infinity included) reads as no number rather than failing
    every page that shows the row."""
    if text is None:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number.adjusted() >= NUMBER_WHOLE_DIGITS:
        return None
    return number


def with_number_text(rows: QuerySet[AttemptQuestion]) -> QuerySet[AttemptQuestion]:
    """The rows with `number` left unread and its text as `number_text`, for `stored_number`:
    Django's decimal converter raises on an out-of-range value."""
    return rows.defer("number").annotate(number_text=Cast("number", CharField()))


def with_readable_numbers(rows: QuerySet[AttemptQuestion]) -> list[AttemptQuestion]:
    """The rows, with a `number` the column cannot hold read as None (`stored_number`).

    Read plainly first: Django's decimal converter fits every value to the column or
    raises, and only then is the query made again with the numbers read as text."""
    try:
        return list(rows)
    except ArithmeticError:  # decimal.InvalidOperation, Overflow
        return _numbers_read_as_text(rows)


def _numbers_read_as_text(rows: QuerySet[AttemptQuestion]) -> list[AttemptQuestion]:
    items: list[AttemptQuestion] = list(with_number_text(rows))
    for item in items:
        item.number = stored_number(item.number_text)  # type: ignore[attr-defined]
    return items


def attempt_questions(*, attempt: Attempt) -> list[AttemptQuestion]:
    return with_readable_numbers(attempt.questions.all())


def _item(attempt_id: int, position: int) -> AttemptQuestion | None:
    """The attempt's question at `position`, read by the compiled query; a stored number the
    column cannot hold makes it fail as the ORM does, and the row is then read again with
    its number as text."""
    try:
        rows = _ITEM.models(attempt_id, position)
    except ArithmeticError:
        rows = _numbers_read_as_text(
            AttemptQuestion.objects.filter(attempt_id=attempt_id, position=position)
        )
    return rows[0] if rows else None


def attempt_item(*, attempt: Attempt, position: int) -> AttemptQuestion:
    """One question of the attempt, in full; a 404 for a position it does not have."""
    item = _item(attempt.pk, position)
    if item is None:
        raise Http404("That question is not part of this attempt.")
    item.attempt = attempt
    return item


# Reads of an attempt's questions, compiled once (core/compiled.py): the question page's own
# read is _OWN_ITEM below; these serve its answers, flags and other paths.
_ITEM = CompiledQuery(
    lambda attempt, position: AttemptQuestion.objects.filter(
        attempt_id=attempt, position=position
    ).order_by(),
    arguments=2,
)
_NAVIGATION = CompiledQuery(
    lambda attempt: (
        AttemptQuestion.objects.filter(attempt_id=attempt)
        .order_by("position")
        .annotate(answered=ExpressionWrapper(Q(answered_at__isnull=False), BooleanField()))
        .values_list("position", "flagged", "answered")
    ),
    arguments=1,
)


def attempt_item_for_user(*, user: User, pk: int, position: int) -> AttemptQuestion | None:
    """One question of the learner's attempt, with its attempt and, as `navigation`, the
    attempt's navigator; None when there is no such question in an attempt of theirs
    (attempt_for_user then tells a 404). One query: the row, joined with its attempt, and
    the navigator aggregated from the attempt's rows."""
    try:
        rows = _OWN_ITEM.models(pk, user.pk, position)
    except ArithmeticError:  # a stored number the column cannot hold, as in _item
        rows = _numbers_read_as_text(_own_item(pk, user.pk, position))
    if not rows:
        return None
    item = rows[0]
    item.navigation = _navigation_from_text(item.navigation_text)  # type: ignore[attr-defined]
    return item


class NavigatorEntry(NamedTuple):
    """One position of an attempt as the navigator shows it."""

    position: int
    flagged: bool
    is_answered: bool

    @property
    def status(self) -> str:
        if self.flagged:
            return "flagged"
        return "answered" if self.is_answered else "unanswered"


def attempt_navigation(*, attempt: Attempt) -> list[NavigatorEntry]:
    """The attempt's positions with only what the navigator shows: loading every question
    in full, its snapshot above all, was most of a page's reads, and plain tuples cost a
    fraction of model instances (65 of them in an exam)."""
    return [
        NavigatorEntry(position, bool(flagged), bool(answered))
        for position, flagged, answered in _NAVIGATION.rows(attempt.pk)
    ]


def _navigation_text() -> Subquery:
    """The attempt's positions as one text, "2:01,1:00,3:11" (position: flagged, answered),
    in no set order: the databases differ in how they order an aggregate."""

    def bit(condition: Q) -> Case:
        return Case(When(condition, then=Value("1")), default=Value("0"))

    rows = (
        AttemptQuestion.objects.filter(attempt_id=OuterRef("attempt_id"))
        .order_by()
        .values("attempt_id")
        .annotate(
            text=StringAgg(
                Concat(
                    Cast("position", CharField()),
                    Value(":"),
                    bit(Q(flagged=True)),
                    bit(Q(answered_at__isnull=False)),
                ),
                delimiter=Value(","),
            )
        )
        .values("text")
    )
    return Subquery(rows, output_field=CharField())


def _navigation_from_text(text: str | None) -> list[NavigatorEntry]:
    entries = []
    for part in (text or "").split(","):
        position, _, bits = part.partition(":")
        entries.append(NavigatorEntry(int(position), bits[0] == "1", bits[1] == "1"))
    return sorted(entries)


def _own_item(attempt: int, user: int, position: int) -> QuerySet[AttemptQuestion]:
    return (
        AttemptQuestion.objects.filter(attempt_id=attempt, attempt__user_id=user, position=position)
        .select_related("attempt")
        .annotate(navigation_text=_navigation_text())
        .order_by()
    )


_OWN_ITEM = CompiledQuery(_own_item, arguments=3)


# Stand-ins for an attempt's pk and a position while the question URL is reversed once.
_PK, _POSITION = 32_749, 32_719


@cache
def _question_url_parts(urlconf: str | None, prefix: str) -> tuple[str, str, str]:
    """The question URL around its pk and position, reversed once per URLconf and script
    prefix (as the main navigation's URLs are)."""
    url = reverse("quizzes:question", args=[_PK, _POSITION], urlconf=urlconf)
    before, pk, rest = url.partition(str(_PK))
    middle, position, after = rest.partition(str(_POSITION))
    if not (pk and position) or str(_PK) in after or str(_POSITION) in before + after:
        raise ImproperlyConfigured(f"cannot find the pk and position in {url!r}")
    return before, middle, after


def question_urls(*, attempt: Attempt) -> dict[int, str]:
    """Each position's question URL, without a reverse() per request: the navigator links
    every question, and reversing was a visible part of the page's cost."""
    before, middle, after = _question_url_parts(
        get_urlconf(settings.ROOT_URLCONF), get_script_prefix()
    )
    stem = f"{before}{attempt.pk:d}{middle}"
    return {
        position: f"{stem}{position:d}{after}" for position in range(1, attempt.question_count + 1)
    }


def attempt_history(*, user: User) -> QuerySet[Attempt]:
    return Attempt.objects.filter(user=user)


def mistake_count(*, user: User) -> int:
    return open_mistakes(user=user).values("question_uid").distinct().count()


class TopicScore(TypedDict):
    topic: str
    title: str
    total: int
    correct: int
    percent: int


def topic_breakdown(
    *, questions: list[AttemptQuestion], titles: dict[str, str]
) -> list[TopicScore]:
    rows: dict[str, TopicScore] = {}
    for item in questions:
        row = rows.setdefault(
            item.topic,
            {
                "topic": item.topic,
                "title": titles.get(item.topic, item.topic),
                "total": 0,
                "correct": 0,
                "percent": 0,
            },
        )
        row["total"] += 1
        row["correct"] += 1 if item.is_correct else 0
    for row in rows.values():
        row["percent"] = round(100 * row["correct"] / row["total"])
    return sorted(rows.values(), key=lambda r: (r["percent"], r["title"]))


def topic_choices() -> list[tuple[str, str]]:
    """The live topics as (slug, title) choices for the quiz forms."""
    return list(Topic.objects.active().values_list("slug", "title"))


def topic_titles(*, slugs: set[str]) -> dict[str, str]:
    return dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "title"))


def first_lessons(*, topics: set[str]) -> dict[str, Lesson]:
    """Each topic's first live lesson, by topic slug (one query)."""
    first: dict[str, Lesson] = {}
    lessons = (
        Lesson.objects.live()
        .filter(topic__slug__in=topics)
        .select_related("topic")
        .only("slug", "topic__slug")
        .order_by("topic__slug", "order")
    )
    for lesson in lessons:
        first.setdefault(lesson.topic.slug, lesson)
    return first


def first_open_position(*, attempt: Attempt) -> int:
    """The first unanswered question's position, or 1 when every question is answered."""
    first_open = (
        attempt.questions.filter(answered_at__isnull=True)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    return first_open or 1


def open_mistakes(*, user: User) -> QuerySet[AttemptQuestion]:
    """The learner's wrong answers that no later right answer to the same question has
    cleared: a mistake put right stops counting."""
    cleared_later = AttemptQuestion.objects.filter(
        attempt__user=user,
        question_uid=OuterRef("question_uid"),
        is_correct=True,
        answered_at__gt=OuterRef("answered_at"),
    )
    return AttemptQuestion.objects.filter(attempt__user=user, is_correct=False).exclude(
        Exists(cleared_later)
    )


# Asked on every exam start and on the quizzes page: compiled (core/compiled.py), as the
# ORM's own work for this query cost many times the query.
_OPEN_EXAMS = CompiledQuery(
    lambda user: Attempt.objects.filter(
        user_id=user, mode=Attempt.Mode.EXAM, submitted_at__isnull=True
    ).order_by("-started_at", "-pk"),
    arguments=1,
)


def exam_in_progress(*, user: User, now: datetime | None = None) -> Attempt | None:
    """The learner's latest exam that is neither submitted nor past its deadline. The
    deadline is compared here, since a compiled query takes whole numbers only."""
    now = now or timezone.now()
    return next(
        (
            exam
            for exam in _OPEN_EXAMS.models(user.pk)
            if exam.deadline is not None and exam.deadline > now
        ),
        None,
    )


RESULT_FILTERS = {"all": "Every question", "wrong": "Only wrong", "flagged": "Only flagged"}


def result_questions(*, questions: list[AttemptQuestion], show: str) -> list[AttemptQuestion]:
    """The questions a result page lists under one of RESULT_FILTERS; "wrong" counts an
    unanswered question as wrong, as the score does."""
    if show == "wrong":
        return [q for q in questions if not q.is_correct]
    if show == "flagged":
        return [q for q in questions if q.flagged]
    return questions
