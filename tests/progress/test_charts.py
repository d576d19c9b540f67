from progress.charts import HEIGHT, LEFT, PLOT_H, TOP, WIDTH, column_chart, score_chart


def test_score_chart_places_scores_and_the_pass_line_on_a_1000_scale():
    chart = score_chart(scores=[("1 Nov", 0), ("2 Nov", 500), ("3 Nov", 1000)], pass_mark=720)
    ys = [p.y for p in chart.points]
    assert ys == [TOP + PLOT_H, TOP + PLOT_H / 2, TOP]
    assert [p.x for p in chart.points] == [LEFT, (LEFT + WIDTH - 12) / 2, WIDTH - 12]
    assert chart.pass_y == round(TOP + PLOT_H * (1 - 0.72), 1)
    assert [p.passed for p in chart.points] == [False, False, True]
    assert chart.polyline.split() == [f"{p.x},{p.y}" for p in chart.points]
    assert [t.label for t in chart.ticks] == ["0", "500", "720", "1000"]


def test_a_single_exam_sits_in_the_middle():
    (point,) = score_chart(scores=[("1 Nov", 720)], pass_mark=720).points
    assert point.passed
    assert LEFT < point.x < WIDTH


def test_column_chart_scales_to_the_largest_day_and_keeps_zero_days_flat():
    chart = column_chart(values=[("1", 0), ("2", 4), ("3", 2)])
    heights = [c.height for c in chart.columns]
    assert heights == [0, PLOT_H, PLOT_H / 2]
    assert all(c.y + c.height == TOP + PLOT_H for c in chart.columns)
    assert chart.columns[0].x < chart.columns[1].x < chart.columns[2].x
    assert chart.height == HEIGHT


def test_column_chart_with_nothing_due_draws_no_bars():
    chart = column_chart(values=[(str(d), 0) for d in range(14)])
    assert all(c.height == 0 for c in chart.columns)
    assert len(chart.columns) == 14
