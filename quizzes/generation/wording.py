"""How generators write values and sentences, and compare texts."""

from __future__ import annotations

from core.formatting import format_value
from studyguide.records import FactData


def fact_value_text(fact: FactData) -> str:
    return format_value(fact.value, fact.unit)


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()
