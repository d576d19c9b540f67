"""Moodle's GIFT format: read it into authored question records, and write records as GIFT.

Reading follows Moodle's importer (question/format/gift/format.php): questions are separated
by blank lines; `//` lines are comments; `::title::` names a question; `{...}` holds the
answers: `=` right, `~` wrong, `~%50%` weighted, `#` the answer's feedback, `####` general
feedback, `#` at the start a numeric answer (`5:1` value and tolerance, `1..5` a range),
`T`/`F`/`TRUE`/`FALSE` a true/false item; `\\~ \\= \\# \\{ \\} \\:` and `\\n` are escapes. What
the app cannot represent (matching, short answer, essay, description, partial credit) is
refused with its line and the reason.

The writer puts a numeric question's unit in a `// [unit:...]` comment, which Moodle ignores
and this reader takes back, so nothing of a question the app marks is lost on the way.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import ClassVar

from studyguide.content.questions import CHOOSE_ALL_RE, CHOOSE_RE, count_word
from studyguide.interchange.parsed import (
    LineProblem,
    ParsedQuestion,
    ParseResult,
    nul_problem,
    question_id,
)
from studyguide.records import AuthoredQuestionData, ChoiceData

ESCAPABLE = ":#={}~\\"
# Escaped characters become private-use stand-ins while the structure is read, as Moodle
# does with its "&&058;" placeholders, so an escaped "~" never starts an answer.
_STAND_IN = {c: chr(0xE000 + ord(c)) for c in ESCAPABLE}
_NEWLINE_STAND_IN = chr(0xE000 + ord("n"))
_UNESCAPE = {v: k for k, v in _STAND_IN.items()} | {_NEWLINE_STAND_IN: "\n"}

FORMATS = ("moodle", "html", "plain", "markdown")
FORMAT_RE = re.compile(r"^\[(moodle|html|plain|markdown)\]")
WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
NUMBER_RE = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
UNIT_RE = re.compile(r"\[unit:(.*)\]\s*$")
TRUE_FALSE = ("T", "TRUE", "F", "FALSE")
MISSING_WORD = "_____"
FULL = Decimal(100)
# Moodle writes a third as 33.33333: equal weights may miss 100 by that rounding.
WEIGHT_SLACK = Decimal("0.001")

PARTIAL_CREDIT = (
    "the app marks an item all or nothing: a choose-N item gives its N right answers equal "
    "weights adding up to 100 and every wrong one 0 or less"
)


class GiftRefusal(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _protect(line: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line):
            following = line[i + 1]
            if following in _STAND_IN:
                out.append(_STAND_IN[following])
                i += 2
                continue
            if following == "n":
                out.append(_NEWLINE_STAND_IN)
                i += 2
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _unprotect(text: str) -> str:
    return "".join(_UNESCAPE.get(c, c) for c in text)


def escape(text: str) -> str:
    """Text as GIFT writes it: reserved characters escaped, on one line (Moodle's repchar)."""
    out = text.replace("\\", "\\\\")
    for char in ESCAPABLE[:-1]:
        out = out.replace(char, "\\" + char)
    return out.replace("\r", "").replace("\n", "\\n")


class _HtmlToMarkdown(HTMLParser):
    """The little HTML a GIFT file may carry, as Markdown; other tags are collected to refuse."""

    INLINE: ClassVar[dict[str, str]] = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.unknown: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.INLINE:
            self.out.append(self.INLINE[tag])
        elif tag == "br":
            self.out.append("\n")
        elif tag == "p":
            self.out.append("\n\n")
        elif tag not in self.unknown:
            self.unknown.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.INLINE:
            self.out.append(self.INLINE[tag])
        elif tag == "p":
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def _html_to_markdown(html: str, line: int) -> str:
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    if parser.unknown:
        tags = ", ".join(f"<{tag}>" for tag in parser.unknown)
        raise GiftRefusal(
            line,
            f"HTML {tags} cannot be imported: the app writes Markdown and keeps only "
            "<p>, <br>, <b>, <strong>, <i>, <em> and <code> from HTML",
        )
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.out)).strip()


def _text(raw: str, default_format: str, line: int) -> str:
    """One text of a question, its `[format]` marker applied, escapes undone, as Markdown."""
    text = raw.strip()
    text_format = default_format
    if match := FORMAT_RE.match(text):
        text_format = match.group(1)
        text = text[match.end() :].strip()
    text = _unprotect(text)
    if text_format == "html":
        return _html_to_markdown(text, line)
    return text


@dataclass
class _Block:
    """One blank-line separated item: its text (escapes protected) and where each line is."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)

    def add(self, number: int, line: str) -> None:
        if self.starts:
            self.text += "\n"
        self.starts.append(len(self.text))
        self.numbers.append(number)
        self.text += _protect(line)

    def line_at(self, offset: int) -> int:
        return self.numbers[max(0, bisect_right(self.starts, offset) - 1)]


def _blocks(text: str) -> Iterator[_Block]:
    block = _Block()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            if block.starts:
                yield block
            block = _Block()
        elif stripped.startswith("//"):
            block.comments.append((number, stripped))
        else:
            block.add(number, line)
    if block.starts:
        yield block


def parse_gift(text: str, *, topic: str) -> ParseResult:
    """Every question of a GIFT file as a record for `topic`, and every problem with its line."""
    result = ParseResult(questions=[], problems=[])
    text = text.removeprefix("\ufeff")
    if nul := nul_problem(text):
        result.problems.append(nul)
        return result
    for block in _blocks(text):
        try:
            parsed = _parse_block(block, topic)
        except GiftRefusal as refusal:
            result.problems.append(LineProblem(refusal.line, refusal.message))
            continue
        if parsed is not None:
            result.questions.append(parsed)
    return result


@dataclass(frozen=True)
class _Answer:
    marker: str  # "=" or "~"
    weight: Decimal | None
    text: str
    feedback: str
    line: int


def _parse_block(block: _Block, topic: str) -> ParsedQuestion | None:
    t = block.text
    pos = len(t) - len(t.lstrip())
    if t.startswith("$CATEGORY:", pos):
        # The category only files questions in Moodle; the import puts them all in --topic.
        end = t.find("\n")
        if end < 0:
            return None
        pos = end + 1
    start_line = block.line_at(pos)
    while pos < len(t) and t[pos].isspace():
        pos += 1
    title = ""
    if t.startswith("::", pos):
        end = t.find("::", pos + 2)
        if end < 0:
            raise GiftRefusal(start_line, "the title ::... has no closing ::")
        title = _unprotect(t[pos + 2 : end]).strip()
        pos = end + 2

    unit, unit_line = "", start_line
    for number, comment in block.comments:
        if match := UNIT_RE.search(comment):
            unit = match.group(1).strip()
            unit_line = number

    opening, closing = t.find("{", pos), t.find("}", pos)
    if opening < 0 and closing < 0:
        raise GiftRefusal(
            start_line,
            "a description (text without an answer block {...}) is refused: it asks nothing "
            "the app can mark; put such text in a lesson",
        )
    if closing >= 0 and (opening < 0 or closing < opening):
        raise GiftRefusal(block.line_at(closing), "} has no { before it (escape it as \\})")
    if closing < 0:
        raise GiftRefusal(block.line_at(opening), "{ has no closing } (escape it as \\{)")
    for extra in (t.find("{", closing + 1), t.find("}", closing + 1)):
        if extra >= 0:
            raise GiftRefusal(
                block.line_at(extra),
                "a second answer block is refused: the app asks one thing per question "
                "(escape a literal brace as \\{ or \\})",
            )

    after = t[closing + 1 :]
    question_text = t[pos:opening] + (MISSING_WORD + after if after.strip() else "")
    question_format = "moodle"
    if match := FORMAT_RE.match(question_text.strip()):
        question_format = match.group(1)
    prompt = _text(question_text, "moodle", start_line)

    answers_text = t[opening + 1 : closing]
    answers_offset = opening + 1
    general = ""
    split = answers_text.rfind("####")
    if split >= 0:
        general = _text(
            answers_text[split + 4 :], question_format, block.line_at(answers_offset + split)
        )
        answers_text = answers_text[:split]
    stripped = answers_text.strip()
    block_line = block.line_at(opening)

    common = _Common(topic=topic, title=title, prompt=prompt, general=general)
    if not stripped:
        raise GiftRefusal(
            block_line,
            "an essay question ({}) is refused: the app marks every answer itself and has "
            "no free-text answers",
        )
    if stripped.startswith("#"):
        return _numeric(
            block, answers_text, answers_offset, question_format, start_line, unit, common
        )
    if unit:
        raise GiftRefusal(unit_line, "[unit:...] belongs to a numeric question ({#...})")
    if "~" in stripped:
        return _choice(block, answers_text, answers_offset, question_format, start_line, common)
    if "=" in stripped and "->" in stripped:
        raise GiftRefusal(
            block_line,
            "a matching question (=... -> ...) is refused: the app has no matching items",
        )
    answer = stripped.split("#", 1)[0].strip()
    if answer in TRUE_FALSE:
        return _true_false(stripped, question_format, start_line, block_line, common)
    hint = ""
    if answer.upper() in TRUE_FALSE:
        hint = f"; for a true/false item write {answer.upper()} in capitals, as Moodle reads it"
    raise GiftRefusal(
        block_line,
        "a short-answer or missing-word question (only = answers) is refused: the app has no "
        f"typed-text answers; offer choices and mark the wrong ones with ~{hint}",
    )


@dataclass(frozen=True)
class _Common:
    """What every kind of question has, read before its answers."""

    topic: str
    title: str
    prompt: str
    general: str  # the general feedback: the explanation

    def record(
        self,
        *,
        kind: str,
        choices: Sequence[ChoiceData] = (),
        answer: Decimal | None = None,
        tolerance: Decimal = Decimal(0),
        unit: str = "",
        prompt: str | None = None,
        explanation: str | None = None,
    ) -> AuthoredQuestionData:
        prompt = self.prompt if prompt is None else prompt
        return AuthoredQuestionData(
            id=question_id(topic=self.topic, title=self.title, prompt=self.prompt),
            topic=self.topic,
            kind=kind,
            prompt=prompt,
            explanation=self.general if explanation is None else explanation,
            choices=tuple(choices),
            answer=answer,
            tolerance=tolerance,
            unit=unit,
        )


def _pieces(block: _Block, text: str, offset: int, markers: str) -> Iterator[tuple[str, str, int]]:
    """(marker, text, line) for each answer; text before the first marker is an error."""
    positions = [i for i, char in enumerate(text) if char in markers]
    lead = text[: positions[0]] if positions else text
    if lead.strip():
        raise GiftRefusal(
            block.line_at(offset + (len(lead) - len(lead.lstrip()))),
            f"{lead.strip()!r} is not an answer: each answer starts with = or ~",
        )
    for index, start in enumerate(positions):
        end = positions[index + 1] if index + 1 < len(positions) else len(text)
        yield text[start], text[start + 1 : end], block.line_at(offset + start)


def _answer(marker: str, raw: str, line: int, text_format: str) -> _Answer:
    raw = raw.strip()
    weight = None
    if match := WEIGHT_RE.match(raw):
        weight = Decimal(match.group(1))
        raw = raw[match.end() :]
    answer, _, feedback = raw.partition("#")
    return _Answer(
        marker=marker,
        weight=weight,
        text=_text(answer, text_format, line),
        feedback=_text(feedback, text_format, line),
        line=line,
    )


def _check_all_or_nothing(answers: Sequence[_Answer], weights: Sequence[Decimal]) -> None:
    for answer, weight in zip(answers, weights, strict=True):
        if weight > FULL:
            raise GiftRefusal(answer.line, f"weight {weight}% is more than 100%")
    right = [(a, w) for a, w in zip(answers, weights, strict=True) if w > 0]
    if not right:
        return
    first = right[0][1]
    if all(w == FULL for _, w in right):
        return  # one right answer, or several fully right ones: the caller says which
    odd = next((a for a, w in right if w != first), None)
    if odd is None and abs(first * len(right) - FULL) > WEIGHT_SLACK * len(right):
        odd = next(a for a, w in right if w != FULL)
    if odd is not None:
        shown = ", ".join(f"{w.normalize():f}%" for _, w in right)
        raise GiftRefusal(odd.line, f"partial credit ({shown}) is refused: {PARTIAL_CREDIT}")


def _choice(
    block: _Block, text: str, offset: int, text_format: str, start_line: int, common: _Common
) -> ParsedQuestion:
    answers = [
        _answer(marker, raw, line, text_format)
        for marker, raw, line in _pieces(block, text, offset, "=~")
    ]
    weights = [
        a.weight if a.weight is not None else (FULL if a.marker == "=" else Decimal(0))
        for a in answers
    ]
    _check_all_or_nothing(answers, weights)
    pairs = list(zip(answers, weights, strict=True))
    right = [a for a, w in pairs if w > 0]
    if not right:
        raise GiftRefusal(
            start_line,
            "no answer is marked right: mark the right one with =, or the right ones of a "
            "choose-N item with equal weights (~%50%)",
        )
    # Moodle's rule: an = anywhere makes a one-answer item; weights alone allow several.
    single = any(a.marker == "=" for a in answers)
    if single and len(right) > 1:
        raise GiftRefusal(
            right[1].line,
            f"{len(right)} answers are fully right in a one-answer item: the app's "
            "single-answer items have exactly one; for a choose-N item drop the = and give "
            "the right answers equal weights (~%50%)",
        )
    if len(right) > 1 and all(w == FULL for _, w in pairs if w > 0):
        raise GiftRefusal(
            right[1].line,
            f"{len(right)} answers are worth 100% each, so any one of them alone scores full "
            f"marks: {PARTIAL_CREDIT}",
        )
    choices = [ChoiceData(text=a.text, correct=w > 0, why=a.feedback) for a, w in pairs]
    prompt = common.prompt
    if not single and not CHOOSE_RE.search(prompt) and not CHOOSE_ALL_RE.search(prompt):
        # The app's rule: a multiple-answer item says how many to pick, as the exam does.
        prompt = f"{prompt} Choose {count_word(len(right))}.".strip()
    return ParsedQuestion(
        question=common.record(
            kind="single" if single else "multiple", choices=choices, prompt=prompt
        ),
        line=start_line,
        choice_lines=tuple(a.line for a in answers),
    )


def _true_false(
    text: str, text_format: str, start_line: int, line: int, common: _Common
) -> ParsedQuestion:
    answer, wrong, right = ([*text.split("#", 2), "", ""])[:3]
    truth = answer.strip() in ("T", "TRUE")
    right_why = _text(right, text_format, line)
    wrong_why = _text(wrong, text_format, line)
    choices = (
        ChoiceData(text="True", correct=truth, why=right_why if truth else wrong_why),
        ChoiceData(text="False", correct=not truth, why=wrong_why if truth else right_why),
    )
    return ParsedQuestion(
        question=common.record(kind="single", choices=choices),
        line=start_line,
        choice_lines=(line, line),
    )


def _number(text: str, line: int) -> Decimal:
    text = text.strip()
    if not NUMBER_RE.match(text):
        raise GiftRefusal(line, f"{text!r} is not a number")
    return Decimal(text)


def _numeric(
    block: _Block,
    text: str,
    offset: int,
    text_format: str,
    start_line: int,
    unit: str,
    common: _Common,
) -> ParsedQuestion:
    hash_at = text.index("#")
    body = text[hash_at + 1 :]
    body_offset = offset + hash_at + 1
    # "~#feedback" is Moodle's feedback for any other value: every other value is wrong here.
    wrong_at = body.find("~")
    if wrong_at >= 0:
        body = body[:wrong_at]
    if "=" in body:
        pieces = list(_pieces(block, body, body_offset, "="))
    else:
        pieces = [("=", body, block.line_at(body_offset))]
    full: list[tuple[Decimal, Decimal, str, int]] = []
    for _, raw, line in pieces:
        answer = _answer("=", raw, line, text_format)
        weight = FULL if answer.weight is None else answer.weight
        value = answer.text
        if ".." in value:
            low_text, _, high_text = value.partition("..")
            low, high = _number(low_text, line), _number(high_text, line)
            if low > high:
                raise GiftRefusal(line, f"the range {value} runs backwards: write low..high")
            number, tolerance = (low + high) / 2, (high - low) / 2
        elif ":" in value:
            number_text, _, tolerance_text = value.partition(":")
            number, tolerance = _number(number_text, line), _number(tolerance_text, line)
        else:
            number, tolerance = _number(value, line), Decimal(0)
        if 0 < weight < FULL:
            raise GiftRefusal(
                line, f"partial credit ({weight.normalize():f}%) is refused: {PARTIAL_CREDIT}"
            )
        if weight > FULL:
            raise GiftRefusal(line, f"weight {weight}% is more than 100%")
        if weight == FULL:
            full.append((number, tolerance, answer.feedback, line))
    if not full:
        raise GiftRefusal(start_line, "no numeric answer is worth 100%")
    if len(full) > 1:
        raise GiftRefusal(
            full[1][3],
            f"{len(full)} numeric answers are worth 100%: the app takes one value with a "
            "tolerance; write one answer, or one range low..high",
        )
    number, tolerance, feedback, _ = full[0]
    explanation = "\n\n".join(part for part in (feedback, common.general) if part)
    return ParsedQuestion(
        question=common.record(
            kind="numeric",
            answer=_plain(number),
            tolerance=_plain(tolerance),
            unit=unit,
            explanation=explanation,
        ),
        line=start_line,
    )


def _plain(number: Decimal) -> Decimal:
    """3.0 -> 3 and 0.50 -> 0.5, so a range's midpoint reads as the author would write it."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _number_text(number: Decimal | None) -> str:
    return format(_plain(number if number is not None else Decimal(0)), "f")


def _weight(count: int) -> str:
    if 100 % count == 0:
        return str(100 // count)
    return f"{Decimal(100) / count:.5f}"


def _is_true_false(question: AuthoredQuestionData) -> bool:
    return question.kind == "single" and tuple(c.text for c in question.choices) == (
        "True",
        "False",
    )


def write_question(question: AuthoredQuestionData) -> str:
    """One question as GIFT, ending in a newline."""
    lines = []
    if question.kind == "numeric" and question.unit:
        lines.append(f"// [unit:{question.unit}]")
    head = f"::{escape(question.id)}::[markdown]{escape(question.prompt)}"
    general = f"####{escape(question.explanation)}" if question.explanation else ""
    if question.kind == "numeric":
        value = f"{_number_text(question.answer)}:{_number_text(question.tolerance)}"
        body = "{#\n\t=" + value + "\n" + (f"\t{general}\n" if general else "") + "}"
    elif _is_true_false(question):
        true, false = question.choices
        right, wrong = (true, false) if true.correct else (false, true)
        body = "{" + ("TRUE" if true.correct else "FALSE")
        if wrong.why or right.why:
            body += "#" + escape(wrong.why)
        if right.why:
            body += "#" + escape(right.why)
        body += general + "}"
    else:
        right_count = sum(c.correct for c in question.choices)
        rows = []
        for choice in question.choices:
            if question.kind == "single":
                marker = "=" if choice.correct else "~"
            else:
                marker = f"~%{_weight(right_count)}%" if choice.correct else "~%-100%"
            why = f"#{escape(choice.why)}" if choice.why else ""
            rows.append(f"\t{marker}{escape(choice.text)}{why}\n")
        body = "{\n" + "".join(rows) + (f"\t{general}\n" if general else "") + "}"
    lines.append(head + body)
    return "\n".join(lines) + "\n"


def write_gift(questions: Iterable[AuthoredQuestionData], *, category: str = "") -> str:
    """The questions as one GIFT file, blank-line separated, under a `$CATEGORY` if given."""
    parts = [f"$CATEGORY: {category}\n"] if category else []
    parts.extend(write_question(q) for q in questions)
    return "\n".join(parts)
