"""One item at a time, the content importer's own rules: what the workspace editors, the
admin and the importer share, so an item invalid in a file is invalid everywhere.

Each function takes an item in its file form (the mapping questions.yaml or facts.yaml
holds, or a lesson's fields) and returns the checked record, or None, with the problems
grouped by the field they belong to ("" for the item as a whole).
"""

from collections.abc import Iterable
from typing import Any

from studyguide.content.lessons import check_lesson_references
from studyguide.content.loading import default_diagrams_dir, load_facts
from studyguide.content.problems import ContentProblem, Problems
from studyguide.content.questions import check_question_references, load_questions
from studyguide.records import AuthoredQuestionData, FactData, LessonData

FieldErrors = dict[str, list[str]]


QUESTION_FIELDS = frozenset(
    [
        "id",
        "kind",
        "style",
        "status",
        "lesson",
        "prompt",
        "explanation",
        "choices",
        "answer",
        "tolerance",
        "unit",
        "facts",
        "tags",
    ]
)
FACT_FIELDS = frozenset(
    ["key", "name", "statement", "value", "unit", "source_url", "as_of", "legacy", "verified"]
)


def field_of(problem: ContentProblem, fields: frozenset[str]) -> str:
    """The item's field a problem is about ("q-id.choices[2].why" -> "choices"), or "" for
    the item as a whole. Keys may hold dots, so the first known field name wins."""
    for part in problem.field.split(".")[1:]:
        name = part.split("[", 1)[0]
        if name in fields:
            return name
    return ""


def group_problems(problems: Iterable[ContentProblem], fields: frozenset[str]) -> FieldErrors:
    errors: FieldErrors = {}
    for problem in problems:
        errors.setdefault(field_of(problem, fields), []).append(problem.message)
    return errors


def database_references() -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """Fact keys, (topic, lesson) slugs and table slugs an item may point at: the live
    course in the database."""
    from studyguide.models import ComparisonTable, Fact, Lesson

    return (
        set(Fact.objects.live().values_list("key", flat=True)),
        set(Lesson.objects.live().values_list("topic__slug", "slug")),
        set(ComparisonTable.objects.live().values_list("slug", flat=True)),
    )


def validate_question(
    item: dict[str, Any],
    *,
    topic: str,
    fact_keys: set[str] | None = None,
    lesson_slugs: set[tuple[str, str]] | None = None,
) -> tuple[AuthoredQuestionData | None, FieldErrors]:
    """`item` in questions.yaml form, checked as import_content checks it, including that
    its facts and lesson exist (in the database unless the sets are given)."""
    if fact_keys is None or lesson_slugs is None:
        db_facts, db_lessons, _ = database_references()
        fact_keys = db_facts if fact_keys is None else fact_keys
        lesson_slugs = db_lessons if lesson_slugs is None else lesson_slugs
    problems = Problems()
    loaded = list(load_questions(problems, f"{topic}/questions.yaml", topic, [item]))
    check_question_references(problems, loaded, fact_keys=fact_keys, lesson_slugs=lesson_slugs)
    if problems.items:
        return None, group_problems(problems.items, QUESTION_FIELDS)
    return loaded[0][0], {}


def validate_fact(item: dict[str, Any], *, topic: str) -> tuple[FactData | None, FieldErrors]:
    """`item` in facts.yaml form, checked as import_content checks it."""
    problems = Problems()
    loaded = list(load_facts(problems, f"{topic}/facts.yaml", topic, [item]))
    if problems.items or not loaded:
        return None, group_problems(problems.items, FACT_FIELDS)
    return loaded[0], {}


def validate_lesson_body(
    lesson: LessonData,
    *,
    fact_keys: set[str] | None = None,
    table_slugs: set[str] | None = None,
) -> list[str]:
    """What is wrong with a lesson's Markdown: unknown {{fact:...}} or {{table:...}}
    tokens and diagrams, each with its line in the body."""
    if fact_keys is None or table_slugs is None:
        db_facts, _, db_tables = database_references()
        fact_keys = db_facts if fact_keys is None else fact_keys
        table_slugs = db_tables if table_slugs is None else table_slugs
    diagrams_dir = default_diagrams_dir()
    diagrams = (
        frozenset(p.stem for p in diagrams_dir.glob("*.svg"))
        if diagrams_dir.is_dir()
        else frozenset()
    )
    problems = Problems()
    check_lesson_references(
        problems,
        lesson,
        "",
        1,
        fact_keys,
        table_slugs,
        diagrams,
        facts_complete=True,
    )
    return [f"line {p.line}: {p.message}" if p.line else p.message for p in problems.items]
