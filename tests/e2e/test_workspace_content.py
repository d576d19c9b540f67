"""An instructor edits a fact and a lesson (with its live preview) and imports GIFT in the
browser."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from studyguide.models import AuthoredQuestion, Fact, Lesson
from tests.factories import DEFAULT_PASSWORD, InstructorFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)

GIFT = """::queue-days::How many days at most does SQS keep a message?{
\t=14 days#The maximum retention period.
\t~4 days#That is the default, not the maximum.
\t####SQS keeps a message for 4 days unless set longer, up to 14 days.
}
"""


def sign_in(page: Page, base: str) -> None:
    instructor = InstructorFactory()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(instructor.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_instructor_edits_a_fact(live_server, page: Page, assert_accessible) -> None:
    import_pack()
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/instructor/facts/?topic=messaging")
    assert_accessible(page)
    page.get_by_role("link", name="sqs.retention.max").click()
    expect(page.get_by_role("heading", name="What this edit changes")).to_be_visible()
    expect(page.get_by_role("link", name="SQS")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("As of").fill("2026-11-20")
    page.get_by_label("Source URL").fill("http://example.com/limits")
    page.get_by_role("button", name="Save the fact").click()
    expect(page.get_by_text("must be an https:// URL")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Source URL").fill("https://docs.aws.amazon.com/sqs/limits.html")
    page.get_by_label("Value", exact=True).fill("12")
    page.get_by_role("button", name="Save the fact").click()
    expect(page.get_by_text("value: 14 days → 12 days").first).to_be_visible()
    assert Fact.objects.get(key="sqs.retention.max").value == "12"


def test_lesson_preview_follows_typing_and_strips_script(
    live_server, page: Page, assert_accessible
) -> None:
    import_pack()
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/instructor/lessons/")
    page.get_by_role("link", name="SQS").click()
    assert_accessible(page)
    preview = page.locator("#lesson-preview-content")
    expect(preview).to_contain_text("14 days")
    body = page.get_by_label("Body (Markdown)")
    body.fill("## Limits\n\nFresh **words** <script>window.pwned = 1</script> here.")
    expect(preview.locator("strong")).to_have_text("words")
    expect(preview.locator("script")).to_have_count(0)
    assert page.evaluate("window.pwned") is None
    body.fill("Kept for {{fact:sqs.nope}}.")
    expect(page.locator("#lesson-body-errors")).to_contain_text("sqs.nope")
    assert_accessible(page)
    body.fill("Queues keep messages for {{fact:sqs.retention.max}}, at most.")
    expect(page.locator("#lesson-body-errors li")).to_have_count(0)
    page.get_by_role("button", name="Save the lesson").click()
    expect(page.get_by_text("body: 1 line(s) added, 1 removed").first).to_be_visible()
    assert Lesson.objects.get(slug="sqs").body.endswith("at most.")


def test_instructor_imports_a_gift_file(
    live_server, page: Page, assert_accessible, tmp_path: Path
) -> None:
    import_pack()
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/instructor/interchange/")
    assert_accessible(page)
    gift = tmp_path / "queues.gift"
    gift.write_text(GIFT, encoding="utf-8")
    page.get_by_label("Topic", exact=True).select_option("messaging")
    page.get_by_label("File to import").set_input_files(str(gift))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Imported 1 question(s) into Messaging as drafts.")).to_be_visible()
    assert AuthoredQuestion.objects.get(key="queue-days").status == "draft"
    assert_accessible(page)


def test_workspace_content_pages_fit_a_phone(live_server, page: Page, assert_accessible) -> None:
    import_pack()
    sign_in(page, live_server.url)
    page.set_viewport_size({"width": 375, "height": 740})
    for path in (
        "/instructor/facts/",
        "/instructor/facts/kinesis.retention.max/edit/",
        "/instructor/lessons/",
        "/instructor/lessons/messaging/sqs/edit/",
        "/instructor/interchange/",
    ):
        page.goto(live_server.url + path)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{path} is {width[0]} px wide on a {width[1]} px screen"
        assert_accessible(page)
