"""An instructor sets an assignment for a class; two learners join and take it; the
instructor reads the heatmap, the statuses and the item table."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, InstructorFactory, UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def take_the_exam(page: Page, base_url: str, *, right_first: bool) -> None:
    page.get_by_role("button", name=re.compile("^Start")).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("question 1 of")
    # The small pack fills as many questions as it can without asking a fact twice.
    count = int(re.search(r"question 1 of (\d+)", heading.inner_text()).group(1))  # type: ignore[union-attr]
    assert count >= 5
    attempt = re.search(r"/attempts/(\d+)/", page.url).group(1)  # type: ignore[union-attr]
    for position in range(1, count + 1):
        page.goto(f"{base_url}/quizzes/attempts/{attempt}/q/{position}/")
        if page.locator("input[name=number]").count():
            page.locator("input[name=number]").fill("42")
        else:
            page.locator("input[name=choice]").nth(0 if right_first else 1).check()
        page.get_by_role("button", name="Save answer").click()
        expect(page.locator(f".navigator a[href$='/q/{position}/']")).to_have_class(
            re.compile("nav-answered")
        )
    page.goto(f"{base_url}/quizzes/attempts/{attempt}/submit/")
    page.get_by_role("button", name="Submit the exam").click()
    expect(page.get_by_role("heading", name=re.compile("your result"))).to_be_visible()


def test_instructor_sets_an_exam_learners_take_it_and_the_class_page_shows_it(
    live_server, page: Page, assert_accessible
):
    import_pack()
    instructor = InstructorFactory()
    learners = [UserFactory(), UserFactory()]
    base = live_server.url

    sign_in(page, base, instructor.username)
    page.goto(base + "/instructor/classes/")
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Class name").fill("Evening cohort")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", level=1, name="Evening cohort")).to_be_visible()
    code = page.locator("#join-code").inner_text()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{8}", code)
    assert_accessible(page)

    page.get_by_role("link", name="Set an assignment").click()
    page.get_by_label("Title", exact=True).fill("Mock exam 1")
    page.get_by_label("Kind", exact=True).select_option("exam")
    page.get_by_label("Questions", exact=True).select_option("10")
    page.get_by_label("Opens (UTC)").fill("2020-01-01T09:00")
    page.get_by_label("Due (UTC)").fill("2099-01-01T09:00")
    page.get_by_label(re.compile("Everyone gets the same questions")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Set the assignment").click()
    expect(page.get_by_role("heading", level=1, name="Mock exam 1")).to_be_visible()
    assert_accessible(page)

    for index, learner in enumerate(learners):
        sign_in(page, base, learner.username)
        page.goto(base + "/join/")
        page.get_by_label("Join code").fill(code.lower())
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text("You joined Evening cohort.")).to_be_visible()
        assert_accessible(page)
        page.goto(base + "/")
        expect(page.get_by_role("button", name="Start Mock exam 1")).to_be_visible()
        take_the_exam(page, base, right_first=index == 0)
        page.goto(base + "/progress/")
        expect(page.get_by_text(re.compile("Status: submitted"))).to_be_visible()

    sign_in(page, base, instructor.username)
    page.goto(base + "/instructor/classes/")
    page.get_by_role("link", name="Evening cohort").click()
    heatmap = page.locator("table.heatmap")
    expect(heatmap.locator("tbody tr")).to_have_count(2)
    expect(heatmap.locator("td.heat .heat-value").first).to_have_text(re.compile(r"^\d+$"))
    assert_accessible(page)

    page.get_by_role("link", name="Mock exam 1", exact=True).click()
    for learner in learners:
        row = page.get_by_role("row", name=re.compile(learner.username))
        expect(row.get_by_role("cell").first).to_have_text("submitted")
    assert_accessible(page)

    page.get_by_role("link", name="Item statistics", exact=True).click()
    expect(page.get_by_role("heading", name="Items")).to_be_visible()
    expect(page.locator(".item-stat")).to_have_count(9)  # every question the pack could fill
    expect(page.get_by_text("Too few answers to judge").first).to_be_visible()
    assert_accessible(page)

    class_page = page.url.split("/assignments/")[0] + "/"
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(class_page)
    expect(page.locator("table.heatmap")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
