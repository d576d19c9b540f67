import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from studyguide.content import load_pack
from studyguide.models import Lesson
from studyguide.services import content_import
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.studyguide.conftest import BASIC_PACK, DIAGRAMS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course():
    content_import(pack=load_pack(BASIC_PACK, diagrams_dir=DIAGRAMS))


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_learner_reads_a_lesson_and_marks_it_studied(
    live_server, page: Page, course, assert_accessible
):
    learner = UserFactory()
    sign_in(page, live_server.url, learner.username)

    page.goto(live_server.url + "/lessons/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessons")
    expect(page.get_by_text("0 of 2 studied")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="SQS basics").click()
    expect(page).to_have_url(re.compile(r"/lessons/queues/sqs-basics/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SQS basics")
    expect(page.get_by_role("table")).to_contain_text("Amazon SNS")
    # the quoted fact shows its source on keyboard focus, with no script of our own
    fact = page.locator("a.fact-value").first
    tip = page.locator(".fact-tip").first
    expect(tip).to_be_hidden()
    fact.focus()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("as of 1 November 2026")
    assert_accessible(page)

    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Mark as studied").click()
    expect(page.get_by_role("button", name="Studied ✓ — unmark")).to_be_visible()
    # htmx swapped only the button: the page did not reload
    assert page.evaluate("window.notReloaded === true")

    page.goto(live_server.url + "/lessons/")
    expect(page.get_by_text("1 of 2 studied")).to_be_visible()
    expect(page.get_by_text("Studied ✓")).to_have_count(1)


def test_learner_filters_the_fact_base_by_typing(
    live_server, page: Page, course, assert_accessible
):
    page.goto(live_server.url + "/facts/")
    cards = page.locator(".fact-card")
    expect(cards).to_have_count(4)
    assert_accessible(page)

    page.evaluate("window.notReloaded = true")
    page.get_by_label("Search").press_sequentially("subscriber")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("SNS pushes each message to every subscriber.")
    expect(page).to_have_url(re.compile(r"/facts/\?.*q=subscriber"))
    assert page.evaluate("window.notReloaded === true")

    page.get_by_label("Search").fill("")
    page.get_by_label("Topic").select_option("scaling")
    expect(page.get_by_text("No facts match.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"topic=scaling"))


def test_lesson_page_fits_a_phone(live_server, page: Page, course):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/lessons/queues/sqs-basics/")
    expect(page.get_by_role("table")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_every_real_lesson_is_accessible_and_fits_a_phone(
    live_server, page: Page, assert_accessible
):
    content_import(pack=load_pack(settings.CONTENT_DIR))
    page.set_viewport_size({"width": 375, "height": 740})
    lessons = Lesson.objects.live().select_related("topic").order_by("topic__order", "order")
    assert lessons
    for lesson in lessons:
        page.goto(f"{live_server.url}/lessons/{lesson.topic.slug}/{lesson.slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        assert_accessible(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, lesson.slug
    for path in ("/lessons/", "/facts/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
