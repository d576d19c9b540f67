"""Check imported questions with the content importer's own rules, at their lines in the file.

Each record is turned back into the questions.yaml mapping it stands for and goes through
`load_questions`, so a GIFT or Aiken item is refused exactly where a questions.yaml item
would be; the problems come back at the question's (or the choice's) line in the file.
"""

from collections.abc import Collection, Sequence
from typing import Any

from studyguide.content.problems import Problems
from studyguide.content.questions import load_questions
from studyguide.content.writing import question_dict
from studyguide.content.yaml_lines import LineMapping
from studyguide.interchange.parsed import LineProblem, ParsedQuestion
from studyguide.records import AuthoredQuestionData

# Where a rule's field lives in a GIFT or Aiken file, to say it in the file's own terms.
FIELD_HINTS = {
    "explanation": "general feedback: #### in GIFT, EXPLANATION: in Aiken",
    "why": "an answer's feedback: #... in GIFT, WHY X: in Aiken",
    "id": "the ::title::",
}


def _mapping(
    data: dict[str, Any], line: int, key_lines: dict[str, int] | None = None
) -> LineMapping:
    mapping = LineMapping(data)
    mapping.line = line
    mapping.key_lines = dict(key_lines or {})
    return mapping


def check_questions(
    parsed: Sequence[ParsedQuestion], *, topic: str, taken_ids: Collection[str]
) -> tuple[list[AuthoredQuestionData], list[LineProblem]]:
    """The checked records, or the problems that refuse them (and so the whole file)."""
    items = []
    for entry in parsed:
        data = question_dict(entry.question)
        if "choices" in data:
            data["choices"] = [
                _mapping(choice, line)
                for choice, line in zip(data["choices"], entry.choice_lines, strict=True)
            ]
        items.append(_mapping(data, entry.line))
    problems = Problems()
    checked = [question for question, _ in load_questions(problems, "", topic, items)]
    found = [LineProblem(p.line or 1, _message(p.field, p.message)) for p in problems.items]
    first_line: dict[str, int] = {}
    for entry in parsed:
        ident = entry.question.id
        if ident in taken_ids:
            found.append(
                LineProblem(entry.line, f"a question with the id {ident!r} already exists")
            )
        elif ident in first_line:
            found.append(
                LineProblem(
                    entry.line,
                    f"the id {ident!r} is also the id of the question at line "
                    f"{first_line[ident]}: give one of them another ::title::",
                )
            )
        else:
            first_line[ident] = entry.line
    found.sort(key=lambda p: p.line)
    return checked, found


def _message(field: str, message: str) -> str:
    name = field.rsplit(".", 1)[-1]
    hint = FIELD_HINTS.get(name)
    return f"{name}: {message}" + (f" ({hint})" if hint else "")
