"""Geometry for the small server-rendered bar charts (pure: plain values in and out)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calculators import formulas
from core.formatting import format_number

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


def grouped_number(value: int | Decimal) -> str:
    """The number for people: thousands separators, at most 4 decimals, none trailing."""
    return format_number(Decimal(formulas.plain_number(value)))


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
        text = grouped_number(bar.value) + (f" {unit}" if unit else "")
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


# --- each calculator's chart -----------------------------------------------------------


def partitions_chart(result: formulas.PartitionsResult) -> BarChart:
    return bar_chart(
        title="Partitions by capacity and by size",
        bars=[
            Bar("By capacity", result.partitions_by_capacity),
            Bar("By size", result.partitions_by_size),
            Bar("Partitions", result.partitions, highlight=True),
        ],
    )


def capacity_chart(result: formulas.CapacityResult) -> BarChart:
    return bar_chart(
        title="Read and write capacity units",
        bars=[
            Bar("Read capacity units", result.rcu, highlight=True),
            Bar("Write capacity units", result.wcu, highlight=True),
        ],
    )


def shards_chart(result: formulas.ShardsResult) -> BarChart:
    binding = result.binding_limit
    write_mb = formulas.SHARD_WRITE_KB // formulas.KIB_PER_MIB
    read_mb = formulas.SHARD_READ_KB // formulas.KIB_PER_MIB
    return bar_chart(
        title="Shards each limit needs",
        bars=[
            Bar(
                f"By records ({formulas.SHARD_WRITE_RECORDS:,}/s)",
                result.shards_by_records,
                binding == "records",
            ),
            Bar(f"By write ({write_mb} MB/s)", result.shards_by_write, binding == "write"),
            Bar(f"By read ({read_mb} MB/s)", result.shards_by_read, binding == "read"),
        ],
        highlight_note="the binding limit",
    )


def target_tracking_chart(result: formulas.TargetTrackingResult) -> BarChart:
    return bar_chart(
        title="Capacity now and desired, within the group's limits",
        bars=[
            Bar("Minimum", result.min_capacity),
            Bar("Current", result.current),
            Bar("Desired", result.desired, highlight=True),
            Bar("Maximum", result.max_capacity),
        ],
        unit="instances",
    )
