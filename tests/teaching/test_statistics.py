"""Item statistics on a small response matrix, checked against figures worked out here
independently with the standard library's statistics module."""

import math
import statistics as st

import pytest
from hypothesis import given
from hypothesis import strategies as hst

from teaching.statistics import (
    MIN_N,
    Response,
    discriminative_efficiency,
    form_statistics,
    item_statistics,
    thirds,
)

# Six learners × four items of a fixed form (1 = right). Item 3 is answered right by the
# weakest learners and wrong by the strongest: a negative-discrimination item.
MATRIX = [
    [1, 1, 1, 0],
    [1, 1, 0, 0],
    [1, 0, 1, 0],
    [1, 1, 0, 1],
    [0, 0, 0, 1],
    [0, 0, 0, 1],
]
ITEMS = 4


def _responses(item: int, picks: list[set[str]] | None = None) -> list[Response]:
    rows = []
    for learner, row in enumerate(MATRIX):
        total = sum(row)
        rows.append(
            Response(
                attempt=learner + 1,
                mark=float(row[item]),
                rest=(total - row[item]) / (ITEMS - 1),
                score=total / ITEMS,
                picked=frozenset(picks[learner]) if picks else frozenset(),
            )
        )
    return rows


def _rest(item: int) -> list[float]:
    return [(sum(row) - row[item]) / (ITEMS - 1) for row in MATRIX]


@pytest.mark.parametrize("item", range(ITEMS))
def test_facility_and_sd_are_the_mean_and_sample_sd_of_the_marks(item):
    marks = [row[item] for row in MATRIX]
    stats = item_statistics(_responses(item))
    assert stats.n == 6
    assert stats.facility == pytest.approx(st.mean(marks))
    assert stats.sd == pytest.approx(st.stdev(marks))


@pytest.mark.parametrize("item", range(ITEMS))
def test_discrimination_is_100_times_the_correlation_with_the_rest(item):
    marks = [float(row[item]) for row in MATRIX]
    expected = 100 * st.correlation(marks, _rest(item))
    assert item_statistics(_responses(item)).discrimination == pytest.approx(expected)


def test_an_item_the_strong_learners_miss_has_negative_discrimination():
    stats = item_statistics(_responses(3))
    # Worked by hand: marks 0,0,0,1,1,1 against rests 1, 2/3, 2/3, 2/3, 0, 0.
    marks = [0, 0, 0, 1, 1, 1]
    rest = [1, 2 / 3, 2 / 3, 2 / 3, 0, 0]
    m_mean, r_mean = 0.5, sum(rest) / 6
    cov = sum((m - m_mean) * (r - r_mean) for m, r in zip(marks, rest, strict=True))
    r = cov / math.sqrt(
        sum((m - m_mean) ** 2 for m in marks) * sum((x - r_mean) ** 2 for x in rest)
    )
    assert stats.discrimination == pytest.approx(100 * r)
    assert stats.discrimination is not None
    assert stats.discrimination < 0


@pytest.mark.parametrize("item", range(ITEMS))
def test_efficiency_is_the_covariance_over_the_covariance_of_the_sorted_lists(item):
    marks = [float(row[item]) for row in MATRIX]
    rest = _rest(item)
    expected = 100 * st.covariance(marks, rest) / st.covariance(sorted(marks), sorted(rest))
    assert item_statistics(_responses(item)).efficiency == pytest.approx(expected)


def test_efficiency_of_a_perfectly_ordered_item_is_100():
    assert discriminative_efficiency([0, 0, 1, 1], [0.1, 0.2, 0.5, 0.9]) == pytest.approx(100)


def test_an_item_everyone_gets_right_has_no_discrimination():
    responses = [Response(i, 1.0, i / 10, 0.5) for i in range(5)]
    stats = item_statistics(responses)
    assert stats.facility == 1
    assert stats.sd == 0
    assert stats.discrimination is None
    assert stats.efficiency is None


def test_thirds_are_the_n_over_3_highest_and_lowest_scores_ties_by_attempt():
    top, bottom = thirds(_responses(0))
    # Scores: 3/4, 2/4, 2/4, 3/4, 1/4, 1/4 for attempts 1..6.
    assert [r.attempt for r in top] == [1, 4]
    assert [r.attempt for r in bottom] == [5, 6]


# The distractor table: choice identities, not positions. Learner 1 and 4 (the top third)
# both pick "SQS", a distractor, while the key "SNS" is picked only by weaker learners.
PICKS = [{"SQS"}, {"SNS"}, {"SNS"}, {"SQS"}, {"Batch"}, {"SNS"}]
CHOICES = [("SNS", True), ("SQS", False), ("Batch", False)]


def test_distractor_table_counts_picks_overall_and_by_thirds():
    stats = item_statistics(_responses(0, PICKS), CHOICES)
    rows = {row.identity: row for row in stats.choices}
    assert (rows["SNS"].overall, rows["SNS"].top, rows["SNS"].bottom) == (3, 0, 1)
    assert (rows["SQS"].overall, rows["SQS"].top, rows["SQS"].bottom) == (2, 2, 0)
    assert (rows["Batch"].overall, rows["Batch"].top, rows["Batch"].bottom) == (1, 0, 1)
    assert rows["SQS"].top_share == 1.0
    assert rows["SNS"].overall_share == pytest.approx(0.5)
    assert stats.top_n == stats.bottom_n == 2


def _scaled(responses: list[Response], times: int) -> list[Response]:
    """The same pattern repeated, so n reaches the judging threshold."""
    return [
        Response(r.attempt + 100 * k, r.mark, r.rest, r.score, r.picked)
        for k in range(times)
        for r in responses
    ]


def test_below_twenty_answers_nothing_is_flagged():
    stats = item_statistics(_responses(3, PICKS), CHOICES)
    assert stats.n < MIN_N
    assert not stats.judged
    assert not stats.needs_checking


def test_a_distractor_the_top_third_prefers_to_the_key_is_flagged():
    stats = item_statistics(_scaled(_responses(0, PICKS), 4), CHOICES)
    assert stats.n == 24
    assert any("“SQS”" in reason for reason in stats.reasons)
    assert not any("“Batch”" in reason for reason in stats.reasons)


def test_negative_discrimination_is_flagged_once_judged():
    stats = item_statistics(_scaled(_responses(3), 4))
    assert stats.discrimination is not None
    assert stats.discrimination < 30
    assert "discrimination below 30" in stats.reasons


def test_too_easy_and_too_hard_items_are_flagged():
    easy = [Response(i, 1.0 if i else 0.0, (i % 5) / 5, 0.5) for i in range(40)]
    hard = [Response(i, 1.0 if i < 4 else 0.0, (i % 5) / 5, 0.5) for i in range(40)]
    assert any("above 0.95" in r for r in item_statistics(easy).reasons)
    assert any("below 0.20" in r for r in item_statistics(hard).reasons)


def test_a_well_behaved_item_is_not_flagged():
    # Strong learners right, weak ones wrong, key picked by the top third.
    responses = [
        Response(i, 1.0 if i % 10 >= 4 else 0.0, (i % 10) / 10, (i % 10) / 10, frozenset())
        for i in range(30)
    ]
    stats = item_statistics(responses)
    assert 0.2 <= (stats.facility or 0) <= 0.95
    assert stats.discrimination is not None
    assert stats.discrimination > 30
    assert stats.reasons == ()


def test_cronbachs_alpha_error_ratio_and_standard_error_of_a_fixed_form():
    form = form_statistics(MATRIX, scale=1000)
    item_variances = [st.variance([row[i] for row in MATRIX]) for i in range(ITEMS)]
    total_variance = st.variance([sum(row) for row in MATRIX])
    alpha = ITEMS / (ITEMS - 1) * (1 - sum(item_variances) / total_variance)
    scores = [1000 * sum(row) / ITEMS for row in MATRIX]
    assert form.n == 6
    assert form.items == ITEMS
    assert form.alpha == pytest.approx(100 * alpha)
    assert form.error_ratio == pytest.approx(100 * math.sqrt(1 - alpha))
    assert form.standard_error == pytest.approx(math.sqrt(1 - alpha) * st.stdev(scores))
    assert form.mean_score == pytest.approx(st.mean(scores))


def test_alpha_is_undefined_when_every_learner_scores_the_same():
    form = form_statistics([[1, 0], [0, 1], [1, 0]])
    assert form.alpha is None
    assert form.error_ratio is None


def test_a_ragged_matrix_is_refused():
    with pytest.raises(ValueError, match="same items"):
        form_statistics([[1, 0], [1]])


def test_no_responses_gives_no_figures():
    stats = item_statistics([])
    assert stats.n == 0
    assert stats.facility is None
    assert not stats.needs_checking


@given(
    hst.lists(
        hst.tuples(hst.sampled_from([0.0, 1.0]), hst.floats(0, 1), hst.floats(0, 1)),
        min_size=2,
        max_size=60,
    )
)
def test_figures_stay_within_their_ranges(rows):
    stats = item_statistics([Response(i, m, r, s) for i, (m, r, s) in enumerate(rows)])
    assert stats.facility is not None
    assert 0 <= stats.facility <= 1
    if stats.discrimination is not None:
        assert -100 - 1e-6 <= stats.discrimination <= 100 + 1e-6
    if stats.efficiency is not None:
        assert stats.efficiency <= 100 + 1e-6
