"""Writes of the workspace's fact, lesson and interchange pages.

Every browser edit sets the row's `edited_at`/`edited_by` (so an import of the content
files leaves it alone) and adds a ChangeRecord saying who changed what. Saves go through
the model, so the content version moves on (studyguide's signals) and every cache built
from the course - rendered lessons, fact cards, question pools - is rebuilt from the new
values.
"""

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.formatting import format_value
from studyguide.interchange import READERS, LineProblem, check_questions, write_gift
from studyguide.models import AuthoredQuestion, Fact, Lesson, Topic
from studyguide.records import AuthoredQuestionData, FactData
from studyguide.services import fact_values, question_drafts_import
from workspace.models import ChangeRecord

# ---------------------------------------------------------------------------------------
# Facts

FACT_LABELS = {
    "value": "value",
    "unit": "unit",
    "name": "name",
    "statement": "statement",
    "source_url": "source URL",
    "as_of": "as-of date",
    "legacy": "legacy value",
    "verified": "verified",
}


def _fact_shown(data: FactData, field: str) -> str:
    if field == "value":
        return format_value(data.value, data.unit)
    if field == "legacy":
        legacy = data.legacy
        return (
            "none" if legacy is None else f"{format_value(legacy.value, data.unit)} ({legacy.year})"
        )
    if field == "verified":
        return "yes" if data.verified else "no"
    if field == "as_of":
        return data.as_of.isoformat()
    return str(getattr(data, field))


def fact_changes(*, old: FactData, new: FactData) -> list[str]:
    """What an edit changes, one phrase a field: short values in full, long text by name."""
    changes = []
    for field, label in FACT_LABELS.items():
        before, after = getattr(old, field), getattr(new, field)
        # 14 and 14.0 are equal numbers but differently written values.
        if before == after and (type(before), str(before)) == (type(after), str(after)):
            continue
        if field in ("statement", "name"):
            changes.append(f"{label} rewritten")
        else:
            changes.append(f"{label}: {_fact_shown(old, field)} → {_fact_shown(new, field)}")
    return changes


@transaction.atomic
def fact_update(*, fact: Fact, data: FactData, user: User) -> ChangeRecord | None:
    """Save a checked fact (validate_fact's record) over `fact`; None when nothing changed."""
    changes = fact_changes(old=fact.to_data(topic_slug=fact.topic.slug), new=data)
    if not changes:
        return None
    for name, value in fact_values(data, topic_id=fact.topic_id, order=fact.order).items():
        setattr(fact, name, value)
    fact.edited_at = timezone.now()
    fact.edited_by = user
    fact.save()
    return ChangeRecord.objects.create(
        subject=ChangeRecord.Subject.FACT,
        key=fact.key,
        action="edited",
        summary="; ".join(changes),
        user=user,
        at=fact.edited_at,
    )


# ---------------------------------------------------------------------------------------
# Lessons


def _line_counts(old: str, new: str) -> tuple[int, int]:
    added = removed = 0
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("+ "):
            added += 1
        elif line.startswith("- "):
            removed += 1
    return added, removed


def lesson_changes(*, lesson: Lesson, title: str, summary: str, body: str) -> list[str]:
    changes = []
    if title != lesson.title:
        changes.append(f"title: {lesson.title} → {title}")
    if summary != lesson.summary:
        changes.append("summary rewritten")
    if body != lesson.body:
        added, removed = _line_counts(lesson.body, body)
        changes.append(f"body: {added} line(s) added, {removed} removed")
    return changes


@transaction.atomic
def lesson_update(
    *, lesson: Lesson, title: str, summary: str, body: str, user: User
) -> ChangeRecord | None:
    """Save checked lesson fields over `lesson`; None when nothing changed."""
    changes = lesson_changes(lesson=lesson, title=title, summary=summary, body=body)
    if not changes:
        return None
    lesson.title, lesson.summary, lesson.body = title, summary, body
    lesson.edited_at = timezone.now()
    lesson.edited_by = user
    lesson.save()
    return ChangeRecord.objects.create(
        subject=ChangeRecord.Subject.LESSON,
        key=f"{lesson.topic.slug}/{lesson.slug}",
        action="edited",
        summary="; ".join(changes),
        user=user,
        at=lesson.edited_at,
    )


# ---------------------------------------------------------------------------------------
# GIFT and Aiken


@dataclass(frozen=True)
class QuestionFileCheck:
    questions: list[AuthoredQuestionData]
    problems: list[LineProblem]


def question_file_check(*, text: str, file_format: str, topic: Topic) -> QuestionFileCheck:
    """A whole GIFT or Aiken file read and checked with the importer's rules, as
    import_questions checks it: its questions, or every problem that refuses the file."""
    parsed = READERS[file_format](text, topic=topic.slug)
    taken = set(AuthoredQuestion.objects.values_list("key", flat=True))
    questions, problems = check_questions(parsed.questions, topic=topic.slug, taken_ids=taken)
    found = sorted([*parsed.problems, *problems], key=lambda p: p.line)
    if not found and not questions:
        found = [LineProblem(1, "the file holds no questions")]
    return QuestionFileCheck(questions=[] if found else questions, problems=found)


@transaction.atomic
def question_file_import(
    *,
    topic: Topic,
    questions: Sequence[AuthoredQuestionData],
    file_name: str,
    file_format: str,
    user: User,
) -> list[AuthoredQuestion]:
    """Add checked questions to `topic` as drafts, each with a ChangeRecord."""
    created = question_drafts_import(topic=topic, questions=questions)
    now = timezone.now()
    kind = file_format.upper() if file_format == "gift" else file_format.capitalize()
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord(
                subject=ChangeRecord.Subject.QUESTION,
                key=question.key,
                action="imported",
                summary=f"imported as a draft into {topic.slug} from the {kind} file {file_name}",
                user=user,
                at=now,
            )
            for question in created
        ]
    )
    return created


def questions_gift_export(*, grouped: dict[str, list[AuthoredQuestion]]) -> str:
    """The questions as GIFT, one $CATEGORY a topic."""
    return "\n".join(
        write_gift((q.to_data(topic_slug=slug) for q in questions), category=f"$course$/top/{slug}")
        for slug, questions in grouped.items()
    )
