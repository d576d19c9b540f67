import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

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
        # The first view renders the page's parts (filling in the heatmap's learners).
        with django_assert_max_num_queries(17):
            assert client.get(url).status_code == 200, url
    cached = [url for url in urls if "/classes/" in url and not url.endswith((".csv", "/classes/"))]
    for url in cached:
        # Later views read the parts from the cache until the class changes: the session,
        # the user and the class are all they ask for.
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200, url
    membership = Membership.objects.filter(classroom=classroom).first()
    assert membership is not None
    learner = membership.user
    client.force_login(learner)
    # The same ceiling as /progress/ itself, whose readiness estimate is read and kept.
    for url in (reverse("home"), reverse("join:join"), reverse("progress:dashboard")):
        with django_assert_max_num_queries(32):
            assert client.get(url).status_code == 200, url


def test_a_class_page_is_reused_from_the_cache_until_the_class_changes(
    instructor_client, classroom, learner, pack
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("teaching:class_detail", args=[classroom.slug])
    with CaptureQueriesContext(connection) as first:
        instructor_client.get(url)
    with CaptureQueriesContext(connection) as second:
        instructor_client.get(url)
    # Facts, cards, recent answers, assignments and attempts are not read again.
    assert len(second) <= len(first) - 5
    services.membership_set_time_multiplier(
        membership=Membership.objects.get(user=learner), multiplier=Decimal("1.5")
    )
    with CaptureQueriesContext(connection) as third:
        page = instructor_client.get(url)
    assert len(third) > len(second)
    assert "×1.50" in page.text


def _class_page(client, classroom):
    page = client.get(reverse("teaching:class_detail", args=[classroom.slug]))
    assert page.status_code == 200
    return page.text


def _cells(text: str, username: str) -> str:
    row = text.split(f">{username}</a></th>", 1)[1]
    return row.split("</tr>", 1)[0]


def test_after_a_learner_submits_the_class_pages_show_it(
    instructor_client, classroom, learner, pack
):
    assignment = make_assignment(classroom, title="Messaging check", fixed_form=True)
    before = _class_page(instructor_client, classroom)
    assert 'heat-value">0<' in _cells(before, learner.username)
    roster_url = reverse("teaching:assignment_detail", args=[classroom.slug, assignment.pk])
    statistics_url = reverse("teaching:assignment_statistics", args=[classroom.slug, assignment.pk])
    assert "not started" in instructor_client.get(roster_url).text
    assert "No submitted attempts yet" in instructor_client.get(statistics_url).text

    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    assert "in progress" in instructor_client.get(roster_url).text
    answer_all(attempt, right=True)
    attempt_submit(attempt=attempt, now=NOW + datetime.timedelta(minutes=5))

    after = _class_page(instructor_client, classroom)
    summary = after.split("Messaging check</a></th>", 1)[1].split("</tr>", 1)[0]
    assert [cell.split("</td>")[0] for cell in summary.split("<td>")[2:6]] == [
        "0",
        "0",
        "1",
        "0",
    ]  # not started, in progress, submitted, late
    # Right answers to an exam feed memory: the learner's row is no longer all zeros.
    assert _cells(after, learner.username) != _cells(before, learner.username)
    roster = instructor_client.get(roster_url).text
    assert 'status-submitted">submitted<' in roster
    statistics = instructor_client.get(statistics_url).text
    assert "No submitted attempts yet" not in statistics
    assert attempt.questions.earliest("position").question_uid in statistics


def test_a_heatmap_row_older_than_the_limit_is_recomputed(
    instructor_client, classroom, learner, pack
):
    from teaching.models import LearnerMastery
    from teaching.pages import MASTERY_MAX_AGE

    _class_page(instructor_client, classroom)
    stale = timezone.now() - MASTERY_MAX_AGE - datetime.timedelta(minutes=1)
    LearnerMastery.objects.filter(user=learner).update(computed_at=stale, mastery=77)
    # Rows changed behind the cache's back: the cached page still shows the old figures
    # until it notices their age; here its own are fresh, so the stored 77 is not shown.
    assert 'heat-value">77<' not in _class_page(instructor_client, classroom)
    services.membership_set_time_multiplier(  # any change makes the page read the rows again
        membership=Membership.objects.get(user=learner), multiplier=Decimal("1.25")
    )
    # They are older than the limit: recomputed (the immediate backend) before showing.
    text = _class_page(instructor_client, classroom)
    assert 'heat-value">77<' not in text
    assert LearnerMastery.objects.filter(user=learner, computed_at__gt=stale).exists()


def test_new_members_get_their_row_on_the_first_view(instructor_client, classroom, learner):
    from teaching.models import LearnerMastery

    assert not LearnerMastery.objects.filter(user=learner).exists()
    text = _class_page(instructor_client, classroom)
    assert learner.username in text
    assert LearnerMastery.objects.filter(user=learner).count() == len(selectors.class_topics())


def test_joining_leaving_and_new_instructors_show_at_once(
    instructor_client, classroom, learner, other_instructor
):
    newcomer = UserFactory()
    assert newcomer.username not in _class_page(instructor_client, classroom)
    services.membership_join(user=newcomer, code=classroom.join_code)
    services.classroom_instructor_add(classroom=classroom, username=other_instructor.username)
    text = _class_page(instructor_client, classroom)
    assert newcomer.username in text
    assert f"<li>{other_instructor.username}</li>" in text
    services.membership_leave(user=newcomer, classroom=classroom)
    assert newcomer.username not in _class_page(instructor_client, classroom)


def test_a_cached_class_never_opens_another_class_assignment(
    instructor_client, classroom, instructor
):
    mine = make_assignment(classroom, title="Mine")
    other = services.classroom_create(name="Other class", instructor=instructor)
    theirs = make_assignment(other, title="Theirs")
    for name in ("teaching:assignment_detail", "teaching:assignment_statistics"):
        assert (
            instructor_client.get(reverse(name, args=[classroom.slug, mine.pk])).status_code == 200
        )
        for _ in range(2):  # a refusal is never cached as a page
            url = reverse(name, args=[classroom.slug, theirs.pk])
            assert instructor_client.get(url).status_code == 404
