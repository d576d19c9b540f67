from decimal import Decimal

from django import template

from calculators.formulas import plain as plain_number
from core.formatting import format_number

register = template.Library()


@register.filter
def plain(value: int | Decimal) -> str:
    """The number for data-value: no separators, no exponent, no trailing zeros."""
    return plain_number(value)


@register.filter
def pretty(value: int | Decimal) -> str:
    """The number for people: thousands separators, as many decimals as it has."""
    return format_number(Decimal(value))


@register.filter
def signed(value: int) -> str:
    """A change with its sign: +2, −3, 0."""
    if value > 0:
        return f"+{value:,}"
    if value < 0:
        return f"−{-value:,}"
    return "0"
