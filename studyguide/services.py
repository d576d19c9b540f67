"""Writes to the fact base: importing a content pack and learners' studied marks.

The database is the live course and content/ its portable form. An import takes the
files' values for every row except one edited in the browser since (edited_at set) whose
values differ from the file: that row is kept and reported as a conflict, unless the
import is told to overwrite. A row the files agree with counts as unedited again.
"""

import hashlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from accounts.models import User
from studyguide.caching import content_version_bump
from studyguide.models import (
    AuthoredQuestion,
    ComparisonTable,
    ContentImport,
    Fact,
    Lesson,
    StudiedLesson,
    Topic,
    TopicContent,
    live_q,
)
from studyguide.records import AuthoredQuestionData, ContentPack, FactData

# The rows an edit in the browser marks (edited_at), in the order an import reports them.
EDITABLE_MODELS: tuple[type[TopicContent], ...] = (Lesson, Fact, ComparisonTable, AuthoredQuestion)


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    kept: int = 0  # browser edits the files disagree with, left as they are


@dataclass
class ImportReport:
    counts: dict[str, ImportCounts] = field(default_factory=dict)
    # One line per browser edit kept (or, with overwrite, replaced by the file's values).
    conflicts: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    @property
    def archived(self) -> int:
        return sum(c.archived for c in self.counts.values())

    @property
    def kept(self) -> int:
        return sum(c.kept for c in self.counts.values())

    def summary(self) -> str:
        return "\n".join(
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged, "
            f"{c.archived} archived, {c.kept} kept"
            for name, c in self.counts.items()
        )


def content_digest(*, path: Path) -> str:
    """sha256 over the sorted relative paths and bytes of every file under `path` (hidden
    files and folders aside): equal digests mean the same files."""
    root = Path(path)
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    for file in files:
        relative = file.relative_to(root).as_posix().encode()
        content = file.read_bytes()
        # Lengths first, so no two different folders run together into the same bytes.
        digest.update(f"{len(relative)}:{len(content)}:".encode())
        digest.update(relative)
        digest.update(content)
    return digest.hexdigest()


def content_import_record(*, digest: str, path: Path | str) -> ContentImport:
    """Note that the files with `digest` at `path` and the database now agree."""
    return ContentImport.objects.create(
        digest=digest, path=str(path)[:500], imported_at=timezone.now()
    )


def content_import_last() -> ContentImport | None:
    return ContentImport.objects.order_by("-imported_at", "-pk").first()


def _who_and_when(obj: Any) -> str:
    who = obj.edited_by.get_username() if obj.edited_by_id else "someone"
    when = timezone.localtime(obj.edited_at).strftime("%Y-%m-%d %H:%M")
    return f"edited by {who} at {when}"


def _sync(
    model: type[models.Model],
    *,
    key: Callable[[Any], Hashable],
    desired: dict[Hashable, dict[str, Any]],
    label: Callable[[Any], str] | None = None,
    overwrite: bool = False,
    conflicts: list[str] | None = None,
) -> ImportCounts:
    """Make the model's rows match `desired` (natural key -> field values); archive the rest.

    With `label` (a row's name in messages) the model carries browser-edit marks: a row
    edited in the browser keeps its values where they differ from `desired`, and is not
    archived when `desired` lacks it, each such row named in `conflicts`; `overwrite` takes
    the files' values all the same. Whatever the files decide clears the marks.
    """
    counts = ImportCounts()
    tracks_edits = label is not None
    found: list[str] = [] if conflicts is None else conflicts
    rows = model._default_manager.all()
    if tracks_edits:
        rows = rows.select_related("edited_by")
    existing = {key(obj): obj for obj in rows}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    agreed: list[int] = []  # edited rows the files agree with: only the marks clear

    def edited(obj: Any) -> bool:
        return tracks_edits and obj.edited_at is not None

    def conflict(obj: Any, what: str, action: str, advice: str = "") -> None:
        name = label(obj) if label is not None else str(obj)
        found.append(f"{action} {what} {name} ({_who_and_when(obj)}){advice}")

    for natural_key, values in desired.items():
        values = {**values, "archived": False}
        obj = existing.get(natural_key)
        if obj is None:
            to_create.append(model(**values))
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed and edited(obj) and not overwrite:
            conflict(obj, "browser edit of", "kept", "; use --overwrite to take the file's")
            counts.kept += 1
            continue
        if changed:
            if edited(obj):
                conflict(obj, "browser edit of", "replaced")
                values = {**values, "edited_at": None, "edited_by": None}
                changed += ["edited_at", "edited_by"]
            for name in changed:
                setattr(obj, name, values[name])
            changed_fields.update(changed)
            to_update.append(obj)
        else:
            if edited(obj):
                agreed.append(obj.pk)
            counts.unchanged += 1
    to_archive = []
    archive_fields = ["archived"]
    for natural_key, obj in existing.items():
        if natural_key in desired or obj.archived:  # type: ignore[attr-defined]
            continue
        if edited(obj):
            if not overwrite:
                # Most often an item created in the browser and not exported yet.
                conflict(
                    obj,
                    "browser-edited",
                    "kept",
                    ", which the files lack; use --overwrite to archive it",
                )
                counts.kept += 1
                continue
            conflict(obj, "browser-edited", "archived")
            obj.edited_at = obj.edited_by = None  # type: ignore[attr-defined]
            archive_fields = ["archived", "edited_at", "edited_by"]
        obj.archived = True  # type: ignore[attr-defined]
        to_archive.append(obj)
    model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields))
    if to_archive:
        model._default_manager.bulk_update(to_archive, archive_fields)
    if agreed:
        model._default_manager.filter(pk__in=agreed).update(edited_at=None, edited_by=None)
    counts.created, counts.updated, counts.archived = (
        len(to_create),
        len(to_update),
        len(to_archive),
    )
    return counts


def fact_values(fact: FactData, topic_id: int, order: int) -> dict[str, Any]:
    """A Fact row's field values for a checked fact: what import and the workspace save."""
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


def _places(items: Sequence[Any], name: Callable[[Any], str]) -> dict[str, int]:
    """Each item's natural key -> its position within its topic's file."""
    positions = _positions(items)
    return {name(item): positions[id(item)] for item in items}


def question_values(q: AuthoredQuestionData, *, topic_id: int, order: int) -> dict[str, Any]:
    """An AuthoredQuestion row's field values for a checked question: what import, GIFT and
    Aiken drafts, and the workspace editor save."""
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
        "tags": list(q.tags),
    }


@transaction.atomic
def content_import(
    *,
    pack: ContentPack,
    overwrite: bool = False,
    digest: str = "",
    path: Path | str = "",
) -> ImportReport:
    """Upsert `pack` by natural keys and archive what it no longer has, in one transaction.

    Rows edited in the browser since the files last agreed with them are kept (and listed
    in the report's conflicts) unless `overwrite`. With `digest`, the import is recorded
    (ContentImport) so a start-up can tell whether the files changed since.
    """
    report = ImportReport()
    tracked: dict[str, Any] = {"overwrite": overwrite, "conflicts": report.conflicts}
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
    topic_slugs = {pk: slug for slug, pk in topic_ids.items()}
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
        label=lambda lesson: f"lesson {topic_slugs[lesson.topic_id]}/{lesson.slug}",
        **tracked,
    )
    positions = _positions(pack.facts)
    report.counts["facts"] = _sync(
        Fact,
        key=lambda f: f.key,
        desired={f.key: fact_values(f, topic_ids[f.topic], positions[id(f)]) for f in pack.facts},
        label=lambda fact: f"fact {fact.key}",
        **tracked,
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
        label=lambda table: f"table {table.slug}",
        **tracked,
    )
    positions = _positions(pack.questions)
    report.counts["questions"] = _sync(
        AuthoredQuestion,
        key=lambda q: q.key,
        desired={
            q.id: question_values(q, topic_id=topic_ids[q.topic], order=positions[id(q)])
            for q in pack.questions
        },
        label=lambda question: f"question {question.key}",
        **tracked,
    )
    # Bulk writes send no signals: every cached rendering of the old course goes at once.
    content_version_bump()
    if digest:
        content_import_record(digest=digest, path=path)
    return report


def content_export_agreed(
    *, pack: ContentPack, since: datetime, digest: str, path: Path | str
) -> int:
    """After export_content wrote `pack` (the live course) to the folder the app imports
    from: the files hold every browser edit made before `since`, so those rows count as
    agreeing with the files again, each row takes the position the files give it, and the
    files' digest is recorded so the next start-up does not import them back. Returns how
    many rows lost their edit mark."""
    cleared = 0
    with transaction.atomic():
        files: tuple[tuple[type[TopicContent], str, dict[str, int]], ...] = (
            (Fact, "key", _places(pack.facts, lambda f: f.key)),
            (ComparisonTable, "slug", _places(pack.tables, lambda t: t.slug)),
            (AuthoredQuestion, "key", _places(pack.questions, lambda q: q.id)),
        )
        for model, field_name, places in files:
            # A row's order is its place in its file: gaps (left by archived rows, or an
            # item added in the browser at the end) close up as an import would close them.
            moved = []
            for row in model._default_manager.filter(**{f"{field_name}__in": list(places)}):
                place = places[getattr(row, field_name)]
                if row.order != place:
                    row.order = place
                    moved.append(row)
            model._default_manager.bulk_update(moved, ["order"])
        for model in EDITABLE_MODELS:
            # Live rows were written out; archived rows are absent from the files, as an
            # import would leave them. Edits made while the export ran stay marked.
            cleared += (
                model._default_manager.filter(edited_at__lte=since)
                .filter(live_q() | Q(archived=True))
                .update(edited_at=None, edited_by=None)
            )
        content_import_record(digest=digest, path=path)
    return cleared


def lesson_mark_studied(*, user: User, lesson: Lesson) -> StudiedLesson:
    studied, _ = StudiedLesson.objects.get_or_create(user=user, lesson=lesson)
    return studied


def lesson_unmark_studied(*, user: User, lesson: Lesson) -> None:
    StudiedLesson.objects.filter(user=user, lesson=lesson).delete()


@transaction.atomic
def question_drafts_import(
    *, topic: Topic, questions: Sequence[AuthoredQuestionData], by: User | None = None
) -> list[AuthoredQuestion]:
    """Add checked questions (GIFT or Aiken) to `topic` as drafts, after its other questions.

    They are not in content/ yet, so they carry the browser-edit mark: import_content keeps
    them until export_content writes them to the files."""
    last = AuthoredQuestion.objects.filter(topic=topic).aggregate(last=Max("order"))["last"]
    now = timezone.now()
    return AuthoredQuestion.objects.bulk_create(
        [
            AuthoredQuestion(
                **{
                    **question_values(q, topic_id=topic.pk, order=(last or 0) + position),
                    "status": AuthoredQuestion.Status.DRAFT,
                    "edited_at": now,
                    "edited_by": by,
                }
            )
            for position, q in enumerate(questions, start=1)
        ]
    )
