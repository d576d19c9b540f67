"""Item statistics as pure functions: plain values in, plain values out (no ORM).

The formulas are Moodle's quiz statistics. Marks are 0..1; every variance and covariance
uses n - 1, and ratios of them (correlations, efficiency, alpha) do not depend on that choice.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

MIN_N = 20  # below this the figures are shown but not judged
MIN_DISCRIMINATION = 30.0
MIN_FACILITY = 0.2
MAX_FACILITY = 0.95


class Response(NamedTuple):
    """One learner's answer to one item, with what the rest of their attempt scored.

    A named tuple, not a dataclass: a recomputation makes hundreds of thousands."""

    attempt: int  # breaks ties between equal scores, so thirds never wobble
    mark: float
    rest: float | None  # proportion right on the attempt's other questions; None if none
    score: float  # proportion right on the whole attempt, for the thirds
    picked: frozenset[str] = frozenset()  # identities of the choices picked


@dataclass(frozen=True)
class ChoiceRow:
    identity: str
    is_key: bool
    overall: int
    top: int
    bottom: int
    overall_share: float
    top_share: float | None
    bottom_share: float | None


@dataclass(frozen=True)
class ItemStats:
    n: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    choices: tuple[ChoiceRow, ...] = ()
    top_n: int = 0
    bottom_n: int = 0
    reasons: tuple[str, ...] = field(default=())

    @property
    def judged(self) -> bool:
        return self.n >= MIN_N

    @property
    def needs_checking(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class FormStats:
    n: int
    items: int
    mean_score: float | None
    alpha: float | None  # percent
    error_ratio: float | None  # percent
    standard_error: float | None  # in the units of `scale`


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def variance(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    m = mean(values)
    deviations = [v - m for v in values]
    return math.sumprod(deviations, deviations) / (len(values) - 1)


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) != len(ys):
        raise ValueError("covariance needs pairs")
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    return math.sumprod([x - mx for x in xs], [y - my for y in ys]) / (len(xs) - 1)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """None when either side does not vary: the correlation is undefined then."""
    cov, vx, vy = covariance(xs, ys), variance(xs), variance(ys)
    if cov is None or not vx or not vy:
        return None
    return cov / math.sqrt(vx * vy)


def discriminative_efficiency(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Covariance over the largest covariance the two distributions allow (both sorted)."""
    cov = covariance(xs, ys)
    best = covariance(sorted(xs), sorted(ys))
    if cov is None or not best:
        return None
    return 100 * cov / best


def thirds(responses: Sequence[Response]) -> tuple[list[Response], list[Response]]:
    """The top and bottom thirds by attempt score (n // 3 each; ties by attempt)."""
    size = len(responses) // 3
    # Two stable sorts on attributes (by attempt, then by score, highest first) order as one
    # sort on (-score, attempt) would, without a Python key function per response.
    ranked = sorted(responses, key=attrgetter("attempt"))
    ranked.sort(key=attrgetter("score"), reverse=True)
    return ranked[:size], ranked[len(ranked) - size :] if size else []


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def _picks(responses: Iterable[Response]) -> Counter[str]:
    """How many responses picked each choice, in one pass (a response picks few)."""
    counts: Counter[str] = Counter()
    for response in responses:
        for identity in response.picked:
            counts[identity] += 1
    return counts


def item_statistics(
    responses: Sequence[Response], choices: Sequence[tuple[str, bool]] = ()
) -> ItemStats:
    """Figures of one item; `choices` are (identity, is the key) in display order."""
    n = len(responses)
    if n == 0:
        return ItemStats(n=0, facility=None, sd=None, discrimination=None, efficiency=None)
    marks = [r.mark for r in responses]
    sd = variance(marks)
    paired = [r for r in responses if r.rest is not None]
    xs = [r.mark for r in paired]
    ys = [r.rest for r in paired if r.rest is not None]
    r_value = pearson(xs, ys)
    efficiency = discriminative_efficiency(xs, ys)
    top, bottom = thirds(responses)
    overall, in_top, in_bottom = _picks(responses), _picks(top), _picks(bottom)
    rows = tuple(
        ChoiceRow(
            identity=identity,
            is_key=is_key,
            overall=overall[identity],
            top=in_top[identity],
            bottom=in_bottom[identity],
            overall_share=overall[identity] / n,
            top_share=_share(in_top[identity], len(top)),
            bottom_share=_share(in_bottom[identity], len(bottom)),
        )
        for identity, is_key in choices
    )
    stats = ItemStats(
        n=n,
        facility=mean(marks),
        sd=None if sd is None else math.sqrt(sd),
        discrimination=None if r_value is None else 100 * r_value,
        efficiency=efficiency,
        choices=rows,
        top_n=len(top),
        bottom_n=len(bottom),
    )
    return _with_reasons(stats)


def _with_reasons(stats: ItemStats) -> ItemStats:
    if stats.n < MIN_N or stats.facility is None:
        return stats
    reasons: list[str] = []
    if stats.discrimination is None or stats.discrimination < MIN_DISCRIMINATION:
        reasons.append(f"discrimination below {MIN_DISCRIMINATION:.0f}")
    if stats.facility < MIN_FACILITY:
        reasons.append(f"facility below {MIN_FACILITY:.2f}: most learners get it wrong")
    if stats.facility > MAX_FACILITY:
        reasons.append(f"facility above {MAX_FACILITY:.2f}: almost everyone gets it right")
    keys = [row.top for row in stats.choices if row.is_key]
    if keys:
        for row in stats.choices:
            if not row.is_key and row.top > min(keys):
                reasons.append(f"the top third picked “{row.identity}” more often than the key")
    return ItemStats(**{**stats.__dict__, "reasons": tuple(reasons)})


def form_statistics(matrix: Sequence[Sequence[float]], *, scale: float = 1.0) -> FormStats:
    """Cronbach's alpha of a fixed form: one row per learner, one column per item.

    alpha = 100 × p/(p−1) × (1 − Σ item variances / total variance); error ratio
    = 100 × √(1 − alpha); standard error = √(1 − alpha) × SD of the scores, where a score
    is the proportion right times `scale`.
    """
    n = len(matrix)
    p = len(matrix[0]) if matrix else 0
    if any(len(row) != p for row in matrix):
        raise ValueError("every row of a fixed form has the same items")
    if n == 0 or p == 0:
        return FormStats(n, p, None, None, None, None)
    scores = [scale * sum(row) / p for row in matrix]
    empty = FormStats(n, p, mean(scores), None, None, None)
    if p < 2:
        return empty
    item_variances = [variance([row[i] for row in matrix]) for i in range(p)]
    total_variance = variance([sum(row) for row in matrix])
    if not total_variance or any(v is None for v in item_variances):
        return empty
    alpha = p / (p - 1) * (1 - sum(v for v in item_variances if v is not None) / total_variance)
    error = math.sqrt(1 - alpha)
    score_sd = math.sqrt(variance(scores) or 0.0)
    return FormStats(n, p, mean(scores), 100 * alpha, 100 * error, error * score_sd)
