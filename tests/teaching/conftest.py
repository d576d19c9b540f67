import datetime
from typing import Any

import pytest

from teaching import services
from tests.factories import InstructorFactory, UserFactory
from tests.quizzes.attempt_pack import import_pack

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def pack(db):
    return import_pack()


@pytest.fixture
def classroom(instructor):
    return services.classroom_create(name="Cloud 101", instructor=instructor)


@pytest.fixture
def learner(classroom):
    learner = UserFactory()
    services.membership_join(user=learner, code=classroom.join_code)
    return learner


@pytest.fixture
def other_instructor(db):
    return InstructorFactory()


def make_assignment(classroom, **overrides):
    values: dict[str, Any] = {
        "title": "Week 1 exam",
        "kind": "exam",
        "topics": [],
        "length": 10,
        "opens_at": NOW - datetime.timedelta(days=1),
        "due_at": NOW + datetime.timedelta(days=7),
        "max_attempts": 2,
        "fixed_form": False,
    }
    values.update(overrides)
    return services.assignment_create(classroom=classroom, **values)


def answer_all(attempt, *, right: bool = True, now=NOW):
    """Answer every question right (or every one wrong where a wrong choice exists)."""
    from quizzes.services import answer_record

    for item in list(attempt.questions.all()):
        question = item.question
        if question.answer_mode == "numeric":
            value = question.answer if right else question.answer + 1000
            answer_record(attempt=attempt, position=item.position, number=value, now=now)
        else:
            keys = sorted(question.correct_indexes)
            wrong = [i for i in range(len(question.choices)) if i not in keys][:1]
            answer_record(
                attempt=attempt, position=item.position, selected=keys if right else wrong, now=now
            )
