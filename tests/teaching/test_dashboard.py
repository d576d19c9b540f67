import datetime

import pytest
from django.urls import reverse

from progress import selectors as progress_selectors
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services import attempt_start_practice, attempt_submit
from teaching import selectors, services
from teaching.models import Assignment, AssignmentAttempt, Membership
from tests.factories import ReviewCardFactory, ReviewLogFactory, UserFactory
from tests.teaching.conftest import NOW, answer_all, make_assignment

pytestmark = pytest.mark.django_db


def test_class_mastery_is_the_progress_pages_mastery(classroom, learner, pack):
    attempt = attempt_start_practice(user=learner, pack=pack, topics=["messaging"], length=5)
    answer_all(attempt, right=True, now=NOW - datetime.timedelta(days=2))
    attempt_submit(attempt=attempt, now=NOW - datetime.timedelta(days=2))
    board = progress_selectors.dashboard(user=learner, now=NOW)
    topics = selectors.class_topics()
    cells = selectors.topic_mastery_for(user_ids=[learner.pk], topics=topics, now=NOW)
    got = {cell.topic_slug: cell for cell in cells[learner.pk]}
    assert any(t.mastery for t in board.topics)
    for topic in board.topics:
        cell = got[topic.slug]
        assert (cell.mastery.memory, cell.mastery.accuracy, cell.mastery.mastery) == (
            topic.memory,
            topic.accuracy,
            topic.mastery,
        )
        assert (cell.facts_met, cell.facts_total) == (topic.facts_seen, topic.facts_total)


def test_heatmap_cells_print_the_number_and_rows_open_the_learner(
    instructor_client, classroom, learner, pack
):
    attempt = attempt_start_practice(user=learner, pack=pack, topics=["messaging"], length=5)
    answer_all(attempt, right=True)
    page = instructor_client.get(reverse("teaching:class_detail", args=[classroom.slug]))
    assert page.status_code == 200
    assert 'class="heat heat-' in page.text
    assert '<th scope="row"><a href="' in page.text
    detail = reverse("teaching:learner_detail", args=[classroom.slug, learner.pk])
    assert detail in page.text
    learner_page = instructor_client.get(detail)
    assert learner_page.status_code == 200
    assert "Messaging" in learner_page.text


def _big_class(classroom, instructor, *, learners: int, assignments: int):
    """500 learners with cards and logs, 20 assignments, some attempts: bulk-made."""
    from studyguide.models import Fact

    users = UserFactory.create_batch(learners)
    Membership.objects.bulk_create(Membership(classroom=classroom, user=u) for u in users)
    facts = list(Fact.objects.all()[:3])
    for user in users[:5]:
        for fact in facts:
            ReviewLogFactory(card=ReviewCardFactory(user=user, fact=fact))
    made = [make_assignment(classroom, title=f"A{i}") for i in range(assignments)]
    attempts = Attempt.objects.bulk_create(
        Attempt(
            user=user,
            mode="exam",
            seed=1,
            question_count=1,
            started_at=NOW,
            submitted_at=NOW if i % 2 else None,
            score=500,
        )
        for i, user in enumerate(users[:50])
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=a, position=1, question_uid="q", kind="authored", topic="messaging", snapshot={}
        )
        for a in attempts
    )
    AssignmentAttempt.objects.bulk_create(
        AssignmentAttempt(assignment=made[i % assignments], attempt=a, user=a.user)
        for i, a in enumerate(attempts)
    )
    return made


def test_class_pages_make_a_bounded_number_of_queries(
    client, classroom, instructor, pack, django_assert_max_num_queries
):
    made = _big_class(classroom, instructor, learners=500, assignments=20)
    assert Assignment.objects.count() == 20
    client.force_login(instructor)
    slug = classroom.slug
    for assignment in made[:2]:
        services.assignment_statistics_store(assignment=assignment)
    urls = [
        reverse("teaching:classes"),
        reverse("teaching:class_detail", args=[slug]),
        reverse("teaching:class_detail", args=[slug]) + "?page=10",
        reverse("teaching:assignment_detail", args=[slug, made[0].pk]),
        reverse("teaching:assignment_detail", args=[slug, made[0].pk]) + "?page=10",
        reverse("teaching:assignment_marks_csv", args=[slug, made[0].pk]),
        reverse("teaching:assignment_statistics", args=[slug, made[0].pk]),
        reverse("teaching:bank_statistics"),
    ]
    for url in urls:
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, url
    membership = Membership.objects.filter(classroom=classroom).first()
    assert membership is not None
    learner = membership.user
    client.force_login(learner)
    # The same ceiling as /progress/ itself, whose readiness estimate is read and kept.
    for url in (reverse("home"), reverse("join:join"), reverse("progress:dashboard")):
        with django_assert_max_num_queries(32):
            assert client.get(url).status_code == 200, url


def test_a_heatmap_page_is_reused_from_the_cache_until_it_expires(
    instructor_client, classroom, learner, pack
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("teaching:class_detail", args=[classroom.slug])
    with CaptureQueriesContext(connection) as first:
        instructor_client.get(url)
    with CaptureQueriesContext(connection) as second:
        instructor_client.get(url)
    # Facts, cards and recent answers are not read again (cached layout reads may go too).
    assert len(second) <= len(first) - 3
    cache.clear()
    with CaptureQueriesContext(connection) as third:
        instructor_client.get(url)
    # Sessions cached in Redis add a query of their own after the clear.
    assert len(third) >= len(second) + 3
