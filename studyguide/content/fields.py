"""Typed reading of one YAML mapping: each bad field becomes a problem at its line.

Text is checked against the database column it is stored in (`limit`), and numbers against
the decimal columns' digits, so nothing reaches the database that it would refuse or cut.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.db import models

from studyguide.content.patterns import SLUG_RE
from studyguide.content.problems import Problems
from studyguide.content.yaml_lines import BadScalar, line_of
from studyguide.models import DECIMAL_PLACES, MAX_DIGITS
from studyguide.records import FactValue

MAX_INTEGER_DIGITS = MAX_DIGITS - DECIMAL_PLACES


def column_limit(model: type[models.Model], name: str) -> int:
    """The max_length of the model's text column `name`, as the database enforces it."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} is not a text column with a max_length")
    return field.max_length


class Record:
    """Typed access to one YAML mapping that records a problem for each bad field."""

    def __init__(self, problems: Problems, file: str, where: str, data: Any):
        self.problems = problems
        self.file = file
        self.where = where
        self.ok = isinstance(data, dict)
        self.data: dict[Any, Any] = data if isinstance(data, dict) else {}
        self.line = line_of(data)
        if not self.ok:
            problems.add(file, None, where, "must be a mapping of field: value")

    def field(self, name: str) -> str:
        return f"{self.where}.{name}"

    def problem(self, name: str, message: str) -> None:
        self.problems.add(
            self.file, line_of(self.data, name) or self.line, self.field(name), message
        )
        self.ok = False

    def check_fields(self, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        required = tuple(required)
        allowed = set(required) | set(optional)
        for name in required:
            if name not in self.data:
                self.problems.add(self.file, self.line, self.field(name), f"missing field {name!r}")
                self.ok = False
        for name in self.data:
            if name not in allowed:
                self.problem(
                    name, f"unknown field {name!r} (allowed: {', '.join(sorted(allowed))})"
                )

    def check_length(self, name: str, value: str, limit: int | None) -> None:
        if limit is not None and len(value) > limit:
            self.problem(name, f"is {len(value)} characters long: at most {limit} fit")

    def text(
        self,
        name: str,
        *,
        allow_empty: bool = False,
        default: str | None = None,
        limit: int | None = None,
    ) -> str:
        if name not in self.data:
            return default if default is not None else ""
        value = self.data[name]
        if isinstance(value, bool):
            self.problem(
                name,
                "must be text, but YAML reads a bare yes/no/true/false/on/off as true or "
                'false: put it in quotes ("No")',
            )
            return ""
        if not isinstance(value, str):
            self.problem(name, f"must be text, not {type(value).__name__} (put it in quotes)")
            return ""
        if not allow_empty and not value.strip():
            self.problem(name, "must not be empty")
        self.check_length(name, value, limit)
        return value

    def slug(
        self,
        name: str,
        pattern: re.Pattern[str] = SLUG_RE,
        what: str = "a slug",
        *,
        limit: int | None = None,
    ) -> str:
        value = self.text(name, limit=limit)
        if value and not pattern.match(value):
            self.problem(name, f"{value!r} is not {what}")
        return value

    def url(self, name: str, *, limit: int | None = None) -> str:
        value = self.text(name, limit=limit)
        if value:
            parts = urlsplit(value)
            if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in value):
                self.problem(name, f"{value!r} must be an https:// URL")
        return value

    def date(self, name: str) -> date:
        value = self.data.get(name)
        if isinstance(value, datetime):
            self.problem(name, "must be a date like 2026-11-01, without a time")
        elif isinstance(value, date):
            return value
        elif isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                self.problem(name, f"{value!r} is not a date like 2026-11-01")
        elif name in self.data:
            shown = value.text if isinstance(value, BadScalar) else value
            self.problem(name, f"{shown!r} is not a date like 2026-11-01")
        return date.min

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.problem(name, "must be true or false")
            return default
        return value

    def positive_integer(self, name: str, *, maximum: int) -> int:
        if name not in self.data:
            return 1  # check_fields reports a missing required field
        value = self.data[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
            self.problem(name, f"must be a whole number from 1 to {maximum}")
            return 1
        return value

    def number(self, name: str) -> Decimal | None:
        value = self.data.get(name)
        number = _as_number(value)
        if number is None:
            self.problem(name, "must be a number")
        elif error := _number_error(number):
            self.problem(name, error)
            return None
        return number

    def fact_value(self, name: str, *, limit: int) -> FactValue:
        value = self.data.get(name)
        number = _as_number(value)
        if number is not None:
            if error := _number_error(number):
                self.problem(name, error)
            return number
        if isinstance(value, str) and value.strip():
            self.check_length(name, value, limit)
            return value
        if isinstance(value, bool):
            self.problem(name, "must be a number or text: put yes/no/true/false in quotes")
        elif isinstance(value, (date, BadScalar)):
            self.problem(name, "must be a number or text: put a date value in quotes")
        else:
            self.problem(name, "must be a number or a short text")
        return ""

    def items(self, name: str, *, required: bool = True) -> list[Any]:
        value = self.data.get(name)
        if value is None:
            if required and name in self.data:
                self.problem(name, "must be a list")
            return []
        if not isinstance(value, list):
            self.problem(name, "must be a list")
            return []
        return value


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    return None


def _number_error(number: Decimal) -> str:
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int):
        return "must be a finite number"
    places = max(0, -exponent)
    integer_digits = max(0, len(digits) + exponent)
    if places > DECIMAL_PLACES or integer_digits > MAX_INTEGER_DIGITS:
        return (
            f"{number} is out of range: a number has at most {MAX_INTEGER_DIGITS} digits "
            f"before and {DECIMAL_PLACES} after the point"
        )
    return ""
