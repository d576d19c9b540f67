"""questions.yaml: authored quiz items, recall and exam-style scenario, and their rules."""

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from studyguide.content.fields import Record, column_limit
from studyguide.content.patterns import FACT_KEY_RE
from studyguide.content.problems import Problems
from studyguide.content.yaml_lines import line_of
from studyguide.models import AuthoredQuestion
from studyguide.records import AuthoredQuestionData, ChoiceData

QUESTION_KINDS = ("single", "multiple", "numeric")
QUESTION_STYLES = ("recall", "scenario")
QUESTION_STATUSES = tuple(AuthoredQuestion.Status.values)
# An exam scenario offers 4 options for one answer and at least 5 for several.
SCENARIO_MIN_CHOICES = {"single": 4, "multiple": 5}
COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
CHOOSE_RE = re.compile(r"\bChoose (\w+)\.")
CHOOSE_ALL_RE = re.compile(r"choose all that apply", re.IGNORECASE)
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def count_word(count: int) -> str:
    return COUNT_WORDS[count - 1] if 1 <= count <= len(COUNT_WORDS) else str(count)


def load_questions(
    problems: Problems, rel: str, topic: str, items: list[Any]
) -> Iterator[tuple[AuthoredQuestionData, int | None]]:
    """Each valid-looking item with the line it starts on (for later cross-checks)."""
    for index, item in enumerate(items):
        record = Record(problems, rel, f"[{index}]", item)
        if not record.ok:
            continue
        ident = record.data.get("id")
        if isinstance(ident, str) and ident:
            record.where = ident
        kind = record.data.get("kind")
        optional = ("facts", "style", "status", "lesson", "tags")
        if kind == "numeric":
            record.check_fields(
                ("id", "kind", "prompt", "explanation", "answer"), ("tolerance", "unit", *optional)
            )
        else:
            record.check_fields(("id", "kind", "prompt", "explanation", "choices"), optional)
            if kind not in QUESTION_KINDS:
                record.problem("kind", f"must be one of {', '.join(QUESTION_KINDS)}")
        style = record.text("style", default="recall")
        if style not in QUESTION_STYLES:
            record.problem("style", f"must be one of {', '.join(QUESTION_STYLES)}")
        status = record.text("status", default="published")
        if status not in QUESTION_STATUSES:
            record.problem("status", f"must be one of {', '.join(QUESTION_STATUSES)}")
        prompt = record.text("prompt")
        choices = (
            _load_choices(problems, rel, record, kind, style) if "choices" in record.data else []
        )
        if kind == "multiple" and choices:
            _check_stated_count(record, prompt, sum(c.correct for c in choices))
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
        tags: list[str] = []
        for t_index, tag in enumerate(record.items("tags", required=False)):
            if not isinstance(tag, str) or not TAG_RE.match(tag):
                record.problem(
                    "tags", f"tag {t_index + 1} ({tag!r}) must be lower-case letters, digits and -"
                )
            elif tag not in tags:
                tags.append(tag)
        question = AuthoredQuestionData(
            id=record.slug("id", limit=column_limit(AuthoredQuestion, "key")),
            topic=topic,
            kind=kind if isinstance(kind, str) else "",
            prompt=prompt,
            explanation=record.text("explanation"),
            choices=tuple(choices),
            answer=answer,
            tolerance=tolerance,
            unit=record.text(
                "unit", allow_empty=True, limit=column_limit(AuthoredQuestion, "unit")
            ),
            facts=tuple(facts),
            style=style,
            lesson=(
                record.slug("lesson", limit=column_limit(AuthoredQuestion, "lesson_slug"))
                if "lesson" in record.data
                else ""
            ),
            status=status,
            tags=tuple(tags),
        )
        yield question, line_of(item)


def _check_stated_count(record: Record, prompt: str, correct: int) -> None:
    """Exam items always say how many answers to pick; so must a multiple-answer item."""
    wanted = f"Choose {count_word(correct)}."
    if CHOOSE_ALL_RE.search(prompt):
        record.problem(
            "prompt",
            f'"Choose all that apply" does not say how many: the exam states the count, '
            f'here "{wanted}"',
        )
        return
    stated = CHOOSE_RE.findall(prompt)
    if not stated:
        record.problem("prompt", f'must say how many answers to choose: "{wanted}"')
    elif stated[-1] != count_word(correct):
        record.problem(
            "prompt",
            f'says "Choose {stated[-1]}." but {correct} choices are correct: "{wanted}"',
        )


def _load_choices(
    problems: Problems, rel: str, record: Record, kind: Any, style: str
) -> list[ChoiceData]:
    choices: list[ChoiceData] = []
    for c_index, item in enumerate(record.items("choices")):
        choice = Record(problems, rel, record.field(f"choices[{c_index}]"), item)
        if not choice.ok:
            continue
        choice.check_fields(("text",), ("correct", "why"))
        text = choice.text("text")
        correct = choice.boolean("correct", False)
        why = choice.text("why")
        if "why" not in choice.data:
            if style == "scenario":
                choice.problem("why", f"a scenario explains every option: {text!r} needs a 'why'")
            elif not correct:
                choice.problem("why", f"wrong choice {text!r} needs a 'why' saying why it is wrong")
        # Compared as a learner reads them (and as Question checks them): "Amazon SNS" and
        # "amazon sns " are the same option.
        if text and text.strip().casefold() in {c.text.strip().casefold() for c in choices}:
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
    minimum = SCENARIO_MIN_CHOICES.get(kind) if isinstance(kind, str) else None
    if style == "scenario" and minimum and len(choices) < minimum:
        answers = "one answer" if kind == "single" else "several answers"
        record.problem(
            "choices",
            f"a scenario with {answers} offers at least {minimum} choices, not {len(choices)}",
        )
    return choices


def check_question_references(
    problems: Problems,
    questions: Iterable[tuple[AuthoredQuestionData, int | None]],
    *,
    fact_keys: set[str] | None,
    lesson_slugs: set[tuple[str, str]],
) -> None:
    """Every fact a question tests exists (when the facts parsed), and its lesson too."""
    for question, line in questions:
        rel = f"{question.topic}/questions.yaml"
        if fact_keys is not None:
            for key in question.facts:
                if key not in fact_keys:
                    problems.add(rel, line, f"{question.id}.facts", f"fact {key!r} does not exist")
        if question.lesson and (question.topic, question.lesson) not in lesson_slugs:
            problems.add(
                rel,
                line,
                f"{question.id}.lesson",
                f"lesson {question.lesson!r} does not exist in topic {question.topic!r}",
            )
