"""Read and write the content folder (see content/README.md).

`load_pack` validates the whole folder and reports every problem it finds, each with its
file and line (from PyYAML's marks) or field, before anything touches the database.
`dump_pack` writes a pack back out in one canonical YAML style, so that a pack written
in that style survives load -> dump byte for byte.
"""

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from studyguide.records import (
    AuthoredQuestionData,
    ChoiceData,
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

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACT_KEY_RE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*(?:\.[a-z0-9]+(?:[_-][a-z0-9]+)*)+$")
COLUMN_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
LESSON_FILE_RE = re.compile(r"^(\d+)-(.+)\.md$")
# Tokens a lesson body may hold; anything else between {{ }} is a typo worth reporting.
TOKEN_RE = re.compile(r"\{\{(.*?)\}\}")
FACT_TOKEN_RE = re.compile(r"\{\{fact:([^{}\s]+)\}\}")
TABLE_TOKEN_RE = re.compile(r"\{\{table:([^{}\s]+)\}\}")
DIAGRAM_RE = re.compile(r"!\[([^\]]*)\]\(diagram:([^)\s]*)\)")
QUESTION_KINDS = ("single", "multiple", "numeric")
# The database keeps numbers as DECIMAL(30, 10).
MAX_INTEGER_DIGITS = 20
MAX_DECIMAL_PLACES = 10


@dataclass(frozen=True)
class ContentProblem:
    file: str  # relative to the content folder
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        if self.field:
            where += f" ({self.field})"
        return f"{where}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the content:\n" + self.report())

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


# ---------------------------------------------------------------------------------------
# YAML with line numbers


class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


@dataclass(frozen=True)
class _BadScalar:
    """A scalar PyYAML recognised but could not build (a date like 2026-13-40)."""

    text: str


class _Loader(yaml.SafeLoader):
    duplicate_keys: list[tuple[Any, int]]


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            loader.duplicate_keys.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> Decimal | _BadScalar:
    # Keep the exact decimal the author wrote (0.1, 1.50): binary floats would not.
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return _BadScalar(text)
    return number if number.is_finite() else _BadScalar(text)


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return _BadScalar(str(node.value))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _line_of(container: Any, key: Any = None) -> int | None:
    if isinstance(container, _Mapping):
        if key is not None and key in container.key_lines:
            return container.key_lines[key]
        return container.line or None
    return None


# ---------------------------------------------------------------------------------------
# Validation helpers


class _Problems:
    def __init__(self) -> None:
        self.items: list[ContentProblem] = []

    def add(self, file: str, line: int | None, field: str, message: str) -> None:
        self.items.append(ContentProblem(file=file, line=line, field=field, message=message))


class _Record:
    """Typed access to one YAML mapping that records a problem for each bad field."""

    def __init__(self, problems: _Problems, file: str, where: str, data: Any):
        self.problems = problems
        self.file = file
        self.where = where
        self.ok = isinstance(data, dict)
        self.data: dict = data if isinstance(data, dict) else {}
        self.line = _line_of(data)
        if not self.ok:
            problems.add(file, None, where, "must be a mapping of field: value")

    def field(self, name: str) -> str:
        return f"{self.where}.{name}"

    def problem(self, name: str, message: str) -> None:
        self.problems.add(
            self.file, _line_of(self.data, name) or self.line, self.field(name), message
        )
        self.ok = False

    def check_fields(self, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        required = tuple(required)
        allowed = set(required) | set(optional)
        for name in required:
            if name not in self.data:
                self.problems.add(self.file, self.line, self.field(name), f"missing field {name!r}")
                self.ok = False
        for name in self.data:
            if name not in allowed:
                self.problem(
                    name, f"unknown field {name!r} (allowed: {', '.join(sorted(allowed))})"
                )

    def text(self, name: str, *, allow_empty: bool = False, default: str | None = None) -> str:
        if name not in self.data:
            return default if default is not None else ""
        value = self.data[name]
        if isinstance(value, bool):
            self.problem(
                name,
                "must be text, but YAML reads a bare yes/no/true/false/on/off as true or "
                'false: put it in quotes ("No")',
            )
            return ""
        if not isinstance(value, str):
            self.problem(name, f"must be text, not {type(value).__name__} (put it in quotes)")
            return ""
        if not allow_empty and not value.strip():
            self.problem(name, "must not be empty")
        return value

    def slug(self, name: str, pattern: re.Pattern[str] = SLUG_RE, what: str = "a slug") -> str:
        value = self.text(name)
        if value and not pattern.match(value):
            self.problem(name, f"{value!r} is not {what}")
        return value

    def url(self, name: str) -> str:
        value = self.text(name)
        if value:
            parts = urlsplit(value)
            if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in value):
                self.problem(name, f"{value!r} must be an https:// URL")
        return value

    def date(self, name: str) -> date:
        value = self.data.get(name)
        if isinstance(value, datetime):
            self.problem(name, "must be a date like 2026-11-01, without a time")
        elif isinstance(value, date):
            return value
        elif isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                self.problem(name, f"{value!r} is not a date like 2026-11-01")
        elif name in self.data:
            shown = value.text if isinstance(value, _BadScalar) else value
            self.problem(name, f"{shown!r} is not a date like 2026-11-01")
        return date.min

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.problem(name, "must be true or false")
            return default
        return value

    def number(self, name: str) -> Decimal | None:
        value = self.data.get(name)
        number = _as_number(value)
        if number is None:
            self.problem(name, "must be a number")
        elif error := _number_error(number):
            self.problem(name, error)
            return None
        return number

    def fact_value(self, name: str) -> FactValue:
        value = self.data.get(name)
        number = _as_number(value)
        if number is not None:
            if error := _number_error(number):
                self.problem(name, error)
            return number
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, bool):
            self.problem(name, "must be a number or text: put yes/no/true/false in quotes")
        elif isinstance(value, (date, _BadScalar)):
            self.problem(name, "must be a number or text: put a date value in quotes")
        else:
            self.problem(name, "must be a number or a short text")
        return ""

    def items(self, name: str, *, required: bool = True) -> list:
        value = self.data.get(name)
        if value is None:
            if required and name in self.data:
                self.problem(name, "must be a list")
            return []
        if not isinstance(value, list):
            self.problem(name, "must be a list")
            return []
        return value


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    return None


def _number_error(number: Decimal) -> str:
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    integer_digits = max(0, len(digits) + exponent)
    if places > MAX_DECIMAL_PLACES or integer_digits > MAX_INTEGER_DIGITS:
        return (
            f"{number} has too many digits (at most {MAX_INTEGER_DIGITS} before and "
            f"{MAX_DECIMAL_PLACES} after the point)"
        )
    return ""


def _read_yaml(problems: _Problems, root: Path, path: Path) -> tuple[Any, bool]:
    """The parsed file and whether it parsed; YAML errors become problems."""
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(rel, None, "", "is not UTF-8 text")
        return None, False
    return _parse_yaml(problems, rel, text, line_offset=0)


def _parse_yaml(problems: _Problems, rel: str, text: str, *, line_offset: int) -> tuple[Any, bool]:
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        problems.add(rel, line, "", f"is not valid YAML: {reason}")
        return None, False
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        problems.add(rel, line + line_offset, str(key), f"field {key!r} appears twice")
    if line_offset:
        _shift_lines(data, line_offset)
    return data, True


def _shift_lines(data: Any, offset: int) -> None:
    if isinstance(data, _Mapping):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, list):
        for value in data:
            _shift_lines(value, offset)


def _list_file(problems: _Problems, root: Path, path: Path) -> tuple[list, bool]:
    data, parsed = _read_yaml(problems, root, path)
    if not parsed:
        return [], False
    if data is None:
        return [], True
    if not isinstance(data, list):
        problems.add(path.relative_to(root).as_posix(), None, "", "must be a list of items")
        return [], False
    return data, True


def _line_in(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


# ---------------------------------------------------------------------------------------
# Loading


def default_diagrams_dir() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "static" / "diagrams"


def load_pack(path: Path, *, diagrams_dir: Path | None = None) -> ContentPack:
    """Parse and validate the content folder at `path`; raise ContentError listing all problems."""
    root = Path(path)
    diagrams_dir = default_diagrams_dir() if diagrams_dir is None else Path(diagrams_dir)
    problems = _Problems()
    if not root.is_dir():
        raise ContentError([ContentProblem(str(root), None, "", "is not a folder")])

    diagrams = (
        frozenset(p.stem for p in diagrams_dir.glob("*.svg"))
        if diagrams_dir.is_dir()
        else frozenset()
    )
    topics = _load_topics(problems, root)
    topic_slugs = [t.slug for t in topics]

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
    questions: list[AuthoredQuestionData] = []
    lessons: list[tuple[LessonData, str, int]] = []  # with file and first body line
    facts_complete = True
    for topic in topics:
        folder = root / topic.slug
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.name in (
                "facts.yaml",
                "tables.yaml",
                "questions.yaml",
                "lessons",
            ):
                continue
            rel = entry.relative_to(root).as_posix()
            hint = " (lessons go in lessons/)" if entry.suffix == ".md" else ""
            problems.add(rel, None, "", f"is not part of the content format{hint}")
        if (folder / "facts.yaml").is_file():
            items, parsed = _list_file(problems, root, folder / "facts.yaml")
            facts_complete &= parsed
            facts.extend(_load_facts(problems, f"{topic.slug}/facts.yaml", topic.slug, items))
        if (folder / "tables.yaml").is_file():
            items, _ = _list_file(problems, root, folder / "tables.yaml")
            tables.extend(_load_tables(problems, f"{topic.slug}/tables.yaml", topic.slug, items))
        if (folder / "questions.yaml").is_file():
            items, _ = _list_file(problems, root, folder / "questions.yaml")
            questions.extend(
                _load_questions(problems, f"{topic.slug}/questions.yaml", topic.slug, items)
            )
        if (folder / "lessons").is_dir():
            lessons.extend(_load_lessons(problems, root, folder / "lessons", topic.slug))

    _check_unique(problems, ((f.key, f"{f.topic}/facts.yaml") for f in facts), "fact key")
    _check_unique(problems, ((t.slug, f"{t.topic}/tables.yaml") for t in tables), "table slug")
    _check_unique(problems, ((q.id, f"{q.topic}/questions.yaml") for q in questions), "question id")

    fact_keys = {f.key for f in facts}
    table_slugs = {t.slug for t in tables}
    for lesson, rel, first_line in lessons:
        _check_lesson_references(
            problems, lesson, rel, first_line, fact_keys, table_slugs, diagrams, facts_complete
        )
    if facts_complete:
        for question in questions:
            for key in question.facts:
                if key not in fact_keys:
                    problems.add(
                        f"{question.topic}/questions.yaml",
                        None,
                        f"{question.id}.facts",
                        f"fact {key!r} does not exist",
                    )

    if problems.items:
        raise ContentError(problems.items)
    return ContentPack(
        topics=tuple(topics),
        lessons=tuple(lesson for lesson, _, _ in lessons),
        facts=tuple(facts),
        tables=tuple(tables),
        questions=tuple(questions),
        diagrams=diagrams,
    )


def _check_unique(problems: _Problems, pairs: Iterable[tuple[str, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for value, rel in pairs:
        if not value:
            continue
        if value in seen:
            problems.add(rel, None, value, f"duplicate {what} {value!r} (also in {seen[value]})")
        else:
            seen[value] = rel


def _load_topics(problems: _Problems, root: Path) -> list[TopicData]:
    path = root / "topics.yaml"
    if not path.is_file():
        problems.add("topics.yaml", None, "", "is missing: it lists every topic in study order")
        return []
    items, _ = _list_file(problems, root, path)
    topics: list[TopicData] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        record = _Record(problems, "topics.yaml", f"[{index}]", item)
        if not record.ok:
            continue
        record.check_fields(("slug", "title", "summary"))
        slug = record.slug("slug")
        topic = TopicData(
            slug=slug, title=record.text("title"), summary=record.text("summary"), order=index + 1
        )
        if slug in seen:
            record.problem("slug", f"duplicate topic slug {slug!r}")
        elif slug:
            seen.add(slug)
            topics.append(topic)
    return topics


def _load_facts(problems: _Problems, rel: str, topic: str, items: list) -> Iterator[FactData]:
    for index, item in enumerate(items):
        record = _Record(problems, rel, f"[{index}]", item)
        if not record.ok:
            continue
        key = record.data.get("key")
        if isinstance(key, str) and key:
            record.where = key
        record.check_fields(
            ("key", "name", "statement", "value", "unit", "source_url", "as_of"),
            ("legacy", "verified"),
        )
        key = record.slug("key", FACT_KEY_RE, "a dotted lowercase key like sqs.retention.max")
        value = record.fact_value("value") if "value" in record.data else ""
        as_of = record.date("as_of")
        legacy = None
        if "legacy" in record.data:
            legacy = _load_legacy(problems, rel, record, value, as_of)
        fact = FactData(
            key=key,
            topic=topic,
            name=record.text("name"),
            statement=record.text("statement"),
            value=value,
            unit=record.text("unit", allow_empty=True),
            source_url=record.url("source_url"),
            as_of=as_of,
            legacy=legacy,
            verified=record.boolean("verified", True),
        )
        yield fact


def _load_legacy(
    problems: _Problems, rel: str, parent: _Record, value: FactValue, as_of: date
) -> LegacyValue | None:
    record = _Record(problems, rel, parent.field("legacy"), parent.data["legacy"])
    if not record.ok:
        return None
    record.check_fields(("value", "year"))
    legacy_value = record.fact_value("value") if "value" in record.data else ""
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


def _load_tables(problems: _Problems, rel: str, topic: str, items: list) -> Iterator[TableData]:
    for index, item in enumerate(items):
        record = _Record(problems, rel, f"[{index}]", item)
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
            column = _Record(problems, rel, record.field(f"columns[{c_index}]"), column_item)
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
            row = _Record(problems, rel, record.field(f"rows[{r_index}]"), row_item)
            if not row.ok:
                continue
            row.check_fields(("label", "cells"))
            label = row.text("label")
            if label and label in {r.label for r in rows}:
                row.problem("label", f"duplicate row label {label!r}")
            cells_record = _Record(problems, rel, row.field("cells"), row.data.get("cells", {}))
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
            slug=record.slug("slug"),
            topic=topic,
            title=record.text("title"),
            subject=record.text("subject"),
            caption=record.text("caption"),
            source_url=record.url("source_url"),
            as_of=record.date("as_of"),
            columns=tuple(columns),
            rows=tuple(rows),
        )


def _check_question_template(record: _Record, template: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        record.problem("question", "has an unmatched { or }")
        return
    if names - {"subject"}:
        record.problem("question", "may only use the placeholder {subject}")


def _load_questions(
    problems: _Problems, rel: str, topic: str, items: list
) -> Iterator[AuthoredQuestionData]:
    for index, item in enumerate(items):
        record = _Record(problems, rel, f"[{index}]", item)
        if not record.ok:
            continue
        ident = record.data.get("id")
        if isinstance(ident, str) and ident:
            record.where = ident
        kind = record.data.get("kind")
        if kind == "numeric":
            record.check_fields(
                ("id", "kind", "prompt", "explanation", "answer"), ("tolerance", "unit", "facts")
            )
        else:
            record.check_fields(("id", "kind", "prompt", "explanation", "choices"), ("facts",))
            if kind not in QUESTION_KINDS:
                record.problem("kind", f"must be one of {', '.join(QUESTION_KINDS)}")
        choices = _load_choices(problems, rel, record, kind) if "choices" in record.data else []
        answer = record.number("answer") if kind == "numeric" and "answer" in record.data else None
        tolerance = Decimal(0)
        if kind == "numeric" and "tolerance" in record.data:
            tolerance = record.number("tolerance") or Decimal(0)
            if tolerance < 0:
                record.problem("tolerance", "must not be negative")
        facts: list[str] = []
        for f_index, key in enumerate(record.items("facts")):
            if not isinstance(key, str) or not FACT_KEY_RE.match(key):
                record.problem("facts", f"item {f_index + 1} ({key!r}) is not a fact key")
            else:
                facts.append(key)
        yield AuthoredQuestionData(
            id=record.slug("id"),
            topic=topic,
            kind=kind if isinstance(kind, str) else "",
            prompt=record.text("prompt"),
            explanation=record.text("explanation"),
            choices=tuple(choices),
            answer=answer,
            tolerance=tolerance,
            unit=record.text("unit", allow_empty=True),
            facts=tuple(facts),
        )


def _load_choices(problems: _Problems, rel: str, record: _Record, kind: Any) -> list[ChoiceData]:
    choices: list[ChoiceData] = []
    for c_index, item in enumerate(record.items("choices")):
        choice = _Record(problems, rel, record.field(f"choices[{c_index}]"), item)
        if not choice.ok:
            continue
        choice.check_fields(("text",), ("correct", "why"))
        text = choice.text("text")
        correct = choice.boolean("correct", False)
        why = choice.text("why")
        if not correct and "why" not in choice.data:
            choice.problem("why", f"wrong choice {text!r} needs a 'why' saying why it is wrong")
        if text and text in {c.text for c in choices}:
            choice.problem("text", f"two choices have the text {text!r}")
        choices.append(ChoiceData(text=text, correct=correct, why=why))
    correct_count = sum(c.correct for c in choices)
    if kind == "single" and correct_count != 1:
        record.problem(
            "choices",
            f"a single-answer question needs exactly one correct choice, not {correct_count}",
        )
    if kind == "multiple" and correct_count < 1:
        record.problem("choices", "a multiple-answer question needs at least one correct choice")
    if kind in ("single", "multiple") and len(choices) < 2:
        record.problem("choices", "a question needs at least two choices")
    return choices


def _load_lessons(
    problems: _Problems, root: Path, folder: Path, topic: str
) -> Iterator[tuple[LessonData, str, int]]:
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        rel = path.relative_to(root).as_posix()
        match = LESSON_FILE_RE.match(path.name)
        if not path.is_file() or not match or not SLUG_RE.match(match.group(2)):
            problems.add(rel, None, "", "a lesson file is named NN-lesson-slug.md")
            continue
        order, slug = int(match.group(1)), match.group(2)
        if slug in seen:
            problems.add(rel, None, "", f"duplicate lesson slug {slug!r} (also {seen[slug]})")
            continue
        seen[slug] = path.name
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.add(rel, None, "", "is not UTF-8 text")
            continue
        parsed = _split_front_matter(problems, rel, text)
        if parsed is None:
            continue
        front, body, body_line = parsed
        record = _Record(problems, rel, "front matter", front)
        if not record.ok:
            continue
        record.check_fields(("title", "summary"))
        if not body.strip():
            problems.add(rel, body_line, "body", "the lesson has no text")
        lesson = LessonData(
            slug=slug,
            topic=topic,
            title=record.text("title"),
            summary=record.text("summary"),
            order=order,
            body=body,
        )
        yield lesson, rel, body_line


def _split_front_matter(problems: _Problems, rel: str, text: str) -> tuple[Any, str, int] | None:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        problems.add(rel, 1, "front matter", "must start with a '---' line, then title and summary")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            front_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            front, ok = _parse_yaml(problems, rel, front_text, line_offset=1)
            if not ok:
                return None
            return front, body, index + 2
    problems.add(rel, 1, "front matter", "has no closing '---' line")
    return None


def _check_lesson_references(
    problems: _Problems,
    lesson: LessonData,
    rel: str,
    first_line: int,
    fact_keys: set[str],
    table_slugs: set[str],
    diagrams: frozenset[str],
    facts_complete: bool,
) -> None:
    body = lesson.body
    for match in TOKEN_RE.finditer(body):
        line = first_line + _line_in(body, match.start()) - 1
        token = match.group(0)
        if fact := FACT_TOKEN_RE.fullmatch(token):
            if facts_complete and fact.group(1) not in fact_keys:
                problems.add(
                    rel, line, "body", f"quotes fact {fact.group(1)!r}, which does not exist"
                )
        elif table := TABLE_TOKEN_RE.fullmatch(token):
            if table.group(1) not in table_slugs:
                problems.add(
                    rel, line, "body", f"shows table {table.group(1)!r}, which does not exist"
                )
            line_text = body[body.rfind("\n", 0, match.start()) + 1 :].split("\n", 1)[0]
            if line_text.strip() != token:
                problems.add(rel, line, "body", f"{token} must stand alone on its own line")
        else:
            problems.add(
                rel,
                line,
                "body",
                f"{token} is not a token: write {{{{fact:KEY}}}} or {{{{table:SLUG}}}}",
            )
    for match in DIAGRAM_RE.finditer(body):
        line = first_line + _line_in(body, match.start()) - 1
        alt, name = match.group(1), match.group(2)
        if not alt.strip():
            problems.add(rel, line, "body", f"diagram {name!r} needs alt text describing it")
        if name not in diagrams:
            problems.add(
                rel, line, "body", f"diagram {name!r} does not exist as static/diagrams/{name}.svg"
            )


# ---------------------------------------------------------------------------------------
# Writing


class _Flow(list):
    """A list written inline: facts: [a, b]."""


class _Quoted(str):
    """Text written in double quotes: a fact's text value, so it never reads as a number."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent lists under their key ("  columns:\n    - key: ...") as people write them.
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _represent_decimal(dumper: yaml.SafeDumper, number: Decimal) -> yaml.ScalarNode:
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return dumper.represent_scalar("tag:yaml.org,2002:int", format(number, "f"))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(number, "f"))


def _represent_flow(dumper: yaml.SafeDumper, items: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if text == "":
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_str(text)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(
    _Quoted, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)
_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )


def _quoted(value: FactValue) -> FactValue:
    return _Quoted(value) if isinstance(value, str) else value


def _fact_dict(fact: FactData) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": fact.key,
        "name": fact.name,
        "statement": fact.statement,
        "value": _quoted(fact.value),
        "unit": fact.unit,
        "source_url": fact.source_url,
        "as_of": fact.as_of,
    }
    if fact.legacy is not None:
        data["legacy"] = {"value": _quoted(fact.legacy.value), "year": fact.legacy.year}
    data["verified"] = fact.verified
    return data


def _table_dict(table: TableData) -> dict[str, Any]:
    columns = []
    for column in table.columns:
        item = {"key": column.key, "label": column.label}
        if column.question:
            item["question"] = column.question
        columns.append(item)
    return {
        "slug": table.slug,
        "title": table.title,
        "subject": table.subject,
        "caption": table.caption,
        "source_url": table.source_url,
        "as_of": table.as_of,
        "columns": columns,
        "rows": [
            {"label": row.label, "cells": {c.key: row.cells.get(c.key, "") for c in table.columns}}
            for row in table.rows
        ],
    }


def _question_dict(question: AuthoredQuestionData) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "kind": question.kind, "prompt": question.prompt}
    if question.kind == "numeric":
        data["answer"] = question.answer
        data["tolerance"] = question.tolerance
        if question.unit:
            data["unit"] = question.unit
    else:
        choices = []
        for choice in question.choices:
            item: dict[str, Any] = {"text": choice.text}
            if choice.correct:
                item["correct"] = True
            if choice.why:
                item["why"] = choice.why
            choices.append(item)
        data["choices"] = choices
    data["explanation"] = question.explanation
    data["facts"] = _Flow(question.facts)
    return data


def lesson_file_name(lesson: LessonData) -> str:
    return f"{lesson.order:02d}-{lesson.slug}.md"


def lesson_text(lesson: LessonData) -> str:
    return (
        "---\n"
        + dump_yaml({"title": lesson.title, "summary": lesson.summary})
        + "---\n"
        + lesson.body
    )


def dump_pack(pack: ContentPack, path: Path) -> list[Path]:
    """Write `pack` as content files under `path`; return the files written.

    Content files in `path` that the pack no longer has are removed, so the folder
    imports back to exactly this pack; other files (README.md) are left alone.
    """
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(target: Path, text: str) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        written.append(target)

    write(
        root / "topics.yaml",
        dump_yaml([{"slug": t.slug, "title": t.title, "summary": t.summary} for t in pack.topics]),
    )
    for topic in pack.topics:
        folder = root / topic.slug
        facts = [_fact_dict(f) for f in pack.facts if f.topic == topic.slug]
        tables = [_table_dict(t) for t in pack.tables if t.topic == topic.slug]
        questions = [_question_dict(q) for q in pack.questions if q.topic == topic.slug]
        for name, items in (("facts", facts), ("tables", tables), ("questions", questions)):
            if items:
                write(folder / f"{name}.yaml", dump_yaml(items))
        for lesson in sorted(
            (lesson for lesson in pack.lessons if lesson.topic == topic.slug),
            key=lambda lesson: (lesson.order, lesson.slug),
        ):
            write(folder / "lessons" / lesson_file_name(lesson), lesson_text(lesson))

    keep = set(written)
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        stale = [folder / f"{name}.yaml" for name in ("facts", "tables", "questions")]
        if (folder / "lessons").is_dir():
            stale.extend((folder / "lessons").glob("*.md"))
        for file in stale:
            if file.is_file() and file not in keep:
                file.unlink()
        for empty in (folder / "lessons", folder):
            if empty.is_dir() and not any(empty.iterdir()):
                empty.rmdir()
    return written
