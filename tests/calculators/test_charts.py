from decimal import Decimal

from calculators.charts import WIDTH, Bar, bar_chart


def test_bars_scale_to_the_largest_value():
    chart = bar_chart(title="Shards", bars=[Bar("A", 2), Bar("B", 4, highlight=True), Bar("C", 1)])
    assert [row.bar_width for row in chart.rows] == [Decimal(160), Decimal(320), Decimal(80)]
    assert chart.width == WIDTH
    assert chart.height == 3 * 40
    assert [row.highlight for row in chart.rows] == [False, True, False]


def test_zero_is_an_empty_bar_and_a_tiny_value_still_shows():
    chart = bar_chart(title="T", bars=[Bar("zero", 0), Bar("tiny", 1), Bar("huge", 10**7)])
    widths = [row.bar_width for row in chart.rows]
    assert widths[0] == 0
    assert widths[1] == 2  # visible, though 1 / 10,000,000 of the width would not be
    assert widths[2] == WIDTH


def test_all_zero_bars_do_not_divide_by_zero():
    chart = bar_chart(title="T", bars=[Bar("a", 0), Bar("b", 0)])
    assert [row.bar_width for row in chart.rows] == [0, 0]


def test_description_is_a_text_alternative_with_every_value():
    chart = bar_chart(
        title="Capacity",
        bars=[Bar("Current", 4), Bar("Desired", 12000, highlight=True)],
        unit="instances",
    )
    assert chart.description == "Current: 4 instances; Desired: 12,000 instances (the result)."
    assert chart.rows[1].label == "Desired: 12,000 instances"
