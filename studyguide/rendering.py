"""Lesson Markdown to safe HTML, with facts, comparison tables and diagrams filled in.

Tokens ({{fact:KEY}}, {{table:SLUG}}, ![alt](diagram:NAME)) are swapped for random
placeholders before Markdown runs, the Markdown output is sanitized with nh3, and only
then are the placeholders replaced by HTML built here with escaping. So nothing an author
writes can reach the page unsanitized, and our own markup never passes through nh3.
"""

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from core.formatting import format_date, format_value
from studyguide.content.patterns import DIAGRAM_RE, FACT_TOKEN_RE, TABLE_TOKEN_RE
from studyguide.records import FactData, LegacyValue, TableData

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
    "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "img", "del", "s",
    "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
URL_SCHEMES = {"https", "http", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": True}).enable("table")

# Stands just before each table's scroll box; static/js/scroll-hints.js unhides it while the
# table is wider than its box. Without script the box's edge shadows are the cue.
SCROLL_HINT = mark_safe(  # a constant
    '<p class="scroll-hint" hidden>Scroll sideways to see every column '
    '<span aria-hidden="true">→</span></p>'
)


def render_markdown(text: str) -> str:
    """Markdown to sanitized HTML: raw HTML, scripts, event handlers and javascript: go."""
    html = nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # Markdown tables get header scopes and a scroll wrapper so wide ones fit a phone; each
    # wrapper is a landmark, so each needs its own name.
    count = iter(range(1, html.count("<table>") + 1))
    html = re.sub(
        "<table>",
        lambda _: (
            f'{SCROLL_HINT}<div class="table-scroll" tabindex="0" role="region" '
            f'aria-label="Scrollable table {next(count)}"><table>'
        ),
        html,
    )
    # An empty corner cell ("| | A | B |") heads nothing: a data cell says so to screen readers.
    html = html.replace("<th></th>", "<td></td>")
    return html.replace("<th>", '<th scope="col">').replace("</table>", "</table></div>")


# ---------------------------------------------------------------------------------------
# Display helpers shared with the fact base pages


def legacy_text(legacy: LegacyValue | None, unit: str) -> str:
    if legacy is None:
        return ""
    return f"older guides say {format_value(legacy.value, unit)} ({legacy.year})"


def source_host(url: str) -> str:
    return urlsplit(url).netloc or url


# ---------------------------------------------------------------------------------------
# Lessons


FACT_ITEM_RE = re.compile(
    r"^(?P<bullet>[ \t]*[-*+][ \t]+)\{\{fact:(?P<key>[^{}\s]+)\}\}[ \t]*$", re.MULTILINE
)


@dataclass(frozen=True)
class FactNote:
    number: int
    fact: FactData
    display: str
    legacy: str  # "older guides say 7 days (2019)" or ""
    as_of: str


@dataclass(frozen=True)
class RenderedLesson:
    html: SafeString
    notes: tuple[FactNote, ...]


def lesson_references(body: str) -> tuple[list[str], list[str]]:
    """The fact keys and table slugs a lesson body quotes, in order of first use."""
    facts = list(dict.fromkeys(FACT_TOKEN_RE.findall(body)))
    tables = list(dict.fromkeys(TABLE_TOKEN_RE.findall(body)))
    return facts, tables


def render_lesson(
    body: str, *, facts: Mapping[str, FactData], tables: Mapping[str, TableData]
) -> RenderedLesson:
    nonce = secrets.token_hex(8)
    fragments: dict[str, str] = {}
    block_fragments: set[str] = set()
    notes: dict[str, FactNote] = {}

    def placeholder(html: str, *, block: bool = False) -> str:
        name = f"sgph{nonce}n{len(fragments)}e"
        fragments[name] = html
        if block:
            block_fragments.add(name)
        return name

    def fact_html(match: re.Match[str]) -> str:
        key = match.group(1)
        fact = facts.get(key)
        if fact is None:
            return placeholder(
                format_html('<span class="fact fact-missing">[unknown fact {}]</span>', key)
            )
        note = notes.get(key)
        if note is None:
            note = FactNote(
                number=len(notes) + 1,
                fact=fact,
                display=format_value(fact.value, fact.unit),
                legacy=legacy_text(fact.legacy, fact.unit),
                as_of=format_date(fact.as_of),
            )
            notes[key] = note
        tip_id = f"fact-tip-{len(fragments)}"
        tip = f"Source: {source_host(fact.source_url)}, as of {note.as_of}."
        if note.legacy:
            tip += f" Note: {note.legacy}."
        if not fact.verified:
            tip += " Not yet verified."
        return placeholder(
            format_html(
                '<span class="fact"><a class="fact-value" href="#fact-note-{}" '
                'aria-describedby="{}">{}<sup class="fact-ref">'
                '<span class="visually-hidden">, note </span>{}</sup></a>'
                '<span class="fact-tip" role="tooltip" id="{}">{}</span></span>',
                note.number,
                tip_id,
                note.display,
                note.number,
                tip_id,
                tip,
            )
        )

    def table_html(match: re.Match[str]) -> str:
        table = tables.get(match.group(1))
        if table is None:
            return placeholder(
                format_html('<p class="fact-missing">[unknown table {}]</p>', match.group(1)),
                block=True,
            )
        return placeholder(comparison_table_html(table), block=True)

    def diagram_html(match: re.Match[str]) -> str:
        alt, name = match.group(1), match.group(2)
        src = static(f"diagrams/{name}.svg")
        # The link opens the SVG at its own size: a wide diagram stays readable on a phone.
        return placeholder(
            format_html(
                '<a class="diagram-link" href="{}"><img class="diagram" src="{}" alt="{}">'
                '<span class="diagram-open">Open the diagram full size</span></a>',
                src,
                src,
                alt,
            )
        )

    def fact_item(match: re.Match[str]) -> str:
        fact = facts.get(match["key"])
        if fact is None:
            return match.group(0)
        # A list item that is only a fact ("Key facts") reads as the fact's statement.
        statement = placeholder(format_html("{}", fact.statement))
        return f"{match['bullet']}{statement} {{{{fact:{match['key']}}}}}"

    source = DIAGRAM_RE.sub(diagram_html, body)
    source = FACT_ITEM_RE.sub(fact_item, source)
    source = FACT_TOKEN_RE.sub(fact_html, source)
    source = TABLE_TOKEN_RE.sub(table_html, source)
    html = render_markdown(source)
    for name, fragment in fragments.items():
        if name in block_fragments:
            html = html.replace(f"<p>{name}</p>", fragment)
        html = html.replace(name, fragment)
    return RenderedLesson(
        html=mark_safe(html),  # noqa: S308 - sanitized above, fragments built with escaping
        notes=tuple(notes.values()),
    )


def comparison_table_html(table: TableData) -> str:
    caption_id = f"table-{table.slug}-caption"
    header = format_html_join(
        "", '<th scope="col">{}</th>', ((column.label,) for column in table.columns)
    )
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                row.label,
                format_html_join(
                    "", "<td>{}</td>", ((row.cells.get(c.key, ""),) for c in table.columns)
                ),
            )
            for row in table.rows
        ),
    )
    return format_html(
        '<div class="comparison" id="table-{}">{}'
        '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="{}">'
        '<table><caption id="{}"><strong>{}</strong> <span class="caption-text">{}</span>'
        '</caption><thead><tr><th scope="col">{}</th>{}</tr></thead><tbody>{}</tbody></table>'
        '</div><p class="table-source">Source: <a href="{}">{}</a>, as of {}.</p></div>',
        table.slug,
        SCROLL_HINT,
        caption_id,
        caption_id,
        table.title,
        table.caption,
        table.subject[:1].upper() + table.subject[1:],
        header,
        body,
        table.source_url,
        source_host(table.source_url),
        format_date(table.as_of),
    )
