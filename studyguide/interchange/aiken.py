"""The Aiken format: single-answer questions as plain lines, read into question records.

    Which service fans one message out to many subscribers?
    A. Amazon SQS
    B) Amazon SNS
    ANSWER: B

Aiken itself has no feedback, while every item here explains its answer and why each wrong
option is wrong. So the reader also takes optional lines right after `ANSWER:`, one
`WHY X: ...` per option and `EXPLANATION: ...`; a file without them is read as Moodle reads
it, and the validator then says what each item still needs.
"""

import re
from dataclasses import dataclass, field

from studyguide.interchange.parsed import (
    LineProblem,
    ParsedQuestion,
    ParseResult,
    nul_problem,
    question_id,
)
from studyguide.records import AuthoredQuestionData, ChoiceData

OPTION_RE = re.compile(r"^([A-Z])[.)]\s+(.*)$")
ANSWER_RE = re.compile(r"^ANSWER:\s*(.*)$")
WHY_RE = re.compile(r"^WHY\s+([A-Z]):\s*(.*)$")
EXPLANATION_RE = re.compile(r"^EXPLANATION:\s*(.*)$")


@dataclass
class _Question:
    line: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str, int]] = field(default_factory=list)  # letter, text, line
    answer: str = ""
    why: dict[str, str] = field(default_factory=dict)
    explanation: str = ""
    failed: bool = False


def parse_aiken(text: str, *, topic: str) -> ParseResult:
    """Every question of an Aiken file as a record for `topic`, and every problem with its line."""
    result = ParseResult(questions=[], problems=[])
    current: _Question | None = None
    done: _Question | None = None  # answered, still taking WHY and EXPLANATION lines

    def fail(line: int, message: str) -> None:
        result.problems.append(LineProblem(line, message))
        if current is not None:
            current.failed = True

    text = text.removeprefix("\ufeff")
    if nul := nul_problem(text):
        result.problems.append(nul)
        return result
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if done is not None:
            if match := WHY_RE.match(line):
                letter, why = match.groups()
                if letter not in {o[0] for o in done.options}:
                    result.problems.append(
                        LineProblem(number, f"WHY {letter}: there is no option {letter}")
                    )
                    done.failed = True
                elif letter in done.why:
                    result.problems.append(LineProblem(number, f"WHY {letter} is given twice"))
                    done.failed = True
                done.why[letter] = why
                continue
            if match := EXPLANATION_RE.match(line):
                if done.explanation:
                    result.problems.append(LineProblem(number, "EXPLANATION is given twice"))
                    done.failed = True
                done.explanation = match.group(1)
                continue
            _finish(done, topic, result)
            done = None
        option = OPTION_RE.match(line)
        answer = ANSWER_RE.match(line)
        if current is None:
            if option or answer:
                result.problems.append(
                    LineProblem(number, "an option or ANSWER line needs a question above it")
                )
                continue
            current = _Question(line=number, text=[line])
        elif answer:
            letters = answer.group(1).strip()
            known = [o[0] for o in current.options]
            if not current.options:
                fail(number, "ANSWER comes before any option (A. or A) ...)")
            elif re.fullmatch(r"[A-Z]", letters) is None:
                fail(
                    number,
                    f"ANSWER: {letters} is not one letter: an Aiken question has one right "
                    "answer (write a choose-N item in GIFT with ~%50% weights)",
                )
            elif letters not in known:
                fail(number, f"ANSWER: {letters} names no option (options: {', '.join(known)})")
            current.answer = letters
            done, current = current, None
        elif option:
            letter, option_text = option.groups()
            expected = chr(ord("A") + len(current.options))
            if letter != expected:
                fail(number, f"option {letter} is out of order: expected {expected}")
            current.options.append((letter, option_text.strip(), number))
        elif current.options:
            fail(number, f"{line!r} is neither an option (A. or A) ...) nor an ANSWER: line")
        else:
            current.text.append(line)
    if done is not None:
        _finish(done, topic, result)
    if current is not None:
        result.problems.append(LineProblem(current.line, "this question has no ANSWER: line"))
    return result


def _finish(question: _Question, topic: str, result: ParseResult) -> None:
    if question.failed:
        return
    prompt = "\n".join(question.text)
    choices = tuple(
        ChoiceData(text=text, correct=letter == question.answer, why=question.why.get(letter, ""))
        for letter, text, _ in question.options
    )
    result.questions.append(
        ParsedQuestion(
            question=AuthoredQuestionData(
                id=question_id(topic=topic, title="", prompt=prompt),
                topic=topic,
                kind="single",
                prompt=prompt,
                explanation=question.explanation,
                choices=choices,
            ),
            line=question.line,
            choice_lines=tuple(line for _, _, line in question.options),
        )
    )
