"""Load and validate a whole content folder (see content/README.md) into a ContentPack.

`load_pack` reports every problem it finds, each with its file and line or field, before
anything touches the database: an import either loads the whole pack or changes nothing.
"""

import string
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from studyguide.content.fields import Record, column_limit
from studyguide.content.lessons import check_lesson_references, load_lessons
from studyguide.content.patterns import COLUMN_KEY_RE, FACT_KEY_RE
from studyguide.content.problems import ContentError, ContentProblem, Problems
from studyguide.content.questions import check_question_references, load_questions
from studyguide.content.yaml_lines import line_of, read_list_file
from studyguide.models import ComparisonTable, Fact, Topic
from studyguide.records import (
    AuthoredQuestionData,
    ContentPack,
    FactData,
    FactValue,
    LegacyValue,
    LessonData,
    TableColumn,
    TableData,
    TableRow,
    TopicData,
)

TOPIC_FILES = ("facts.yaml", "tables.yaml", "questions.yaml", "lessons")
MAX_EXAM_WEIGHT = 100


def default_diagrams_dir() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "static" / "diagrams"


def load_pack(path: Path, *, diagrams_dir: Path | None = None) -> ContentPack:
    """Parse and validate the content folder at `path`; raise ContentError listing all problems."""
    root = Path(path)
    diagrams_dir = default_diagrams_dir() if diagrams_dir is None else Path(diagrams_dir)
    problems = Problems()
    if not root.is_dir():
        raise ContentError([ContentProblem(str(root), None, "", "is not a folder")])

    diagrams = (
        frozenset(p.stem for p in diagrams_dir.glob("*.svg"))
        if diagrams_dir.is_dir()
        else frozenset()
    )
    topics = _load_topics(problems, root)
    topic_slugs = [t.slug for t, _ in topics]

    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name == "topics.yaml":
            continue
        if entry.is_file() and entry.suffix == ".md":
            continue  # documentation such as README.md
        if entry.is_dir() and entry.name not in topic_slugs:
            problems.add(
                entry.name, None, "", "is a folder for a topic that topics.yaml does not list"
            )
        elif entry.is_file():
            problems.add(entry.name, None, "", "is not part of the content format (see README.md)")

    facts: list[FactData] = []
    tables: list[TableData] = []
    questions: list[tuple[AuthoredQuestionData, int | None]] = []  # with the item's line
    lessons: list[tuple[LessonData, str, int]] = []  # with file and first body line
    facts_complete = True
    for topic, line in topics:
        folder = root / topic.slug
        if not folder.is_dir():
            # Importing a topic without its folder would archive all of its content.
            problems.add(
                "topics.yaml",
                line,
                topic.slug,
                f"topic {topic.slug!r} has no folder {topic.slug}/ next to topics.yaml",
            )
            continue
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.name in TOPIC_FILES:
                continue
            rel = entry.relative_to(root).as_posix()
            hint = " (lessons go in lessons/)" if entry.suffix == ".md" else ""
            problems.add(rel, None, "", f"is not part of the content format{hint}")
        if (folder / "facts.yaml").is_file():
            items, parsed = read_list_file(problems, root, folder / "facts.yaml")
            facts_complete &= parsed
            facts.extend(load_facts(problems, f"{topic.slug}/facts.yaml", topic.slug, items))
        if (folder / "tables.yaml").is_file():
            items, _ = read_list_file(problems, root, folder / "tables.yaml")
            tables.extend(_load_tables(problems, f"{topic.slug}/tables.yaml", topic.slug, items))
        if (folder / "questions.yaml").is_file():
            items, _ = read_list_file(problems, root, folder / "questions.yaml")
            questions.extend(
                load_questions(problems, f"{topic.slug}/questions.yaml", topic.slug, items)
            )
        if (folder / "lessons").is_dir():
            lessons.extend(load_lessons(problems, root, folder / "lessons", topic.slug))

    _check_unique(problems, ((f.key, f"{f.topic}/facts.yaml") for f in facts), "fact key")
    _check_unique(problems, ((t.slug, f"{t.topic}/tables.yaml") for t in tables), "table slug")
    _check_unique(
        problems, ((q.id, f"{q.topic}/questions.yaml") for q, _ in questions), "question id"
    )

    fact_keys = {f.key for f in facts}
    table_slugs = {t.slug for t in tables}
    for lesson, rel, first_line in lessons:
        check_lesson_references(
            problems, lesson, rel, first_line, fact_keys, table_slugs, diagrams, facts_complete
        )
    check_question_references(
        problems,
        questions,
        fact_keys=fact_keys if facts_complete else None,
        lesson_slugs={(lesson.topic, lesson.slug) for lesson, _, _ in lessons},
    )

    if problems.items:
        raise ContentError(problems.items)
    return ContentPack(
        topics=tuple(topic for topic, _ in topics),
        lessons=tuple(lesson for lesson, _, _ in lessons),
        facts=tuple(facts),
        tables=tuple(tables),
        questions=tuple(question for question, _ in questions),
        diagrams=diagrams,
    )


def _check_unique(problems: Problems, pairs: Iterable[tuple[str, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for value, rel in pairs:
        if not value:
            continue
        if value in seen:
            problems.add(rel, None, value, f"duplicate {what} {value!r} (also in {seen[value]})")
        else:
            seen[value] = rel


def _load_topics(problems: Problems, root: Path) -> list[tuple[TopicData, int | None]]:
    """The topics in study order, each with the line it starts on."""
    path = root / "topics.yaml"
    if not path.is_file():
        problems.add("topics.yaml", None, "", "is missing: it lists every topic in study order")
        return []
    items, _ = read_list_file(problems, root, path)
    topics: list[tuple[TopicData, int | None]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        record = Record(problems, "topics.yaml", f"[{index}]", item)
        if not record.ok:
            continue
        record.check_fields(("slug", "title", "summary", "exam_weight"))
        slug = record.slug("slug", limit=column_limit(Topic, "slug"))
        topic = TopicData(
            slug=slug,
            title=record.text("title", limit=column_limit(Topic, "title")),
            summary=record.text("summary"),
            order=index + 1,
            exam_weight=record.positive_integer("exam_weight", maximum=MAX_EXAM_WEIGHT),
        )
        if slug in seen:
            record.problem("slug", f"duplicate topic slug {slug!r}")
        elif slug:
            seen.add(slug)
            topics.append((topic, line_of(item)))
    return topics


def load_facts(problems: Problems, rel: str, topic: str, items: list[Any]) -> Iterator[FactData]:
    for index, item in enumerate(items):
        record = Record(problems, rel, f"[{index}]", item)
        if not record.ok:
            continue
        key = record.data.get("key")
        if isinstance(key, str) and key:
            record.where = key
        record.check_fields(
            ("key", "name", "statement", "value", "unit", "source_url", "as_of"),
            ("legacy", "verified"),
        )
        key = record.slug(
            "key",
            FACT_KEY_RE,
            "a dotted lowercase key like sqs.retention.max",
            limit=column_limit(Fact, "key"),
        )
        value = (
            record.fact_value("value", limit=column_limit(Fact, "value"))
            if "value" in record.data
            else ""
        )
        as_of = record.date("as_of")
        legacy = None
        if "legacy" in record.data:
            legacy = _load_legacy(problems, rel, record, value, as_of)
        yield FactData(
            key=key,
            topic=topic,
            name=record.text("name", limit=column_limit(Fact, "name")),
            statement=record.text("statement"),
            value=value,
            unit=record.text("unit", allow_empty=True, limit=column_limit(Fact, "unit")),
            source_url=record.url("source_url", limit=column_limit(Fact, "source_url")),
            as_of=as_of,
            legacy=legacy,
            verified=record.boolean("verified", True),
        )


def _load_legacy(
    problems: Problems, rel: str, parent: Record, value: FactValue, as_of: date
) -> LegacyValue | None:
    record = Record(problems, rel, parent.field("legacy"), parent.data["legacy"])
    if not record.ok:
        return None
    record.check_fields(("value", "year"))
    legacy_value = (
        record.fact_value("value", limit=column_limit(Fact, "legacy_value"))
        if "value" in record.data
        else ""
    )
    year = record.data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        record.problem("year", "must be a year such as 2019")
        year = 0
    elif as_of != date.min and year > as_of.year:
        record.problem("year", f"{year} is after the as_of date: a legacy value is an older one")
    if legacy_value != "" and legacy_value == value:
        record.problem("value", "is the same as the current value: drop the legacy block")
    if not record.ok:
        return None
    return LegacyValue(value=legacy_value, year=year)


def _check_question_template(record: Record, template: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        record.problem("question", "has an unmatched { or }")
        return
    if names - {"subject"}:
        record.problem("question", "may only use the placeholder {subject}")


def _load_tables(problems: Problems, rel: str, topic: str, items: list[Any]) -> Iterator[TableData]:
    for index, item in enumerate(items):
        record = Record(problems, rel, f"[{index}]", item)
        if not record.ok:
            continue
        slug = record.data.get("slug")
        if isinstance(slug, str) and slug:
            record.where = slug
        record.check_fields(
            ("slug", "title", "subject", "caption", "source_url", "as_of", "columns", "rows")
        )
        columns: list[TableColumn] = []
        for c_index, column_item in enumerate(record.items("columns")):
            column = Record(problems, rel, record.field(f"columns[{c_index}]"), column_item)
            if not column.ok:
                continue
            column.check_fields(("key", "label"), ("question",))
            key = column.slug("key", COLUMN_KEY_RE, "a column key like threads or multi_az")
            if key in {c.key for c in columns}:
                column.problem("key", f"duplicate column key {key!r}")
            question = column.text("question")
            if question:
                _check_question_template(column, question)
            columns.append(TableColumn(key=key, label=column.text("label"), question=question))
        if "columns" in record.data and not columns:
            record.problem("columns", "a table needs at least one column")
        column_keys = [c.key for c in columns]
        rows: list[TableRow] = []
        for r_index, row_item in enumerate(record.items("rows")):
            row = Record(problems, rel, record.field(f"rows[{r_index}]"), row_item)
            if not row.ok:
                continue
            row.check_fields(("label", "cells"))
            label = row.text("label")
            if label and label in {r.label for r in rows}:
                row.problem("label", f"duplicate row label {label!r}")
            cells_record = Record(problems, rel, row.field("cells"), row.data.get("cells", {}))
            cells: dict[str, str] = {}
            if cells_record.ok:
                for key in column_keys:
                    if key not in cells_record.data:
                        row.problem("cells", f"row {label!r} has no cell for column {key!r}")
                    else:
                        cells[key] = cells_record.text(key)
                for key in cells_record.data:
                    if key not in column_keys:
                        cells_record.problem(key, f"{key!r} is not one of the table's columns")
            rows.append(TableRow(label=label, cells=cells))
        if "rows" in record.data and not rows:
            record.problem("rows", "a table needs at least one row")
        yield TableData(
            slug=record.slug("slug", limit=column_limit(ComparisonTable, "slug")),
            topic=topic,
            title=record.text("title", limit=column_limit(ComparisonTable, "title")),
            subject=record.text("subject", limit=column_limit(ComparisonTable, "subject")),
            caption=record.text("caption"),
            source_url=record.url("source_url", limit=column_limit(ComparisonTable, "source_url")),
            as_of=record.date("as_of"),
            columns=tuple(columns),
            rows=tuple(rows),
        )
