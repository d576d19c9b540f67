"""Every page type at phone width: nothing wider than the screen, chart text at least 12 px as
rendered, no axe violations; wide tables scroll in their own focusable box with a hint, and
diagrams open full size."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright._impl._api_structures import ViewportSize
from playwright.sync_api import Page, expect

from quizzes.services import answer_record, attempt_start_exam, attempt_submit
from studyguide.content import load_pack
from studyguide.selectors import content_pack_from_database
from studyguide.services import content_import
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE: ViewportSize = {"width": 375, "height": 740}
MEMCACHED_LESSON = "/lessons/caching/memcached-vs-redis/"
# Has both a comparison table (which fits 1280 px but not a phone) and a diagram.
EMR_LESSON = "/lessons/emr/cluster-architecture/"
SMALLEST_CHART_TEXT_PX = 12

# Font size as drawn: the computed size is in the SVG's own units, scaled by how wide the
# SVG is drawn against its viewBox.
CHART_TEXT_SIZES = """() => Array.from(document.querySelectorAll("svg text"))
  .filter((text) => text.getBoundingClientRect().width > 0)
  .map((text) => {
    const svg = text.ownerSVGElement;
    const viewBoxWidth = svg.viewBox.baseVal.width;
    const scale = viewBoxWidth ? svg.getBoundingClientRect().width / viewBoxWidth : 1;
    return [text.textContent.trim(), parseFloat(getComputedStyle(text).fontSize) * scale];
  })"""


@pytest.fixture
def learner():
    content_import(pack=load_pack(settings.CONTENT_DIR))
    user = UserFactory()
    pack = content_pack_from_database()
    now = timezone.now()
    # Two submitted exams draw the score chart; their answers put facts in review.
    for days_ago, seed in ((9, 1), (2, 2)):
        started = now - timedelta(days=days_ago)
        exam = attempt_start_exam(user=user, pack=pack, length=10, seed=seed, now=started)
        for item in exam.questions.all():
            right = [i for i, choice in enumerate(item.question.choices) if choice.correct]
            if right and item.position % 2:
                answer_record(attempt=exam, position=item.position, selected=right, now=started)
        attempt_submit(attempt=exam, now=started + timedelta(minutes=5))
    open_exam = attempt_start_exam(user=user, pack=pack, length=10, seed=3)
    return user, open_exam


def fits_the_screen(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide on a {width[1]} px screen"


def chart_text_sizes(page: Page) -> list[tuple[str, float]]:
    return [(text, size) for text, size in page.evaluate(CHART_TEXT_SIZES)]


def assert_chart_text_legible(page: Page) -> None:
    small = [(t, round(s, 1)) for t, s in chart_text_sizes(page) if s < SMALLEST_CHART_TEXT_PX]
    assert not small, f"chart text under {SMALLEST_CHART_TEXT_PX} px on {page.url}: {small}"


def check_page(page: Page, url: str, assert_accessible) -> None:
    response = page.goto(url)
    assert response is not None, url
    assert response.ok, url
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    fits_the_screen(page)
    assert_chart_text_legible(page)
    assert_accessible(page)


def test_every_page_type_fits_a_phone_with_legible_charts_and_no_axe_violations(
    live_server, page: Page, learner, assert_accessible
):
    user, open_exam = learner
    base = live_server.url
    page.set_viewport_size(PHONE)
    for path in (reverse("login"), reverse("signup")):
        check_page(page, base + path, assert_accessible)

    page.goto(base + reverse("login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()

    for path in (
        "/",
        reverse("studyguide:lesson_list"),
        MEMCACHED_LESSON,
        EMR_LESSON,
        reverse("studyguide:topic_detail", kwargs={"topic": "caching"}),
        reverse("studyguide:fact_list"),
        reverse("studyguide:fact_list") + "?topic=kinesis",
        reverse("calculators:index"),
        reverse("quizzes:index"),
        reverse("quizzes:question", kwargs={"pk": open_exam.pk, "position": 1}),
        reverse("progress:review"),
        reverse("progress:dashboard"),
    ):
        check_page(page, base + path, assert_accessible)

    # The checks above saw real chart text, not an empty page.
    page.goto(base + reverse("progress:dashboard"))
    assert len(chart_text_sizes(page)) >= 6
    page.goto(base + reverse("calculators:kinesis_shards"))
    page.get_by_role("button", name="Calculate").click()
    expect(page.locator("main svg text").first).to_be_visible()
    fits_the_screen(page)
    assert_chart_text_legible(page)
    assert_accessible(page)


def test_a_wide_table_scrolls_in_its_own_focusable_box_with_a_hint(
    live_server, page: Page, learner
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + MEMCACHED_LESSON)
    table = page.locator("#table-memcached-vs-redis")
    box = table.get_by_role("region", name=re.compile("^Memcached vs Redis OSS vs Valkey"))
    expect(box).to_be_visible()
    widths = box.evaluate("el => [el.scrollWidth, el.clientWidth, el.tabIndex]")
    assert widths[0] > widths[1] + 500
    assert widths[2] == 0
    expect(table.get_by_text("Scroll sideways to see every column")).to_be_visible()
    fits_the_screen(page)

    last_column = table.get_by_role("columnheader").last
    expect(last_column).not_to_be_in_viewport()
    box.focus()
    expect(box).to_be_focused()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    # the keyboard brings the last column into view inside the box; the page stays put
    expect(last_column).to_be_in_viewport()
    assert box.evaluate("el => el.scrollLeft") > 0
    assert page.evaluate("window.scrollX") == 0


def test_the_scroll_hint_shows_only_while_the_table_overflows(live_server, page: Page, learner):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + EMR_LESSON)
    box = page.locator("#table-emr-node-types .table-scroll")
    hint = page.locator("#table-emr-node-types").get_by_text("Scroll sideways")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    expect(hint).to_be_hidden()
    page.set_viewport_size(PHONE)
    expect(hint).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(hint).to_be_hidden()


def test_a_diagram_opens_full_size_as_its_svg(live_server, page: Page, learner):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + EMR_LESSON)
    link = page.get_by_role("link", name=re.compile("Open the diagram full size"))
    expect(link).to_have_attribute("href", "/static/diagrams/emr-components.svg")
    image = link.get_by_role("img")
    expect(image).to_have_attribute("alt", re.compile("^An EMR cluster: the primary node runs"))
    shrunk = image.evaluate("img => [img.getBoundingClientRect().width, img.naturalWidth]")
    assert shrunk[0] < shrunk[1]

    link.click()
    expect(page).to_have_url(re.compile(r"/static/diagrams/emr-components\.svg$"))
    opened = page.evaluate(
        "[document.documentElement.tagName, document.documentElement.getBoundingClientRect().width]"
    )
    assert opened[0] == "svg"
    assert opened[1] >= shrunk[1] - 1


def test_the_fact_base_is_folded_by_topic_and_opens_what_is_asked_for(
    live_server, page: Page, learner
):
    page.set_viewport_size(PHONE)
    facts = live_server.url + reverse("studyguide:fact_list")
    page.goto(facts)
    kinesis = page.locator("details#facts-kinesis")
    expect(kinesis.locator("summary")).to_contain_text("Amazon Kinesis and streaming data")
    expect(page.locator("details.fact-topic[open]")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollHeight") < 3000
    expect(page.get_by_text("kinesis.shard.write.records")).to_have_count(0)

    kinesis.locator("summary").click()
    statement = "Each shard accepts up to 1,000 records per second for writes"
    expect(kinesis.get_by_text(re.compile(statement))).to_be_visible()

    # the live filter swaps the same fragment and opens every topic it finds
    page.reload()
    page.get_by_label("Search").press_sequentially("records per second")
    expect(page).to_have_url(re.compile(r"q=records"))
    expect(page.get_by_text(re.compile(statement))).to_be_visible()
    expect(page.locator("details.fact-topic:not([open])")).to_have_count(0)

    # a link to one fact, with no filter, lands on it unfolded
    page.goto(facts + "#fact-kinesis.shard.write.records")
    expect(page.locator("[id='fact-kinesis.shard.write.records']")).to_be_in_viewport()
    page.goto(facts + "#facts-caching")
    expect(page.locator("details#facts-caching")).to_have_attribute("open", "")
