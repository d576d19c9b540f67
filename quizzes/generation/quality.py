"""What makes an item fit to ask, beyond the invariants a Question checks when built.

One set of rules serves the question pools (a generated item that breaks one is left out)
and `manage.py check_questions` (which reports every item that breaks one, generated or
authored). The rules follow what exam-item writers hold to: enough real options, the count
stated on "choose N" items, no answer given away by the stem's words or by units, and
grammar that reads right.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from core.formatting import singular

from .types import AnswerMode, Question, QuestionKind
from .wording import NUMBER_WORDS, QUESTION_WORDS

MIN_OPTIONS = 4
# A key of at most this many words is a name or a value, which a stem must not repeat.
SHORT_KEY_WORDS = 4
NEAR_DUPLICATE = 0.9
# Words too common in this course to give an answer away.
COMMON_WORDS = frozenset(
    {"amazon", "aws", "the", "and", "for", "with", "use", "using", "service", "services",
     "data", "from", "into", "each", "per", "not", "all", "one", "any", "that", "this",
     "true", "false", "instance", "instances", "table", "queue", "only", "more", "less",
     "than", "time", "can", "are", "its", "new", "by", "of", "to", "in", "on", "an", "a"}
)  # fmt: skip
UNIT_RE = re.compile(r"^\s*[\d.,]+\s*([A-Za-z%][A-Za-z%/]*)")
GRAMMAR_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\bWhat is ({'|'.join(QUESTION_WORDS)})\b", re.I), "a question inside 'What is'"),
    (re.compile(r"\b1 [a-z]+ie\b"), "a broken singular (such as '1 copie')"),
    (re.compile(r"\b(\w+) \1\b", re.I), "a doubled word"),
    (re.compile(r"\b(is|are) (is|are)\b", re.I), "a doubled verb"),
)  # fmt: skip


CHOOSE_RE = re.compile(r"\(?choose \w+\.?\)?", re.I)


def _words(text: str) -> set[str]:
    """Telling words: no numbers (a calculation may show the figure it keeps), no common
    words, no "Choose two"."""
    words = re.findall(r"[a-z][a-z0-9]*", CHOOSE_RE.sub(" ", text).casefold())
    return {w for w in words if w not in COMMON_WORDS}


UNIT_FAMILIES = {
    **dict.fromkeys(("b", "byte", "bytes", "kb", "kib", "mb", "mib", "gb", "gib", "tb"), "size"),
    **dict.fromkeys(("ms", "s", "sec", "second", "seconds", "minute", "minutes", "min", "hour",
                     "hours", "h", "day", "days", "week", "weeks", "month", "months", "year",
                     "years"), "time"),
    **dict.fromkeys(("mb/s", "mib/s", "kb/s", "gb/s"), "throughput"),
}  # fmt: skip


def _unit(text: str) -> str | None:
    """The unit family of a value such as "400 KB" (size), "30 seconds" (time) or
    "3,000 RCU" (RCU: read and write capacity units are told apart on purpose)."""
    match = UNIT_RE.match(text)
    if not match:
        return None
    unit = singular(match.group(1).casefold())
    return UNIT_FAMILIES.get(unit, unit)


def is_true_false(question: Question) -> bool:
    return question.kind == QuestionKind.TRUE_FALSE


def item_problems(question: Question) -> list[str]:
    """Every quality rule the item breaks; empty when it is fit to ask."""
    problems: list[str] = []
    choices = question.choices
    is_choice = question.answer_mode != AnswerMode.NUMERIC
    if is_choice and not is_true_false(question) and len(choices) < MIN_OPTIONS:
        problems.append(f"{len(choices)} options; an exam item has at least {MIN_OPTIONS}")
    if question.answer_mode == AnswerMode.MULTIPLE:
        count = len(question.correct_choices)
        word = NUMBER_WORDS.get(count, str(count))
        if not re.search(rf"\bchoose {word}\b", question.prompt, re.I):
            problems.append(f"a multiple-answer item must say 'Choose {word}'")
        if re.search(r"all that apply", question.prompt, re.I):
            problems.append("'all that apply' instead of the count")
    if not is_true_false(question):
        problems.extend(_give_away(question))
    units = {_unit(c.text) for c in choices} - {None}
    if len(units) > 1 and any(_unit(c.text) for c in question.correct_choices):
        listed = ", ".join(sorted(u for u in units if u))
        problems.append(f"options in more than one unit ({listed})")
    # One search per rule: no rule matches across a line break, so the texts are read as
    # lines of one string.
    texts = "\n".join([question.prompt, *(c.text for c in choices)])
    problems.extend(message for pattern, message in GRAMMAR_RULES if pattern.search(texts))
    return problems


def _give_away(question: Question) -> list[str]:
    short_keys = [
        choice for choice in question.correct_choices if len(choice.text.split()) <= SHORT_KEY_WORDS
    ]
    if not short_keys:
        return []
    stem = _words(question.prompt)
    wrong = set().union(*(_words(c.text) for c in question.choices if not c.correct))
    found = []
    for choice in short_keys:
        telling = (_words(choice.text) - wrong) & stem
        if telling:
            found.append(f"the stem gives the answer away ({', '.join(sorted(telling))})")
    return found


def _key(question: Question) -> tuple[str, ...]:
    if question.answer_mode == AnswerMode.NUMERIC:
        return (str(question.answer), question.unit)
    return tuple(sorted(" ".join(c.text.casefold().split()) for c in question.correct_choices))


def near_duplicates(questions: list[Question]) -> list[tuple[str, str]]:
    """Pairs of items that ask the same thing: nearly the same stem and the same key (two
    templated items about different facts differ in their keys and are no duplicates)."""
    pairs = []
    items = [
        (q.uid, " ".join(q.prompt.casefold().split()), _key(q))
        for q in questions
        # Variants of one calculation, and true/false statements (one per fact in a quiz),
        # share their stems by design.
        if q.kind not in (QuestionKind.CALCULATED, QuestionKind.TRUE_FALSE)
    ]
    for i, (uid, prompt, key) in enumerate(items):
        for other_uid, other, other_key in items[i + 1 :]:
            if key != other_key:
                continue
            matcher = SequenceMatcher(None, prompt, other, autojunk=False)
            if matcher.real_quick_ratio() >= NEAR_DUPLICATE and matcher.ratio() >= NEAR_DUPLICATE:
                pairs.append((uid, other_uid))
    return pairs
