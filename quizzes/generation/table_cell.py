"""Table questions, both ways round.

- row from cell: a column's question template with one cell shown ("Which scaling type
  fits this situation? “Traffic jumps every Monday ...”"), answered by the row label(s).
  When several rows share the cell the question becomes choose-all-that-apply; when every
  row shares it there is nothing to ask.
- cell from row: "Downtime to resize: which one is true of Vertical scaling?", answered
  by the row's own cell among the other rows' cells of that column.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from studyguide.records import ContentPack, TableColumn, TableData, TableRow

from .seeding import short_hash, shuffle_choices, shuffled
from .types import AnswerMode, Choice, Question, QuestionKind
from .wording import choose_phrase, norm, sentence_start

MAX_CHOICES = 5
QUOTES = "\"'“”‘’ "
DEICTIC = re.compile(r"\b(this|these|here|such)\b", re.IGNORECASE)
STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "which",
        "what",
        "that",
        "from",
        "into",
        "are",
        "can",
        "its",
        "you",
        "your",
        "has",
        "have",
        "does",
        "not",
        "more",
        "less",
        "out",
        "one",
    ]
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NEAR_SAME_WORDS = 0.75
NEAR_SAME_TEXT = 0.85
MIN_MATCH = 0.3
MATCH_MARGIN = 1.5


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or short_hash(text)


def cell_text(row: TableRow, column: TableColumn) -> str:
    return row.cells.get(column.key, "").strip()


def quoted(text: str) -> str:
    return f"“{text.strip(QUOTES)}”"


def has_unique_labels(table: TableData) -> bool:
    # Two rows with one label would make two identical choices; such a table is skipped.
    labels = [norm(row.label) for row in table.rows]
    return len(set(labels)) == len(labels)


def column_question(table: TableData, column: TableColumn) -> str:
    # str.replace, not str.format: an instructor's template may contain other braces.
    return column.question.replace("{subject}", table.subject)


def refers_to_cell(template: str) -> bool:
    """ "Which service fits this example?" needs the cell shown; "Which engine is
    multithreaded?" is a complete question about one particular cell."""
    return bool(DEICTIC.search(template))


def _words(text: str) -> set[str]:
    words = set()
    for word in re.findall(r"[a-z0-9]+", text.casefold()):
        word = word.removesuffix("s") if len(word) > 3 else word
        if len(word) > 2 and word not in STOPWORDS:
            words.add(word)
    return words


def matching_cell(question: str, cells: dict[str, str]) -> str | None:
    """The cell (by key) a complete question asks about, when one clearly stands out.

    Scored by how much of the cell's wording the question repeats ("Which engine is
    multithreaded?" repeats all of "Multithreaded"); no clear winner, no question.
    """
    asked = _words(question)
    scores = sorted(
        (
            (len(words & asked) / len(words), key)
            for key, text in cells.items()
            if (words := _words(text))
        ),
        reverse=True,
    )
    if not scores or scores[0][0] < MIN_MATCH:
        return None
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    return scores[0][1] if scores[0][0] >= MATCH_MARGIN * runner_up else None


def near_same(a: str, b: str) -> bool:
    """Cells that say nearly the same thing ("Strings, hashes, lists, sets" and the same
    with one more type): as answers, neither could be defended as the only right one."""
    a, b = norm(a), norm(b)
    if a == b:
        return True
    if NUMBER.findall(a) != NUMBER.findall(b):
        return False  # "0.5 RCU" and "2 RCU" share their words but not their figure
    words_a, words_b = _words(a), _words(b)
    if words_a and words_b:
        overlap = len(words_a & words_b) / len(words_a | words_b)
        if overlap >= NEAR_SAME_WORDS:
            return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_SAME_TEXT


def masked(cell: str, labels: list[str], subject: str) -> str:
    """The cell with the answer's own name taken out ("SNS pushes ..." -> "This service
    pushes ..."), so the stem does not give the answer away."""
    for label in labels:
        short = re.sub(r"^(Amazon|AWS)\s+", "", label)
        for name in sorted({label, short}, key=len, reverse=True):
            if len(name) > 2:
                cell = re.sub(rf"\b{re.escape(name)}\b", f"this {subject}", cell, flags=re.I)
    return sentence_start(cell) if cell.startswith("this ") else cell


def _why_row(table: TableData, row: TableRow, column: TableColumn) -> str:
    return f"{row.label} — {column.label}: {cell_text(row, column)}"


def row_from_cell_questions(
    table: TableData, *, kind: QuestionKind, uid_prefix: str
) -> list[Question]:
    questions: list[Question] = []
    for column in table.columns:
        groups: dict[str, list[TableRow]] = {}
        for row in table.rows:
            text = cell_text(row, column)
            if text:
                # Near-identical cells are one answer, so every row that has it is right.
                key = next((k for k in groups if near_same(k, text)), norm(text))
                groups.setdefault(key, []).append(row)
        template = column_question(table, column)
        complete = bool(template) and not refers_to_cell(template)
        target = (
            matching_cell(
                template, {key: cell_text(rows[0], column) for key, rows in groups.items()}
            )
            if complete
            else None
        )
        for key, matching in groups.items():
            if len(matching) == len(table.rows):
                continue
            cell = cell_text(matching[0], column)
            uid = f"{uid_prefix}:{table.slug}:{column.key}:{short_hash(key)}"
            wrong_rows = [row for row in table.rows if row not in matching]
            room = max(MAX_CHOICES - len(matching), 1)
            wrong_rows = shuffled(wrong_rows, "wrong-rows", uid)[:room]
            choices = [Choice(row.label, correct=True) for row in matching] + [
                Choice(row.label, why=_why_row(table, row, column)) for row in wrong_rows
            ]
            multiple = len(matching) > 1
            shown = masked(cell, [row.label for row in matching], table.subject)
            if key == target:
                prompt = template
            elif template and not complete:
                prompt = f"{template} {quoted(shown)}"
            else:
                prompt = f"{column.label}: {quoted(shown)}. Which {table.subject} is this?"
            if multiple:
                prompt += f" {choose_phrase(len(matching))}"
            labels = " and ".join(row.label for row in matching)
            questions.append(
                Question(
                    uid=uid,
                    kind=kind,
                    topic=table.topic,
                    prompt=prompt,
                    answer_mode=AnswerMode.MULTIPLE if multiple else AnswerMode.SINGLE,
                    choices=shuffle_choices(choices, uid),
                    explanation=f"{labels} — {column.label}: {cell} ({table.title}).",
                    table_cells=tuple((table.slug, row.label, column.key) for row in matching),
                    source_url=table.source_url,
                )
            )
    return questions


def cell_from_row_questions(table: TableData) -> list[Question]:
    questions: list[Question] = []
    for column in table.columns:
        for row in table.rows:
            answer = cell_text(row, column)
            if not answer:
                continue
            uid = f"table-cell:{table.slug}:{column.key}:{slugify(row.label)}"
            others: dict[str, list[str]] = {}
            texts: dict[str, str] = {}
            for other in table.rows:
                text = cell_text(other, column)
                if text and not near_same(text, answer):
                    others.setdefault(norm(text), []).append(other.label)
                    texts.setdefault(norm(text), text)
            if not others:
                continue
            picked = shuffled(sorted(others), "wrong-cells", uid)[: MAX_CHOICES - 1]
            choices = [Choice(answer, correct=True)] + [
                Choice(
                    texts[key],
                    why=f"That is true of {' and '.join(others[key])}, not {row.label}.",
                )
                for key in picked
            ]
            questions.append(
                Question(
                    uid=uid,
                    kind=QuestionKind.TABLE_CELL,
                    topic=table.topic,
                    prompt=f"{column.label}: which one is true of {row.label}?",
                    answer_mode=AnswerMode.SINGLE,
                    choices=shuffle_choices(choices, uid),
                    explanation=f"{row.label} — {column.label}: {answer} ({table.title}).",
                    table_cells=((table.slug, row.label, column.key),),
                    source_url=table.source_url,
                )
            )
    return questions


def table_cell_questions(pack: ContentPack, topic: str) -> list[Question]:
    from .scenario import is_scenario_table

    questions: list[Question] = []
    for table in pack.tables:
        if table.topic != topic or not has_unique_labels(table):
            continue
        if not is_scenario_table(table):
            # Scenario tables ask "which service?" as scenario questions instead.
            questions.extend(
                row_from_cell_questions(table, kind=QuestionKind.TABLE_CELL, uid_prefix="table-row")
            )
        questions.extend(cell_from_row_questions(table))
    return questions
