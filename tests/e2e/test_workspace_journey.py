"""Issue 11's whole journey, in one browser: an instructor writes a "Choose two" question
(with a slip in its key), previews and publishes it; a learner meets it in practice and
reports it; the instructor fixes the key in the editor, regrades and replies; the learner
sees the reply and the new score."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from studyguide.models import AuthoredQuestion
from tests.e2e.signing import sign_in
from tests.factories import InstructorFactory, UserFactory
from tests.workspace.test_question_bank import import_course
from workspace.models import QuestionReport, Regrade

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "order-fan-out-2"
PROMPT = (
    "An order service must hand every new order to three consumers: billing, shipping and "
    "analytics. Each consumer needs its own copy and works at its own pace, and a slow one "
    "must not hold back the others. Which two services meet this with the least code? "
    "Choose two."
)
# (text, ticked by the instructor at first, why). The slip: AWS Batch ticked, SQS not.
CHOICES = [
    ("Amazon SNS", True, "A topic copies each order to every subscriber."),
    ("Amazon SQS", False, "A queue per consumer holds its copy until that consumer is ready."),
    ("AWS Batch", True, "It runs batch jobs; it does not deliver messages."),
    ("Amazon Kinesis Data Streams", False, "Each consumer must track its own position."),
    ("Amazon MQ", False, "A broker to run and size: more work than two managed services."),
]
SCORE_RE = re.compile(r"(\d+) of (\d+) right")


def choice_row(page: Page, index: int) -> Locator:
    return page.locator("#choice-rows > fieldset").nth(index)


def right_count(page: Page) -> int:
    found = SCORE_RE.search(page.locator("main").inner_text())
    assert found, "the result page states how many answers were right"
    return int(found.group(1))


def test_write_publish_report_fix_regrade_reply(live_server, page: Page, assert_accessible):
    import_course()
    instructor, learner = InstructorFactory(), UserFactory()
    base = live_server.url

    # The instructor writes the item from the workspace, keyboard-free form filling aside.
    sign_in(page, base, instructor.username, "/instructor/")
    page.get_by_role("link", name="Question bank").click()
    page.get_by_role("navigation", name="Workspace").get_by_role(
        "link", name="New question"
    ).click()
    page.get_by_label("Which topic does the question belong to?").select_option("queues")
    page.get_by_role("button", name="Write the question").click()
    page.get_by_label("Id").fill(KEY)
    page.get_by_label("Kind").select_option("multiple")
    page.get_by_label("Prompt").fill(PROMPT)
    page.get_by_label("Explanation").fill("SNS fans the order out; one SQS queue per consumer.")
    rows = page.locator("#choice-rows > fieldset")
    for count in range(rows.count() + 1, len(CHOICES) + 1):
        page.get_by_role("button", name="Add a choice row").click()
        expect(rows).to_have_count(count)
        # The swap has settled once the new row's text box has the focus.
        expect(choice_row(page, count - 1).get_by_label("Text")).to_be_focused()
    page.wait_for_load_state("networkidle")
    for index, (text, ticked, why) in enumerate(CHOICES):
        row = choice_row(page, index)
        row.get_by_label("Text").fill(text)
        if ticked:
            row.get_by_label("Correct").check()
        row.get_by_label("Why it is right or wrong").fill(why)
    for index, (text, _, _) in enumerate(CHOICES):
        expect(choice_row(page, index).get_by_label("Text")).to_have_value(text)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#question-preview")
    expect(preview.get_by_text(re.compile("Choose two. Pick exactly"))).to_be_visible()
    expect(preview.get_by_text("✓ AWS Batch")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=f"Question {KEY}")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: new quizzes may ask it.").first).to_be_visible()

    # The learner meets it in practice, answers what is really right, and reports the key.
    sign_in(page, base, learner.username, "/quizzes/")
    page.get_by_label("Queues and streams").check()
    page.get_by_label("20 questions").check()
    page.get_by_role("button", name="Start practising").click()
    met = False
    while True:
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_contain_text("question")
        if page.get_by_text(PROMPT).count():
            met = True
            page.get_by_label("Amazon SNS").check()
            page.get_by_label("Amazon SQS").check()
            page.get_by_role("button", name="Check answer").click()
            expect(page.locator(".feedback").get_by_role("heading")).to_have_text(
                re.compile("Not quite")
            )
            page.get_by_role("link", name="Report a problem with this question").click()
            page.get_by_label("The marked answer is wrong").check()
            page.get_by_label("Tell us more (optional)").fill("SQS belongs in the key, not Batch.")
            assert_accessible(page)
            page.get_by_role("button", name="Send the report").click()
            sent = page.get_by_role("status").filter(has_text="your report is sent")
            expect(sent).to_be_visible()
        else:
            if page.locator("input[name=number]").count():
                page.locator("input[name=number]").fill("7")
            else:
                page.locator("input[name=choice]").first.check()
            page.get_by_role("button", name="Check answer").click()
            expect(page.locator(".feedback")).to_be_visible()
        following = page.get_by_role("link", name=re.compile(r"Question \d+ →"))
        if following.count():
            following.click()
            continue
        page.get_by_role("link", name="See your result").click()
        break
    assert met, "the published question reached the learner's practice"
    expect(page.get_by_role("heading", name=re.compile("your result"))).to_be_visible()
    result_url = page.url
    right_before = right_count(page)
    assert QuestionReport.objects.filter(user=learner, question__key=KEY).count() == 1

    # The instructor reads the report, fixes the key in the editor, regrades and replies.
    sign_in(page, base, instructor.username, "/instructor/reports/")
    expect(page.get_by_text("SQS belongs in the key, not Batch.")).to_be_visible()
    page.goto(f"{base}/instructor/questions/{KEY}/edit/")
    choice_row(page, 1).get_by_label("Correct").check()
    choice_row(page, 2).get_by_label("Correct").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=f"Question {KEY}")).to_be_visible()
    assert AuthoredQuestion.objects.get(key=KEY).version == 2
    page.goto(f"{base}/instructor/questions/{KEY}/regrade/")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Apply the regrade")).click()
    expect(page.get_by_text(re.compile("Regraded to version 2: 1 mark changed"))).to_be_visible()
    assert Regrade.objects.filter(question__key=KEY, by=instructor).count() == 1
    page.goto(f"{base}/instructor/reports/")
    page.get_by_label("Reply to the learner").fill("You are right: SQS is in the key now.")
    page.get_by_label("Fixed").check()
    page.get_by_role("button", name="Save reply and status").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    # The learner sees the reply and the new score.
    sign_in(page, base, learner.username, "/reports/")
    expect(page.get_by_text("You are right: SQS is in the key now.")).to_be_visible()
    assert_accessible(page)
    page.goto(result_url)
    expect(page.get_by_role("heading", name="Regraded after you finished")).to_be_visible()
    assert right_count(page) == right_before + 1
