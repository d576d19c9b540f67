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
    if value == 1 and unit.isalpha() and unit.islower() and len(unit) > 3 and unit[-1] == "s":
        unit = unit[:-1]  # "1 second", not "1 seconds"
    elif value != 1 and unit in SINGULAR_TIME_UNITS:
        unit += "s"  # a fact of "1 year" gets distractors in "2 years"
    return f"{text} {unit}"


def format_date(day: date) -> str:
    """2026-11-01 -> "1 November 2026" (no platform-specific strftime flags)."""
    return f"{day.day} {day:%B %Y}"
