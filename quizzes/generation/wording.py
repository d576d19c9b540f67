"""How generators write values and sentences, and compare texts."""

from __future__ import annotations

import re

from core.formatting import format_value
from studyguide.records import FactData

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
QUESTION_WORDS = frozenset({"how", "what", "which", "when", "where", "why", "whether", "who"})
# Head nouns that end in "s" but are singular.
SINGULAR_ENDING_IN_S = frozenset(
    {"status", "analysis", "bus", "access", "process", "class", "alias", "series", "basis"}
)
# Words that end a noun phrase's head: "the engines [that] ...", "the size [of] ...".
HEAD_ENDERS = frozenset(
    {"of", "that", "which", "who", "per", "in", "for", "on", "a", "an", "the", "to", "from",
     "with", "by", "at", "each", "every", "before", "after", "when", "where", "can", "may",
     "is", "are", "amazon", "aws"}
)  # fmt: skip


def fact_value_text(fact: FactData) -> str:
    return format_value(fact.value, fact.unit)


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def can_quiz(fact: FactData) -> bool:
    """A fact a quiz may ask about as certain: checked against current AWS documentation,
    with a name that reads as a noun phrase."""
    return fact.verified and reads_as_noun_phrase(fact.name)


def count_words(count: int) -> str:
    """2 -> "two"; numbers without a word stay digits."""
    return {1: "one", **NUMBER_WORDS}.get(count, str(count))


def choose_phrase(count: int) -> str:
    """The exam's way of stating how many to pick: "Choose two." """
    return f"Choose {count_words(count)}."


def reads_as_noun_phrase(name: str) -> bool:
    """A fact name must fit "What is {name}?"; "how far ahead ..." does not."""
    first = name.split(" ", 1)[0].casefold()
    return bool(name) and first not in QUESTION_WORDS


def is_plural(noun_phrase: str) -> bool:
    """Whether a noun phrase such as "the broker engines Amazon MQ manages" is plural: its
    head is the last word before a preposition, relative word or proper name."""
    words = re.findall(r"[A-Za-z0-9'-]+", noun_phrase)
    head = ""
    for index, word in enumerate(words):
        if index and (word.casefold() in HEAD_ENDERS or word[:1].isupper()):
            break
        head = word
    head = head.casefold()
    return (
        len(head) > 3
        and head.endswith("s")
        and not head.endswith("ss")
        and head not in SINGULAR_ENDING_IN_S
    )


def copula(noun_phrase: str) -> str:
    return "are" if is_plural(noun_phrase) else "is"
