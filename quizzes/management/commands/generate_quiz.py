"""Print a generated quiz: instructor preview and debugging of the question generators."""

from __future__ import annotations

import json
from string import ascii_uppercase
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.formatting import format_number
from quizzes.generation import (
    ALL_KINDS,
    MAX_COUNT,
    AnswerMode,
    Question,
    generate_questions,
    parse_kinds,
)
from quizzes.generation.wording import choose_phrase
from studyguide.content import ContentError, load_pack


def _whole_number(name: str, value: Any, *, low: int, high: int | None = None) -> int:
    text = str(value).strip()
    try:
        number = int(text)
    except ValueError:
        raise CommandError(f"--{name} must be a whole number, got {text!r}.") from None
    if number < low or (high is not None and number > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise CommandError(f"--{name} must be {bounds}, got {number}.")
    return number


def render_text(questions: list[Question]) -> str:
    lines: list[str] = []
    for number, question in enumerate(questions, start=1):
        lines.append(f"{number}. [{question.kind} · {question.topic}] {question.prompt}")
        lines.append(f"   uid: {question.uid}")
        if question.answer_mode == AnswerMode.NUMERIC:
            if question.answer is None:
                raise CommandError(f"Numeric question {question.uid} has no answer.")
            answer = f"{format_number(question.answer)} {question.unit}".strip()
            if question.tolerance:
                answer += f" (± {format_number(question.tolerance)})"
            lines.append(f"   Answer: {answer}")
        else:
            if question.answer_mode == AnswerMode.MULTIPLE:
                lines.append(f"   ({choose_phrase(len(question.correct_choices))})")
            for letter, choice in zip(ascii_uppercase, question.choices, strict=False):
                mark = "*" if choice.correct else " "
                lines.append(f" {mark} {letter}) {choice.text}")
                if choice.why:
                    lines.append(f"        {'why' if choice.correct else 'why not'}: {choice.why}")
        for step in question.worked_steps:
            lines.append(f"   step: {step}")
        lines.append(f"   Explanation: {question.explanation}")
        if question.source_url:
            lines.append(f"   Source: {question.source_url}")
        lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Generate quiz questions from the content pack and print them (* marks correct)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--topic",
            action="append",
            dest="topics",
            metavar="SLUG",
            help="Topic slug; repeat for several. Default: every topic.",
        )
        parser.add_argument("--count", default="10", help=f"1 to {MAX_COUNT} (default 10).")
        parser.add_argument("--seed", default="0", help="Any whole number >= 0 (default 0).")
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="KIND",
            help=f"Only these kinds; repeat for several: {', '.join(ALL_KINDS)}.",
        )
        parser.add_argument("--json", action="store_true", help="Print a JSON list.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = _whole_number("count", options["count"], low=1, high=MAX_COUNT)
        seed = _whole_number("seed", options["seed"], low=0)
        try:
            kinds = parse_kinds(options["kinds"] or ALL_KINDS)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            pack = load_pack(settings.CONTENT_DIR)
        except ContentError as exc:
            raise CommandError(
                f"The content in {settings.CONTENT_DIR} is invalid:\n{exc.report()}"
            ) from None
        known = [topic.slug for topic in pack.topics]
        topics = options["topics"]
        if topics is not None:
            unknown = [slug for slug in topics if slug not in known]
            if unknown:
                raise CommandError(
                    f"Unknown topic {', '.join(unknown)}. Known topics: {', '.join(known)}."
                )
        questions = generate_questions(pack, topics=topics, count=count, seed=seed, kinds=kinds)
        if not questions:
            raise CommandError("These topics and kinds yield no questions.")
        if len(questions) < count:
            self.stderr.write(f"Only {len(questions)} questions are available; printing all.")
        if options["json"]:
            self.stdout.write(json.dumps([q.to_dict() for q in questions], indent=2))
        else:
            self.stdout.write(render_text(questions))
