"""How numbers and values are written everywhere: lessons, the fact base, quizzes."""

from datetime import date
from decimal import Decimal

from studyguide.records import FactValue

YEARS = range(1900, 2100)
SINGULAR_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})


def format_number(value: Decimal) -> str:
    """1000 -> "1,000"; 2.50 -> "2.5"; never scientific notation."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def format_value(value: FactValue, unit: str = "") -> str:
    if not unit and isinstance(value, Decimal) and value in YEARS:
        return str(int(value))  # a bare four-digit whole number is a year: 2019, not 2,019
    text = format_number(value) if isinstance(value, Decimal) else value.strip()
    if not unit:
        return text
    if unit.startswith("%"):
        return text + unit
    if value == 1 and unit.isalpha() and unit.islower() and len(unit) > 3:
        unit = singular(unit)  # "1 second", not "1 seconds"; "1 copy", not "1 copie"
    elif value != 1 and unit in SINGULAR_TIME_UNITS:
        unit += "s"  # a fact of "1 year" gets distractors in "2 years"
    return f"{text} {unit}"


def singular(noun: str) -> str:
    """The singular of a lowercase English plural; a word that is not one comes back as is."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "sses", "xes", "zes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun[:-1]
    return noun


def format_date(day: date) -> str:
    """2026-11-01 -> "1 November 2026" (no platform-specific strftime flags)."""
    return f"{day.day} {day:%B %Y}"
