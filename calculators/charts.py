"""Geometry for the small server-rendered bar charts (pure: plain values in and out)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calculators.formulas import plain

WIDTH = 320
ROW_HEIGHT = 40
BAR_HEIGHT = 14
LABEL_BASELINE = 14  # from the top of a row
BAR_TOP = 20  # from the top of a row
MIN_VISIBLE_WIDTH = 2


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal
    highlight: bool = False


@dataclass(frozen=True)
class BarRow:
    label: str
    value_text: str
    highlight: bool
    label_y: int
    bar_y: int
    bar_width: Decimal


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    bar_height: int
    rows: tuple[BarRow, ...]


def _pretty(value: int | Decimal) -> str:
    return f"{Decimal(plain(value)):,f}"


def bar_chart(
    *, title: str, bars: list[Bar], unit: str = "", highlight_note: str = "the result"
) -> BarChart:
    """Horizontal bars scaled to the largest value; the description is the text alternative."""
    largest = max((Decimal(bar.value) for bar in bars), default=Decimal(0))
    rows = []
    for index, bar in enumerate(bars):
        value = Decimal(bar.value)
        width = Decimal(0)
        if largest > 0 and value > 0:
            width = max(value * WIDTH / largest, Decimal(MIN_VISIBLE_WIDTH))
        text = _pretty(bar.value) + (f" {unit}" if unit else "")
        rows.append(
            BarRow(
                label=f"{bar.label}: {text}",
                value_text=text,
                highlight=bar.highlight,
                label_y=index * ROW_HEIGHT + LABEL_BASELINE,
                bar_y=index * ROW_HEIGHT + BAR_TOP,
                bar_width=width.quantize(Decimal("0.1")),
            )
        )
    description = "; ".join(
        f"{row.label}{f' ({highlight_note})' if row.highlight else ''}" for row in rows
    )
    return BarChart(
        title=title,
        description=description + ".",
        width=WIDTH,
        height=len(rows) * ROW_HEIGHT,
        bar_height=BAR_HEIGHT,
        rows=tuple(rows),
    )
