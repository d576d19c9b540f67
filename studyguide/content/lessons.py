"""Lesson files: Markdown with a YAML front matter, and the tokens their bodies may hold."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from studyguide.content.fields import Record, column_limit
from studyguide.content.patterns import (
    DIAGRAM_RE,
    FACT_TOKEN_RE,
    LESSON_FILE_RE,
    SLUG_RE,
    TABLE_TOKEN_RE,
    TOKEN_RE,
)
from studyguide.content.problems import Problems
from studyguide.content.yaml_lines import line_in, parse_yaml, read_text
from studyguide.models import Lesson
from studyguide.records import LessonData


def load_lessons(
    problems: Problems, root: Path, folder: Path, topic: str
) -> Iterator[tuple[LessonData, str, int]]:
    """Each lesson with its file and the line its body starts on."""
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
        if len(slug) > (limit := column_limit(Lesson, "slug")):
            problems.add(
                rel, None, "", f"the lesson slug is {len(slug)} characters: at most {limit}"
            )
            continue
        seen[slug] = path.name
        text = read_text(problems, root, path)
        if text is None:
            continue
        parsed = _split_front_matter(problems, rel, text)
        if parsed is None:
            continue
        front, body, body_line = parsed
        record = Record(problems, rel, "front matter", front)
        if not record.ok:
            continue
        record.check_fields(("title", "summary"))
        if not body.strip():
            problems.add(rel, body_line, "body", "the lesson has no text")
        lesson = LessonData(
            slug=slug,
            topic=topic,
            title=record.text("title", limit=column_limit(Lesson, "title")),
            summary=record.text("summary"),
            order=order,
            body=body,
        )
        yield lesson, rel, body_line


def _split_front_matter(problems: Problems, rel: str, text: str) -> tuple[Any, str, int] | None:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        problems.add(rel, 1, "front matter", "must start with a '---' line, then title and summary")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            front_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            front, ok = parse_yaml(problems, rel, front_text, line_offset=1)
            if not ok:
                return None
            return front, body, index + 2
    problems.add(rel, 1, "front matter", "has no closing '---' line")
    return None


def check_lesson_references(
    problems: Problems,
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
        line = first_line + line_in(body, match.start()) - 1
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
        line = first_line + line_in(body, match.start()) - 1
        alt, name = match.group(1), match.group(2)
        if not alt.strip():
            problems.add(rel, line, "body", f"diagram {name!r} needs alt text describing it")
        if name not in diagrams:
            problems.add(
                rel, line, "body", f"diagram {name!r} does not exist as static/diagrams/{name}.svg"
            )
