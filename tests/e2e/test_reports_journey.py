"""A learner reports a wrong key from an exam's review; the instructor replies, regrades the
question, and the learner sees the reply and the new score."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.signing import sign_in
from tests.factories import InstructorFactory, UserFactory
from tests.quizzes.attempt_pack import import_pack
from tests.workspace.test_regrade import make_attempt, set_key

pytestmark = pytest.mark.django_db(transaction=True)


def test_report_reply_and_regrade(live_server, page: Page, assert_accessible) -> None:
    import_pack()
    learner, instructor = UserFactory(), InstructorFactory()
    attempt = make_attempt(learner, ["Amazon SQS", "Yes"])
    result = f"/quizzes/attempts/{attempt.pk}/result/"

    sign_in(page, live_server.url, learner.username, result)
    page.get_by_role("link", name="Report a problem with this question").first.click()
    # The form opens in place (htmx), without leaving the result page.
    page.get_by_label("The marked answer is wrong").check()
    page.get_by_label("Tell us more (optional)").fill("SQS fans out too, with SNS in front.")
    expect(page).to_have_url(re.compile(re.escape(result) + "$"))
    assert_accessible(page)
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status").filter(has_text="your report is sent")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(result) + "$"))

    sign_in(page, live_server.url, instructor.username, "/instructor/reports/")
    expect(page.get_by_text("SQS fans out too")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reply to the learner").fill("You are right: the key now says SQS.")
    page.get_by_label("Fixed").check()
    page.get_by_role("button", name="Save reply and status").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    set_key(["Amazon SQS"])
    page.goto(live_server.url + "/instructor/questions/sqs-fanout-1/regrade/")
    expect(page.get_by_role("cell", name="500 → 1000")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Apply the regrade")).click()
    expect(page.get_by_text("Regraded to version 2: 1 mark changed.")).to_be_visible()

    sign_in(page, live_server.url, learner.username, "/reports/")
    expect(page.get_by_text("You are right: the key now says SQS.")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + result)
    expect(page.get_by_role("heading", name="Regraded after you finished")).to_be_visible()
    expect(page.get_by_text("2 of 2 right")).to_be_visible()
    assert_accessible(page)
