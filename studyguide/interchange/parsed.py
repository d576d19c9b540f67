"""What the GIFT and Aiken readers give back: question records with their lines, and problems."""

import hashlib
from dataclasses import dataclass

from django.utils.text import slugify

from studyguide.content.yaml_lines import NUL, line_in
from studyguide.records import AuthoredQuestionData


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str

    def format(self, file: str) -> str:
        return f"{file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class ParsedQuestion:
    question: AuthoredQuestionData
    line: int  # where the question starts
    choice_lines: tuple[int, ...] = ()  # where each choice is written


@dataclass
class ParseResult:
    questions: list[ParsedQuestion]
    problems: list[LineProblem]


def question_id(*, topic: str, title: str, prompt: str) -> str:
    """The title as a slug, else the topic and a hash of the prompt (stable across imports)."""
    slug = slugify(title)
    if slug:
        return slug
    digest = hashlib.sha256(prompt.encode("utf-8")).hexdigest()[:8]
    return f"{topic}-{digest}"


def nul_problem(text: str) -> LineProblem | None:
    """A NUL cannot be stored in a PostgreSQL text column: the file is refused where it is."""
    index = text.find(NUL)
    return None if index < 0 else LineProblem(line_in(text, index), "contains a NUL character")
