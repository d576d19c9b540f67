"""Reads for the workspace's fact, lesson and interchange pages; each makes a fixed number
of queries however large the course or its history grows."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from studyguide.content.patterns import FACT_KEY_RE
from studyguide.models import AuthoredQuestion, Fact, Lesson, Topic
from studyguide.rendering import lesson_references
from studyguide.selectors import fact_search
from workspace.models import ChangeRecord

HISTORY_LIMIT = 50


def workspace_topics() -> list[Topic]:
    return list(Topic.objects.active().order_by("order", "slug"))


def fact_list_for_workspace(
    *, topic: Topic | None = None, text: str = "", verified: bool | None = None
) -> QuerySet[Fact]:
    """The fact base's own search, with who last edited each fact and a verified filter."""
    facts = fact_search(topic=topic, text=text).select_related("edited_by")
    if verified is not None:
        facts = facts.filter(verified=verified)
    return facts


def fact_for_edit(*, key: str) -> Fact | None:
    if not FACT_KEY_RE.match(key):
        return None  # not a fact key (a NUL byte, say, which PostgreSQL refuses in a query)
    return Fact.objects.live().select_related("topic").filter(key=key).first()


@dataclass(frozen=True)
class FactUsage:
    lessons: Sequence[Lesson]
    questions: Sequence[AuthoredQuestion]


def fact_usage(*, key: str) -> FactUsage:
    """The lessons whose body quotes {{fact:KEY}} and the authored questions listing KEY in
    their facts: what an edit of the fact changes."""
    # LIKE ignores case on SQLite: the tokens are checked exactly here.
    lessons = [
        lesson
        for lesson in Lesson.objects.live()
        .filter(body__contains="{{fact:" + key + "}}")
        .select_related("topic")
        .order_by("topic__order", "order", "slug")
        if key in lesson_references(lesson.body)[0]
    ]
    # JSON "contains" is not available on SQLite, so the list is matched as text (the key
    # in quotes, as JSON writes it) and then checked exactly here.
    candidates = (
        AuthoredQuestion.objects.live()
        .annotate(fact_keys_text=Cast("fact_keys", TextField()))
        .filter(fact_keys_text__contains=f'"{key}"')
        .select_related("topic")
        .order_by("topic__order", "order", "key")
    )
    questions = [q for q in candidates if key in q.fact_keys]
    return FactUsage(lessons=lessons, questions=questions)


def lesson_list_for_workspace(*, topic: Topic | None = None) -> QuerySet[Lesson]:
    lessons = (
        Lesson.objects.live()
        .select_related("topic", "edited_by")
        .order_by("topic__order", "topic__slug", "order", "slug")
    )
    if topic is not None:
        lessons = lessons.filter(topic=topic)
    return lessons


def lesson_for_edit(*, topic: str, slug: str) -> Lesson | None:
    return (
        Lesson.objects.live().select_related("topic").filter(topic__slug=topic, slug=slug).first()
    )


def lesson_record_key(lesson: Lesson) -> str:
    return f"{lesson.topic.slug}/{lesson.slug}"


def change_history(*, subject: str, key: str) -> list[ChangeRecord]:
    return list(
        ChangeRecord.objects.filter(subject=subject, key=key)
        .select_related("user")
        .order_by("-at", "-pk")[:HISTORY_LIMIT]
    )


def questions_for_export(
    *, topics: list[Topic], status: str = ""
) -> dict[str, list[AuthoredQuestion]]:
    """The live authored questions of `topics` (with `status` unless empty), by topic slug."""
    questions = (
        AuthoredQuestion.objects.live()
        .filter(topic__in=topics)
        .select_related("topic")
        .order_by("topic__order", "topic__slug", "order", "key")
    )
    if status:
        questions = questions.filter(status=status)
    grouped: dict[str, list[AuthoredQuestion]] = {topic.slug: [] for topic in topics}
    for question in questions:
        grouped[question.topic.slug].append(question)
    return grouped
