"""Reads for the study guide pages; each makes a fixed number of queries."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from studyguide.caching import content_cached, content_cached_at_version
from studyguide.models import (
    AuthoredQuestion,
    ComparisonTable,
    Fact,
    Lesson,
    StudiedLesson,
    Topic,
)
from studyguide.records import ContentPack, FactData, TableData

logger = logging.getLogger(__name__)


def topic_list() -> list[Topic]:
    return content_cached(
        "topic-list", lambda: list(Topic.objects.active().order_by("order", "slug"))
    )


def topic_get(*, slug: str) -> Topic | None:
    return Topic.objects.active().filter(slug=slug).first()


def topics_with_lessons() -> list[Topic]:
    """Topics in study order, each with `.active_lessons` in order; cached per content
    version, with each topic's and lesson's `.url` worked out once there."""
    return content_cached("topics-with-lessons", _topics_with_lessons)


def _topics_with_lessons() -> list[Topic]:
    lessons = Lesson.objects.live().order_by("order", "slug")
    topics: list[Topic] = list(
        Topic.objects.active()
        .order_by("order", "slug")
        .prefetch_related(Prefetch("lessons", queryset=lessons, to_attr="active_lessons"))
    )
    for topic in topics:
        topic.url = topic.get_absolute_url()  # type: ignore[attr-defined]
        for lesson in topic.active_lessons:  # type: ignore[attr-defined]
            lesson.url = lesson.get_absolute_url()
    return topics


def studied_lesson_ids(*, user: User | AnonymousUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(StudiedLesson.objects.filter(user=user).values_list("lesson_id", flat=True))


def lesson_get(*, topic: str, slug: str) -> Lesson | None:
    return (
        Lesson.objects.live().filter(topic__slug=topic, slug=slug).select_related("topic").first()
    )


def lesson_neighbours(*, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """The lessons before and after `lesson` in the whole course's study order."""
    course = list(
        Lesson.objects.live()
        .select_related("topic")
        .only("slug", "title", "topic__slug")
        .order_by("topic__order", "topic__slug", "order", "slug")
    )
    index = next(i for i, other in enumerate(course) if other.pk == lesson.pk)
    previous = course[index - 1] if index > 0 else None
    following = course[index + 1] if index + 1 < len(course) else None
    return previous, following


def facts_by_key(*, keys: list[str]) -> dict[str, FactData]:
    if not keys:
        return {}
    return {
        fact.key: fact.to_data(topic_slug=fact.topic.slug)
        for fact in Fact.objects.live().filter(key__in=keys).select_related("topic")
    }


def tables_by_slug(*, slugs: list[str]) -> dict[str, TableData]:
    if not slugs:
        return {}
    return {
        table.slug: table.to_data(topic_slug=table.topic.slug)
        for table in ComparisonTable.objects.live().filter(slug__in=slugs).select_related("topic")
    }


def topic_lessons(*, topic: Topic) -> list[Lesson]:
    return list(topic.lessons.active().order_by("order", "slug"))


def topic_tables(*, topic: Topic) -> list[TableData]:
    return [
        table.to_data(topic_slug=topic.slug)
        for table in ComparisonTable.objects.live().filter(topic=topic).order_by("order", "slug")
    ]


def fact_search(*, topic: Topic | None = None, text: str = "") -> QuerySet[Fact]:
    facts = (
        Fact.objects.live()
        .select_related("topic")
        .order_by("topic__order", "topic__slug", "order", "key")
    )
    if topic is not None:
        facts = facts.filter(topic=topic)
    for word in text.split():
        facts = facts.filter(
            Q(key__icontains=word)
            | Q(name__icontains=word)
            | Q(statement__icontains=word)
            | Q(value__icontains=word)
            | Q(unit__icontains=word)
        )
    return facts


def content_pack_from_database(*, include_unpublished: bool = False) -> ContentPack:
    """The non-archived fact base as a pack, in file order, cached per content version; the
    pack carries that version.

    Quizzes read it as it is: only published questions. export_content asks for drafts and
    retired questions too, so the files keep them (with their `status`).
    """
    key = "pack-all" if include_unpublished else "pack"
    return content_cached_at_version(
        key, lambda version: replace(_content_pack(include_unpublished), version=version)
    )


def _readable[M, D](rows: Iterable[M], read: Callable[[M], D], name: Callable[[M], str]) -> list[D]:
    """Each row as plain data; a row that cannot be read (JSON a validator would have
    refused, written past it) is left out and logged, so one bad row never takes the whole
    course down with it."""
    kept = []
    for row in rows:
        try:
            kept.append(read(row))
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as error:
            logger.warning("left out %s: it cannot be read (%r)", name(row), error)
    return kept


def _content_pack(include_unpublished: bool) -> ContentPack:
    questions = AuthoredQuestion.objects.live()
    if not include_unpublished:
        questions = questions.filter(status=AuthoredQuestion.Status.PUBLISHED)
    topics = list(Topic.objects.active().order_by("order", "slug"))
    slugs = {t.id: t.slug for t in topics}
    lessons = Lesson.objects.live().order_by("topic__order", "order", "slug")
    facts = Fact.objects.live().order_by("topic__order", "order", "key")
    tables = ComparisonTable.objects.live().order_by("topic__order", "order", "slug")
    return ContentPack(
        topics=tuple(t.to_data() for t in topics),
        lessons=tuple(
            _readable(
                lessons,
                lambda row: row.to_data(topic_slug=slugs[row.topic_id]),
                lambda row: f"lesson {row.slug}",
            )
        ),
        facts=tuple(
            _readable(
                facts,
                lambda row: row.to_data(topic_slug=slugs[row.topic_id]),
                lambda row: f"fact {row.key}",
            )
        ),
        tables=tuple(
            _readable(
                tables,
                lambda row: row.to_data(topic_slug=slugs[row.topic_id]),
                lambda row: f"table {row.slug}",
            )
        ),
        questions=tuple(
            _readable(
                questions.order_by("topic__order", "order", "key"),
                lambda row: row.to_data(topic_slug=slugs[row.topic_id]),
                # Named by the uid its quiz question would have had.
                lambda row: f"authored:{row.key}",
            )
        ),
    )
