"""With the django-tasks-db backend (what `make serve` uses), a submission stores one task
row with the submission, and the worker's run computes the statistics."""

import datetime

import pytest
from django.tasks import task_backends
from django_tasks_db.models import DBTaskResult

from quizzes.services import attempt_submit
from teaching import services
from teaching.models import ItemStatistic, PendingRecompute
from teaching.tasks import recompute_item_statistics
from tests.teaching.conftest import NOW, answer_all, make_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return task_backends["default"]


def test_submissions_queue_one_database_task_until_it_runs(
    database_tasks, classroom, learner, pack
):
    assignment = make_assignment(classroom, fixed_form=True)
    first = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    answer_all(first, right=True)
    attempt_submit(attempt=first, now=NOW + datetime.timedelta(minutes=1))
    assert DBTaskResult.objects.count() == 1
    assert not ItemStatistic.objects.exists()  # nothing is computed in the request

    second = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    attempt_submit(attempt=second, now=NOW + datetime.timedelta(minutes=2))
    assert DBTaskResult.objects.count() == 1  # deduplicated: the scopes were waiting

    (row,) = DBTaskResult.objects.all()
    assert row.task_path == recompute_item_statistics.module_path
    # What the worker does with the row: call the task.
    assert recompute_item_statistics.call() > 0
    assert not PendingRecompute.objects.exists()
    # One statistic per question of the fixed form (the small pack fills 9 of the 10).
    assert ItemStatistic.objects.filter(assignment=assignment).count() == first.question_count
    assert first.question_count == 9


def test_with_a_worker_the_heatmap_follows_once_the_task_has_run(
    database_tasks, instructor_client, classroom, learner, pack
):
    from django.urls import reverse

    from teaching.models import LearnerMastery

    url = reverse("teaching:class_detail", args=[classroom.slug])
    assert instructor_client.get(url).status_code == 200  # fills in the learner's row
    before = dict(LearnerMastery.objects.filter(user=learner).values_list("topic_id", "mastery"))
    assignment = make_assignment(classroom)
    attempt = services.assignment_attempt_start(
        assignment=assignment, user=learner, pack=pack, now=NOW
    )
    answer_all(attempt, right=True)
    attempt_submit(attempt=attempt, now=NOW + datetime.timedelta(minutes=1))
    assert PendingRecompute.objects.filter(key=services.mastery_key(learner.pk)).exists()
    assert recompute_item_statistics.call() > 0
    after = dict(LearnerMastery.objects.filter(user=learner).values_list("topic_id", "mastery"))
    assert after != before
    page = instructor_client.get(url).text
    assert all(f'heat-value">{value}<' in page for value in after.values())
