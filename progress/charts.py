"""Geometry for the dashboard's server-rendered SVG charts (pure: plain values in and out).

Templates draw the shapes; every chart also has a <table> with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
# Margins fit labels at the largest font static/css/progress.css uses (27 of these units, on a
# phone-width chart), so that text stays at least 12 px on screen and is never clipped.
LEFT = 80  # room for the y-axis labels ("1000")
RIGHT = 12
TOP = 16  # half a label above the top tick
BOTTOM = 36  # room for the x-axis labels
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Tick:
    label: str
    y: float


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # x-axis label
    value: int
    passed: bool


@dataclass(frozen=True)
class ScoreChart:
    width: int
    height: int
    left: int
    right_edge: int
    points: tuple[Point, ...]
    polyline: str
    pass_y: float
    ticks: tuple[Tick, ...]
    bottom_y: int


def _y(value: float, top: float) -> float:
    return round(TOP + PLOT_H * (1 - value / top), 1)


def score_chart(*, scores: list[tuple[str, int]], pass_mark: int, top: int = 1000) -> ScoreChart:
    """Exam scores (oldest first) as a line over time, with the pass mark as a rule."""
    count = len(scores)
    step = PLOT_W / (count - 1) if count > 1 else 0
    points = tuple(
        Point(
            x=round(LEFT + (index * step if count > 1 else PLOT_W / 2), 1),
            y=_y(score, top),
            label=label,
            value=score,
            passed=score >= pass_mark,
        )
        for index, (label, score) in enumerate(scores)
    )
    return ScoreChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        pass_y=_y(pass_mark, top),
        ticks=tuple(Tick(str(v), _y(v, top)) for v in (0, 500, pass_mark, top)),
        bottom_y=HEIGHT - BOTTOM,
    )


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    label_x: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    left: int
    right_edge: int
    columns: tuple[Column, ...]
    ticks: tuple[Tick, ...]
    bottom_y: int
    label_y: int


def column_chart(*, values: list[tuple[str, int]]) -> ColumnChart:
    """Vertical bars from zero, scaled to the largest value (at least 1)."""
    largest = max([value for _, value in values] + [1])
    slot = PLOT_W / max(len(values), 1)
    bar = round(slot * 0.7, 1)
    columns = []
    for index, (label, value) in enumerate(values):
        height = round(PLOT_H * value / largest, 1)
        x = round(LEFT + index * slot + (slot - bar) / 2, 1)
        columns.append(
            Column(
                x=x,
                y=round(TOP + PLOT_H - height, 1),
                width=bar,
                height=height,
                label=label,
                value=value,
                label_x=round(x + bar / 2, 1),
            )
        )
    ticks = tuple(
        Tick(str(v), _y(v, largest)) for v in sorted({0, largest // 2, largest}) if v >= 0
    )
    return ColumnChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        columns=tuple(columns),
        ticks=ticks,
        bottom_y=HEIGHT - BOTTOM,
        label_y=HEIGHT - 8,
    )
