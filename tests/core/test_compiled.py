"""Querysets compiled once and run with new values give what the ORM gives
(core/compiled.py), on SQLite and on PostgreSQL."""

import pytest
from django.forms.models import model_to_dict

from core.compiled import CompiledQuery
from quizzes import selectors, services
from quizzes.models import Attempt, AttemptQuestion
from tests.factories import UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db

ITEM = CompiledQuery(
    lambda attempt, position: AttemptQuestion.objects.filter(attempt_id=attempt, position=position),
    arguments=2,
)
POSITIONS = CompiledQuery(
    lambda attempt: (
        AttemptQuestion.objects.filter(attempt_id=attempt)
        .order_by("position")
        .values_list("position", "question_uid")
    ),
    arguments=1,
)


@pytest.fixture
def attempts():
    pack = import_pack()
    made = []
    for seed, user in enumerate(UserFactory.create_batch(2)):
        made.append(
            services.attempt_start_practice(
                user=user, pack=pack, topics=["messaging", "kinesis"], length=6, seed=seed
            )
        )
    first = made[0].questions.get(position=2)
    services.answer_record(
        attempt=made[0], position=2, selected=[0] if first.question.choices else None,
        number=None if first.question.choices else first.question.answer,
    )  # fmt: skip
    return made


def test_compiled_rows_are_the_orm_rows_for_every_position(attempts):
    for attempt in attempts:
        for position in range(0, attempt.question_count + 2):
            orm = list(AttemptQuestion.objects.filter(attempt=attempt, position=position))
            compiled = ITEM.models(attempt.pk, position)
            assert [model_to_dict(row) for row in compiled] == [model_to_dict(r) for r in orm]
            assert [row.answered_at for row in compiled] == [row.answered_at for row in orm]
        orm_positions = attempt.questions.order_by("position").values_list(
            "position", "question_uid"
        )
        assert POSITIONS.rows(attempt.pk) == [tuple(row) for row in orm_positions]


def test_a_question_page_read_is_the_learners_own_and_whole(attempts):
    mine, theirs = attempts
    item = selectors.attempt_item_for_user(user=mine.user, pk=mine.pk, position=2)
    assert item is not None
    assert item.attempt == mine
    assert item.is_answered
    assert item.question == mine.questions.get(position=2).question
    assert selectors.attempt_item_for_user(user=mine.user, pk=theirs.pk, position=2) is None
    assert selectors.attempt_item_for_user(user=mine.user, pk=mine.pk, position=99) is None
    navigation = selectors.attempt_navigation(attempt=mine)
    assert item.navigation == navigation  # type: ignore[attr-defined]
    assert [entry.position for entry in navigation] == list(range(1, mine.question_count + 1))
    assert [entry.status for entry in navigation if entry.position == 2] == ["answered"]
    assert all(entry.status == "unanswered" for entry in navigation if entry.position != 2)


def test_a_select_related_query_loads_the_parent_from_the_same_query(
    attempts, django_assert_num_queries
):
    own = CompiledQuery(
        lambda attempt, user, position: AttemptQuestion.objects.filter(
            attempt_id=attempt, attempt__user_id=user, position=position
        ).select_related("attempt"),
        arguments=3,
    )
    mine, theirs = attempts
    for attempt in attempts:
        orm = AttemptQuestion.objects.select_related("attempt").get(attempt=attempt, position=2)
        with django_assert_num_queries(1):
            [row] = own.models(attempt.pk, attempt.user_id, 2)
            assert model_to_dict(row.attempt) == model_to_dict(orm.attempt)
            assert row.attempt.started_at == orm.attempt.started_at
        assert model_to_dict(row) == model_to_dict(orm)
    assert own.models(theirs.pk, mine.user_id, 2) == []


def test_the_question_pages_navigator_is_the_attempts_every_state(attempts):
    # Every combination of flagged and answered: the navigator aggregated in the question
    # page's query is the one read on its own.
    pack = import_pack()
    user = attempts[0].user
    exam = services.attempt_start_exam(user=user, pack=pack, length=20, seed=4)
    assert exam.question_count >= 5
    for position in (2, 3):
        services.question_flag(attempt=exam, position=position, flagged=True)
    for position in (3, 4):
        row = exam.questions.get(position=position)
        services.answer_record(
            attempt=exam, position=position, selected=[0] if row.question.choices else None,
            number=None if row.question.choices else row.question.answer,
        )  # fmt: skip
    expected = selectors.attempt_navigation(attempt=exam)
    assert {(entry.flagged, entry.is_answered) for entry in expected} == {
        (False, False), (True, False), (True, True), (False, True),
    }  # fmt: skip
    for position in (1, 3, exam.question_count):
        item = selectors.attempt_item_for_user(user=user, pk=exam.pk, position=position)
        assert item is not None
        assert item.navigation == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", [2**63, 10**30, -(2**63) - 1])
def test_values_beyond_64_bits_match_nothing_instead_of_reaching_the_driver(attempts, value):
    assert ITEM.models(value, 1) == []
    assert POSITIONS.rows(value) == []
    assert selectors.attempt_item_for_user(user=attempts[0].user, pk=value, position=1) is None


def test_the_number_of_values_is_checked():
    with pytest.raises(TypeError):
        ITEM.models(1)


def test_an_argument_that_never_reaches_the_sql_is_refused():
    ignores_position = CompiledQuery(
        lambda attempt, position: AttemptQuestion.objects.filter(attempt_id=attempt), arguments=2
    )
    with pytest.raises(ValueError, match="once"):
        ignores_position.models(1, 1)


def test_a_constant_equal_to_a_stand_in_is_refused_rather_than_guessed():
    twice = CompiledQuery(
        lambda pk: Attempt.objects.filter(pk=pk).exclude(question_count=32_749), arguments=1
    )
    with pytest.raises(ValueError, match="once"):
        twice.models(1)


def test_a_values_query_gives_rows_not_models():
    with pytest.raises(TypeError, match="rows"):
        POSITIONS.models(1)


def test_a_stored_number_the_column_cannot_hold_is_read_as_none_on_the_question_page(attempts):
    # SQLite keeps whatever it is given; the compiled read fails on it as the ORM does,
    # and the question page falls back to reading the number as text.
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite can hold a number outside the column's range")
    attempt = attempts[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE quizzes_attemptquestion SET number = 1e300 "
            "WHERE attempt_id = %s AND position = 1",
            [attempt.pk],
        )
    with pytest.raises(ArithmeticError):
        ITEM.models(attempt.pk, 1)
    item = selectors.attempt_item_for_user(user=attempt.user, pk=attempt.pk, position=1)
    assert item is not None
    assert item.number is None


def _rows(attempt):
    return [
        {key: value for key, value in model_to_dict(row).items() if key != "id"}
        for row in attempt.questions.order_by("position")
    ]


def _new_rows(attempt):
    from datetime import UTC, datetime
    from decimal import Decimal

    return [
        AttemptQuestion(
            attempt=attempt,
            position=1,
            question_uid="a",
            kind="scenario",
            topic="messaging",
            snapshot={"prompt": "Ünïcode ' \" \\\\ and a null: \\u0000?", "n": [1, 2.5, None]},
        ),
        AttemptQuestion(
            attempt=attempt,
            position=2,
            question_uid="b",
            kind="calculated",
            topic="kinesis",
            snapshot={},
            flagged=True,
            selected=[0, 2],
            number=Decimal("1234.5"),
            is_correct=False,
            answered_at=datetime(2026, 11, 27, 12, 30, 15, 123456, tzinfo=UTC),
        ),
    ]


def test_insert_many_stores_what_bulk_create_stores(attempts, django_assert_num_queries):
    from core.compiled import insert_many

    first, second = attempts
    first.questions.all().delete()
    second.questions.all().delete()
    AttemptQuestion.objects.bulk_create(_new_rows(first))
    with django_assert_num_queries(1):
        insert_many(_new_rows(second))
    expected = [{**row, "attempt": second.pk} for row in _rows(first)]
    assert _rows(second) == expected
    assert expected[1]["number"] == _new_rows(first)[1].number
    assert expected[1]["snapshot"] == {}
    assert expected[0]["snapshot"] == _new_rows(first)[0].snapshot


def test_insert_many_takes_nothing_it_cannot_insert_as_given(attempts, django_assert_num_queries):
    from django.db.models import F
    from django.db.models.functions import Now

    from core.compiled import insert_many

    attempt = attempts[0]
    attempt.questions.all().delete()
    with django_assert_num_queries(0):
        insert_many([])
    with pytest.raises(TypeError, match="one model"):
        insert_many([*_new_rows(attempt)[:1], Attempt(user=attempt.user)])
    saved = attempt.questions.model.objects.first() or AttemptQuestion(pk=10**6)
    with pytest.raises(ValueError, match="new rows"):
        insert_many([saved])
    with_expression = _new_rows(attempt)
    with_expression[1].answered_at = Now()
    with pytest.raises(TypeError, match="answered_at"):
        insert_many(with_expression)
    with_expression[1].answered_at = None
    with_expression[1].position = F("position")
    with pytest.raises(TypeError, match="position"):
        insert_many(with_expression)
    assert attempt.questions.count() == 0
