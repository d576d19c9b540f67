"""Write a ContentPack back out as content files, in one canonical YAML style.

A pack written in that style survives load -> dump byte for byte, so export after import
gives the files back unchanged.
"""

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from studyguide.records import (
    AuthoredQuestionData,
    ContentPack,
    FactData,
    FactValue,
    LessonData,
    TableData,
)


class _Flow(list[str]):
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


def question_dict(question: AuthoredQuestionData) -> dict[str, Any]:
    """The question as questions.yaml writes it (and as the GIFT importer checks it)."""
    data: dict[str, Any] = {"id": question.id, "kind": question.kind}
    if question.style != "recall":
        data["style"] = question.style
    if question.status != "published":
        data["status"] = question.status
    data["prompt"] = question.prompt
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
    if question.lesson:
        data["lesson"] = question.lesson
    data["facts"] = _Flow(question.facts)
    if question.tags:
        data["tags"] = _Flow(question.tags)
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
        dump_yaml(
            [
                {
                    "slug": t.slug,
                    "title": t.title,
                    "summary": t.summary,
                    "exam_weight": t.exam_weight,
                }
                for t in pack.topics
            ]
        ),
    )
    for topic in pack.topics:
        folder = root / topic.slug
        facts = [_fact_dict(f) for f in pack.facts if f.topic == topic.slug]
        tables = [_table_dict(t) for t in pack.tables if t.topic == topic.slug]
        questions = [question_dict(q) for q in pack.questions if q.topic == topic.slug]
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
