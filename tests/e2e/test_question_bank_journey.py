"""An instructor writes a question in the bank: adds a choice row and previews with htmx,
saves it as a draft, publishes it, and sees its history (issue 11)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from studyguide.models import AuthoredQuestion
from tests.factories import DEFAULT_PASSWORD, InstructorFactory
from tests.workspace.test_question_bank import import_course

pytestmark = pytest.mark.django_db(transaction=True)

CHOICES = [
    ("Amazon SNS", True, "A topic pushes each message to every subscriber."),
    ("Amazon SQS", False, "A queue gives each message to one consumer."),
    ("Amazon Kinesis Data Streams", False, "Consumers read a stream; nothing is pushed."),
    ("AWS Batch", False, "It runs batch jobs."),
]


def _sign_in(page: Page, base: str) -> None:
    instructor = InstructorFactory()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(instructor.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_instructor_writes_previews_and_publishes_a_question(
    live_server, page: Page, assert_accessible
):
    import_course()
    _sign_in(page, live_server.url)
    page.goto(live_server.url + "/instructor/")
    page.get_by_role("link", name="Question bank").click()
    expect(page.get_by_role("heading", name="Question bank")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Kind").select_option("numeric")
    page.get_by_role("button", name="Show questions").click()
    expect(page.get_by_role("link", name="sqs-retention-1")).to_be_visible()
    expect(page.get_by_role("link", name="fanout-1")).to_have_count(0)

    page.get_by_role("navigation", name="Workspace").get_by_role(
        "link", name="New question"
    ).click()
    page.get_by_label("Which topic does the question belong to?").select_option("queues")
    page.get_by_role("button", name="Write the question").click()
    page.get_by_label("Id").fill("fanout-2")
    page.get_by_label("Prompt").fill("Which service sends one message to many subscribers?")
    page.get_by_label("Explanation").fill("SNS is publish/subscribe.")
    rows = page.locator("#choice-rows > fieldset")
    page.evaluate("window.stillThisPage = true")  # survives only an htmx swap, not a reload
    page.get_by_role("button", name="Add a choice row").click()
    expect(rows).to_have_count(3)
    expect(page.locator("#choice-rows > fieldset").nth(2).get_by_label("Text")).to_be_focused()
    page.get_by_role("button", name="Add a choice row").click()
    expect(page.locator("#choice-rows > fieldset")).to_have_count(4)
    # The swap has settled once the new row's text box has the focus.
    expect(page.locator("#choice-rows > fieldset").nth(3).get_by_label("Text")).to_be_focused()
    page.wait_for_load_state("networkidle")
    for index, (text, correct, why) in enumerate(CHOICES):
        row = page.locator("#choice-rows > fieldset").nth(index)
        row.get_by_label("Text").fill(text)
        if correct:
            row.get_by_label("Correct").check()
        row.get_by_label("Why it is right or wrong").fill(why)
    page.get_by_label("Tags").fill("fan-out")
    for index, (text, _, _) in enumerate(CHOICES):
        expect(
            page.locator("#choice-rows > fieldset").nth(index).get_by_label("Text")
        ).to_have_value(text)
    assert_accessible(page)

    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#question-preview")
    expect(preview.get_by_text("✓ Amazon SNS")).to_be_visible()
    expect(preview.get_by_text("It runs batch jobs.")).to_be_visible()
    assert page.evaluate("window.stillThisPage === true")
    assert not AuthoredQuestion.objects.filter(key="fanout-2").exists()

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Question fanout-2")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: new quizzes may ask it.").first).to_be_visible()
    expect(page.get_by_role("cell", name="Created: Created as draft (version 1).")).to_be_visible()
    assert_accessible(page)
    assert AuthoredQuestion.objects.get(key="fanout-2").status == "published"


@pytest.mark.parametrize(
    "path",
    [
        "/instructor/questions/",
        "/instructor/questions/generated/?topic=queues",
        "/instructor/questions/new/?topic=queues",
        "/instructor/questions/streams-1/",
        "/instructor/questions/streams-1/edit/",
    ],
)
def test_bank_pages_fit_a_phone_and_pass_axe(live_server, page: Page, assert_accessible, path):
    import_course()
    _sign_in(page, live_server.url)
    page.set_viewport_size({"width": 375, "height": 740})
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.ok
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path} is {width[0]} px wide on a {width[1]} px screen"
    assert_accessible(page)


def test_the_editor_adds_rows_and_previews_without_javascript(live_server, browser: Browser):
    import_course()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, live_server.url)
    page.goto(live_server.url + "/instructor/questions/streams-1/edit/")
    rows = page.locator("#choice-rows > fieldset")
    expect(rows).to_have_count(5)
    page.get_by_role("button", name="Add a choice row").click()
    expect(rows).to_have_count(6)
    page.get_by_label("Prompt").fill("Which of these keep data for later? Choose two.")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#question-preview")
    expect(preview.get_by_text("Which of these keep data for later? Choose two.")).to_be_visible()
    expect(
        preview.get_by_text("Quizzes leave this question out until it is fixed:")
    ).to_be_visible()
    assert AuthoredQuestion.objects.get(key="streams-1").prompt.endswith(
        "for later reading? Choose two."
    )
    context.close()
