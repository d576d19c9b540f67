"""Flip-card review by keyboard alone (Space shows the fact, 1-4 rate it), and readiness
shown and explained on /progress/ and the home page, each scanned by axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from progress import services
from progress.models import ReviewLog
from studyguide.models import Fact
from tests.e2e.test_progress_journey import sign_in
from tests.factories import UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db(transaction=True)
KEYS = [
    "sqs.retention.max",
    "sqs.retention.default",
    "kinesis.retention.max",
    "kinesis.retention.default",
]


def test_flip_cards_rated_with_the_four_keys(live_server, page: Page, assert_accessible):
    import_pack()
    learner = UserFactory()
    facts = {f.key: f for f in Fact.objects.filter(key__in=KEYS)}
    for days, key in enumerate(KEYS):
        # Answered right 10 to 13 days ago: all four are due, the longest overdue first.
        services.card_review(
            user=learner, fact=facts[key], correct=True,
            at=timezone.now() - timedelta(days=13 - days), source="practice",
        )  # fmt: skip
    sign_in(page, live_server.url, learner.username, "/review/?mode=flip")
    expect(page.get_by_role("heading", level=1, name="Review")).to_be_visible()
    page.wait_for_load_state()  # review.js is deferred: its keys work once the page is loaded
    assert_accessible(page)

    for key, label in zip(KEYS, ["Again", "Hard", "Good", "Easy"], strict=True):
        fact = facts[key]
        expect(page.get_by_role("heading", level=2, name=f"What is {fact.name}?")).to_be_visible()
        statement = page.get_by_text(fact.statement, exact=True)
        expect(statement).to_be_hidden()
        page.keyboard.press("Space")
        expect(statement).to_be_visible()
        if label == "Again":
            assert_accessible(page)
        page.keyboard.press(str(["Again", "Hard", "Good", "Easy"].index(label) + 1))
        expect(page.get_by_role("heading", name=f"Rated {label}")).to_be_visible()
        expect(page).to_have_url(live_server.url + "/review/?mode=flip")

    # "Again" is due within the learn-ahead: the feedback said so, and it is asked once more.
    expect(
        page.get_by_role("heading", level=2, name=f"What is {facts[KEYS[0]].name}?")
    ).to_be_visible()
    assert_accessible(page)
    logs = ReviewLog.objects.filter(user=learner, source="review").order_by("reviewed_at", "pk")
    rated = [(log.card.fact.key, log.rating) for log in logs]
    assert rated == list(zip(KEYS, [1, 2, 3, 4], strict=True))


def test_readiness_is_shown_and_explained(live_server, page: Page, assert_accessible):
    import_pack()
    learner = UserFactory()
    services.card_review(
        user=learner, fact=Fact.objects.get(key="sqs.retention.max"), correct=True,
        at=timezone.now() - timedelta(days=1), source="practice",
    )  # fmt: skip
    sign_in(page, live_server.url, learner.username, "/progress/")
    readiness = page.get_by_role("region", name="Readiness")
    expect(readiness).to_contain_text("Estimated chance of passing if you sat the exam today")
    expect(page.locator("#readiness-chance")).to_have_text(re.compile(r"^\d+%$"))
    method = readiness.get_by_text("How this is estimated")
    method.click()
    expect(
        readiness.get_by_text(re.compile("computed exactly \\(not a normal approximation\\)"))
    ).to_be_visible()
    expect(readiness.get_by_text(re.compile("counts as not known"))).to_be_visible()
    expect(readiness.get_by_role("heading", name="What would raise it most")).to_be_visible()
    expect(readiness.get_by_role("link", name="Kinesis", exact=True)).to_be_visible()
    assert_accessible(page)

    # Setting the exam date re-estimates for that day, in place.
    later = (timezone.now() + timedelta(days=60)).date()
    page.get_by_role("textbox", name="Exam date").fill(later.isoformat())
    page.get_by_role("button", name="Save exam date").click()
    expect(readiness).to_contain_text(f"Estimated chance of passing on {later.day} {later:%B %Y}")
    expect(page).to_have_url(live_server.url + "/progress/")
    assert_accessible(page)

    page.get_by_role("link", name="Scaling Study").first.click()
    plan = page.get_by_role("region", name="Today's plan")
    expect(plan).to_contain_text("Next lesson: Data streams (Kinesis)")
    expect(plan).to_contain_text("Study streak: 1 day")
    expect(page.get_by_role("region", name="Readiness")).to_contain_text(
        f"Estimated chance of passing on {later.day} {later:%B %Y}"
    )
    assert_accessible(page)
