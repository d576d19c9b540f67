from typing import Any

from django import template

from calculators.charts import grouped_number
from calculators.formulas import plain_number

register = template.Library()

# For data-value: no separators, no exponent, no trailing zeros.
register.filter("plain_number", plain_number)
# For people: thousands separators, as many decimals as the number has.
register.filter("grouped_number", grouped_number)


@register.filter
def signed_change(value: int) -> str:
    """A change with its sign: +2, −3, 0."""
    if value > 0:
        return f"+{value:,}"
    if value < 0:
        return f"−{-value:,}"
    return "0"


@register.filter
def figure_value(result: Any, name: str) -> Any:
    """The result's number that a registry Figure names."""
    return getattr(result, name)
