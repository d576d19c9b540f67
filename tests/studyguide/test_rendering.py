import re
from datetime import date
from decimal import Decimal

import pytest

from core.formatting import format_value
from studyguide.records import FactData, LegacyValue, TableColumn, TableData, TableRow
from studyguide.rendering import render_lesson, render_markdown

RETENTION = FactData(
    key="kinesis.retention.max",
    topic="kinesis",
    name="the maximum retention of a stream",
    statement="A stream keeps records for up to 365 days.",
    value=Decimal(365),
    unit="days",
    source_url="https://docs.aws.amazon.com/streams/latest/dev/retention.html",
    as_of=date(2026, 11, 1),
    legacy=LegacyValue(value=Decimal(7), year=2019),
)
SHARD = FactData(
    key="kinesis.shard.write",
    topic="kinesis",
    name="the write limit of a shard",
    statement="A shard takes 1 MB per second.",
    value=Decimal(1),
    unit="MB per second",
    source_url="https://docs.aws.amazon.com/streams/latest/dev/limits.html",
    as_of=date(2026, 10, 2),
    verified=False,
)
TABLE = TableData(
    slug="sqs-vs-sns",
    topic="messaging",
    title="SQS vs SNS",
    subject="service",
    caption="Pull or push.",
    source_url="https://docs.aws.amazon.com/sns/latest/dg/welcome.html",
    as_of=date(2026, 11, 1),
    columns=(TableColumn(key="model", label="Delivery model"),),
    rows=(
        TableRow(label="Amazon SQS", cells={"model": "Consumers poll"}),
        TableRow(label="Amazon <SNS>", cells={"model": "Pushes"}),
    ),
)
FACTS = {RETENTION.key: RETENTION, SHARD.key: SHARD}


def render(body: str):
    return render_lesson(body, facts=FACTS, tables={TABLE.slug: TABLE})


def test_fact_token_shows_value_unit_source_and_date_in_a_focusable_link():
    html = render("Streams keep data for {{fact:kinesis.retention.max}}.").html
    assert '<a class="fact-value" href="#fact-note-1"' in html
    assert "365 days" in html
    assert "Source: docs.aws.amazon.com, as of 1 November 2026." in html
    assert 'role="tooltip"' in html
    assert "{{fact" not in html


def test_a_list_item_of_only_a_fact_reads_as_its_statement_with_the_value():
    html = render(
        "## Key facts\n- {{fact:kinesis.retention.max}}\n- {{fact:kinesis.shard.write}} and more\n"
    ).html
    first, second = re.findall(r"<li>(.*?)</li>", html, re.S)
    assert first.startswith('A stream keeps records for up to 365 days. <span class="fact">')
    assert "365 days" in first
    # An item with its own words keeps them and gets no statement added.
    assert "A shard takes" not in second
    assert second.endswith("and more")


def test_legacy_value_says_what_older_guides_say():
    rendered = render("{{fact:kinesis.retention.max}}")
    assert "older guides say 7 days (2019)" in rendered.html
    assert rendered.notes[0].legacy == "older guides say 7 days (2019)"


def test_unverified_fact_says_so():
    rendered = render("{{fact:kinesis.shard.write}}")
    assert "Not yet verified." in rendered.html
    assert rendered.notes[0].fact.verified is False


def test_footnotes_are_numbered_once_per_fact_in_order_of_first_use():
    rendered = render(
        "{{fact:kinesis.shard.write}} then {{fact:kinesis.retention.max}} "
        "and {{fact:kinesis.shard.write}} again"
    )
    assert [(n.number, n.fact.key) for n in rendered.notes] == [
        (1, "kinesis.shard.write"),
        (2, "kinesis.retention.max"),
    ]
    assert rendered.html.count('href="#fact-note-1"') == 2
    # each quotation has its own tooltip id
    assert len(set(re.findall(r'id="(fact-tip-\d+)"', rendered.html))) == 3


def test_unknown_fact_is_shown_as_missing_not_an_error():
    html = render("{{fact:no.such}}").html
    assert "[unknown fact no.such]" in html


def test_diagram_becomes_a_static_image_with_alt_text_linked_to_its_full_size_svg():
    html = render('![Saga "coordinator" <flow>](diagram:saga-coordinator)').html
    assert (
        '<a class="diagram-link" href="/static/diagrams/saga-coordinator.svg">'
        '<img class="diagram" src="/static/diagrams/saga-coordinator.svg" '
        'alt="Saga &quot;coordinator&quot; &lt;flow&gt;">'
        '<span class="diagram-open">Open the diagram full size</span></a>'
    ) in html


def test_wide_table_hint_stands_hidden_just_before_each_scroll_box():
    comparison = render("{{table:sqs-vs-sns}}").html
    markdown = render_markdown("| A | B |\n|---|---|\n| 1 | 2 |\n")
    for html in (comparison, markdown):
        hint, box = html.split('<div class="table-scroll"', 1)
        assert hint.endswith(
            '<p class="scroll-hint" hidden>Scroll sideways to see every column '
            '<span aria-hidden="true">→</span></p>'
        )
        assert box.startswith(' tabindex="0" role="region"')


def test_table_token_renders_an_accessible_comparison_table():
    html = render("Compare:\n\n{{table:sqs-vs-sns}}\n\nDone.").html
    assert '<div class="table-scroll" tabindex="0" role="region"' in html
    assert "<caption" in html
    assert "<strong>SQS vs SNS</strong>" in html
    assert '<th scope="col">Service</th><th scope="col">Delivery model</th>' in html
    assert '<th scope="row">Amazon &lt;SNS&gt;</th><td>Pushes</td>' in html
    assert "<p><div" not in html
    assert "as of 1 November 2026" in html


def test_markdown_tables_get_header_scope_and_scroll_wrapper():
    html = render_markdown("| A | B |\n|:--|--:|\n| 1 | 2 |\n")
    assert '<th scope="col">A</th>' in html
    assert 'class="table-scroll"' in html
    assert "style=" not in html


def test_markdown_basics_render():
    html = render_markdown("## Key facts\n\n- **bold** and `code`\n")
    assert "<h2>Key facts</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<code>code</code>" in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert('x')</script>text", "<script"),
        ("<script>alert('x')</script>text", "alert"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="/x" onclick="steal()">x</a>', "onclick"),
        ("[click](javascript:alert(1))", 'href="javascript'),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p style="color:red">x</p>', "style="),
        ("<style>body{}</style>", "<style"),
    ],
)
def test_sanitizing_strips_scripts_handlers_and_javascript_links(source, forbidden):
    html = render(source + "\n\n{{fact:kinesis.retention.max}}").html
    assert forbidden not in html
    assert "365 days" in html


def test_author_cannot_forge_placeholders_or_inject_through_tokens():
    html = render("{{fact:kinesis.retention.max<script>}} sgph0n0e").html
    assert "<script" not in html


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal(14), "days", "14 days"),
        (Decimal(2019), "", "2019"),
        (Decimal(86400), "seconds", "86,400 seconds"),
        (Decimal("0.5"), "KB", "0.5 KB"),
        (Decimal(50), "%", "50%"),
        ("launch template", "", "launch template"),
    ],
)
def test_values_are_formatted_with_their_units(value, unit, shown):
    assert format_value(value, unit) == shown


def test_each_markdown_table_region_has_its_own_name():
    html = render_markdown("| A |\n|---|\n| 1 |\n\ntext\n\n| B |\n|---|\n| 2 |\n")
    assert 'aria-label="Scrollable table 1"' in html
    assert 'aria-label="Scrollable table 2"' in html


def test_empty_corner_header_becomes_a_data_cell():
    html = render_markdown("| | A |\n|---|---|\n| x | 1 |\n")
    assert "<td></td>" in html
    assert '<th scope="col"></th>' not in html
    assert '<th scope="col">A</th>' in html


def test_dates_are_written_day_month_year_without_a_leading_zero():
    from core.formatting import format_date

    assert format_date(date(2026, 11, 1)) == "1 November 2026"
    assert format_date(date(2027, 3, 14)) == "14 March 2027"
