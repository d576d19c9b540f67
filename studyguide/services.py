"""Writes to the fact base: importing a content pack and learners' studied marks."""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Max

from accounts.models import User
from studyguide.caching import content_version_bump
from studyguide.models import (
    AuthoredQuestion,
    ComparisonTable,
    Fact,
    Lesson,
    StudiedLesson,
    Topic,
)
from studyguide.records import AuthoredQuestionData, ContentPack, FactData


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0


@dataclass
class ImportReport:
    counts: dict[str, ImportCounts] = field(default_factory=dict)

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    @property
    def archived(self) -> int:
        return sum(c.archived for c in self.counts.values())

    def summary(self) -> str:
        return "\n".join(
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged, "
            f"{c.archived} archived"
            for name, c in self.counts.items()
        )


def _sync(
    model: type[models.Model],
    *,
    key: Callable[[Any], Hashable],
    desired: dict[Hashable, dict[str, Any]],
) -> ImportCounts:
    """Make the model's rows match `desired` (natural key -> field values); archive the rest."""
    counts = ImportCounts()
    existing = {key(obj): obj for obj in model._default_manager.all()}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    for natural_key, values in desired.items():
        values = {**values, "archived": False}
        obj = existing.get(natural_key)
        if obj is None:
            to_create.append(model(**values))
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            changed_fields.update(changed)
            to_update.append(obj)
        else:
            counts.unchanged += 1
    to_archive = []
    for natural_key, obj in existing.items():
        if natural_key not in desired and not obj.archived:  # type: ignore[attr-defined]
            obj.archived = True  # type: ignore[attr-defined]
            to_archive.append(obj)
    model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields))
    if to_archive:
        model._default_manager.bulk_update(to_archive, ["archived"])
    counts.created, counts.updated, counts.archived = (
        len(to_create),
        len(to_update),
        len(to_archive),
    )
    return counts


def _fact_values(fact: FactData, topic_id: int, order: int) -> dict[str, Any]:
    legacy = fact.legacy
    return {
        "key": fact.key,
        "topic_id": topic_id,
        "order": order,
        "name": fact.name,
        "statement": fact.statement,
        "value": str(fact.value),
        "value_number": fact.value if fact.is_numeric else None,
        "unit": fact.unit,
        "source_url": fact.source_url,
        "as_of": fact.as_of,
        "legacy_value": "" if legacy is None else str(legacy.value),
        "legacy_number": None if legacy is None or isinstance(legacy.value, str) else legacy.value,
        "legacy_year": None if legacy is None else legacy.year,
        "verified": fact.verified,
    }


def _positions(items: Any) -> dict[Any, int]:
    """Each item's position within its topic's file, so export keeps the authors' order."""
    seen: dict[str, int] = {}
    positions = {}
    for item in items:
        seen[item.topic] = seen.get(item.topic, 0) + 1
        positions[id(item)] = seen[item.topic]
    return positions


def _question_values(q: AuthoredQuestionData, *, topic_id: int, order: int) -> dict[str, Any]:
    return {
        "key": q.id,
        "topic_id": topic_id,
        "order": order,
        "kind": q.kind,
        "style": q.style,
        "status": q.status,
        "lesson_slug": q.lesson,
        "prompt": q.prompt,
        "explanation": q.explanation,
        "choices": [{"text": c.text, "correct": c.correct, "why": c.why} for c in q.choices],
        "answer": q.answer,
        "tolerance": q.tolerance,
        "unit": q.unit,
        "fact_keys": list(q.facts),
    }


@transaction.atomic
def content_import(*, pack: ContentPack) -> ImportReport:
    """Upsert `pack` by natural keys and archive what it no longer has, in one transaction."""
    report = ImportReport()
    report.counts["topics"] = _sync(
        Topic,
        key=lambda t: t.slug,
        desired={
            t.slug: {
                "slug": t.slug,
                "title": t.title,
                "summary": t.summary,
                "order": t.order,
                "exam_weight": t.exam_weight,
            }
            for t in pack.topics
        },
    )
    topic_ids = dict(Topic.objects.values_list("slug", "id"))
    report.counts["lessons"] = _sync(
        Lesson,
        key=lambda lesson: (lesson.topic_id, lesson.slug),
        desired={
            (topic_ids[lesson.topic], lesson.slug): {
                "topic_id": topic_ids[lesson.topic],
                "slug": lesson.slug,
                "title": lesson.title,
                "summary": lesson.summary,
                "order": lesson.order,
                "body": lesson.body,
            }
            for lesson in pack.lessons
        },
    )
    positions = _positions(pack.facts)
    report.counts["facts"] = _sync(
        Fact,
        key=lambda f: f.key,
        desired={f.key: _fact_values(f, topic_ids[f.topic], positions[id(f)]) for f in pack.facts},
    )
    positions = _positions(pack.tables)
    report.counts["tables"] = _sync(
        ComparisonTable,
        key=lambda t: t.slug,
        desired={
            t.slug: {
                "slug": t.slug,
                "topic_id": topic_ids[t.topic],
                "order": positions[id(t)],
                "title": t.title,
                "subject": t.subject,
                "caption": t.caption,
                "source_url": t.source_url,
                "as_of": t.as_of,
                "columns": [
                    {"key": c.key, "label": c.label, "question": c.question} for c in t.columns
                ],
                "rows": [{"label": r.label, "cells": dict(r.cells)} for r in t.rows],
            }
            for t in pack.tables
        },
    )
    positions = _positions(pack.questions)
    report.counts["questions"] = _sync(
        AuthoredQuestion,
        key=lambda q: q.key,
        desired={
            q.id: _question_values(q, topic_id=topic_ids[q.topic], order=positions[id(q)])
            for q in pack.questions
        },
    )
    # Bulk writes send no signals: every cached rendering of the old course goes at once.
    content_version_bump()
    return report


def lesson_mark_studied(*, user: User, lesson: Lesson) -> StudiedLesson:
    studied, _ = StudiedLesson.objects.get_or_create(user=user, lesson=lesson)
    return studied


def lesson_unmark_studied(*, user: User, lesson: Lesson) -> None:
    StudiedLesson.objects.filter(user=user, lesson=lesson).delete()


@transaction.atomic
def question_drafts_import(
    *, topic: Topic, questions: Sequence[AuthoredQuestionData]
) -> list[AuthoredQuestion]:
    """Add checked questions (GIFT or Aiken) to `topic` as drafts, after its other questions."""
    last = AuthoredQuestion.objects.filter(topic=topic).aggregate(last=Max("order"))["last"]
    return AuthoredQuestion.objects.bulk_create(
        [
            AuthoredQuestion(
                **{
                    **_question_values(q, topic_id=topic.pk, order=(last or 0) + position),
                    "status": AuthoredQuestion.Status.DRAFT,
                }
            )
            for position, q in enumerate(questions, start=1)
        ]
    )
