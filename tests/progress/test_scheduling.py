"""The pure scheduling layer: FSRS as configured here, and the order of the review queues."""

from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler, State

from progress import scheduling

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def reviewed(*answers: tuple[bool, datetime]) -> Card:
    card = scheduling.new_card(card_id=1, now=answers[0][1])
    for correct, at in answers:
        card, _ = scheduling.review(card, correct=correct, at=at)
    return card


def test_the_scheduler_is_fsrs_without_fuzz_and_one_ten_minute_learning_step():
    direct = Scheduler(
        desired_retention=0.9,
        learning_steps=(timedelta(minutes=10),),
        relearning_steps=(timedelta(minutes=10),),
        enable_fuzzing=False,
    )
    ours, theirs = Card(card_id=7, due=NOW), Card(card_id=7, due=NOW)
    steps = [
        (False, NOW),
        (True, NOW + timedelta(minutes=12)),
        (True, NOW + timedelta(days=3)),
        (False, NOW + timedelta(days=20)),
        (True, NOW + timedelta(days=20, minutes=15)),
    ]
    for correct, at in steps:
        ours, our_log = scheduling.review(ours, correct=correct, at=at)
        theirs, their_log = direct.review_card(
            theirs, Rating.Good if correct else Rating.Again, review_datetime=at
        )
        assert ours.to_dict() == theirs.to_dict()
        assert our_log.to_dict() == their_log.to_dict()


def test_a_wrong_first_answer_comes_back_in_ten_minutes_and_a_right_one_graduates():
    wrong = reviewed((False, NOW))
    assert wrong.state == State.Learning
    assert wrong.due == NOW + timedelta(minutes=10)
    right = reviewed((True, NOW))
    assert right.state == State.Review
    assert right.due - NOW >= timedelta(days=1)


def test_a_review_never_goes_back_in_time():
    later = NOW + timedelta(days=5)
    card = reviewed((True, NOW), (True, later))
    # An exam submitted now carries an answer given before the last review.
    moved, log = scheduling.review(card, correct=False, at=later - timedelta(hours=2))
    assert log.review_datetime == later
    assert moved.last_review == later


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        scheduling.review(Card(card_id=1, due=NOW), correct=True, at=datetime(2026, 1, 1))  # noqa: DTZ001 - the bad input


def test_due_queue_is_longest_overdue_first_with_learning_steps_in_the_learn_ahead():
    cards = {
        "b.overdue-2d": reviewed((True, NOW - timedelta(days=6))),
        "a.overdue-2d": reviewed((True, NOW - timedelta(days=6))),
        "c.learning": reviewed((False, NOW - timedelta(minutes=1))),  # due in 9 minutes
        "d.not-due": reviewed((True, NOW - timedelta(hours=1))),
    }
    for key in ("a.overdue-2d", "b.overdue-2d"):
        assert cards[key].due < NOW - timedelta(hours=12)
    queue = scheduling.review_queue(cards, now=NOW)
    assert [e.key for e in queue] == ["a.overdue-2d", "b.overdue-2d", "c.learning"]
    assert {e.reason for e in queue} == {"due"}


def test_exam_queue_adds_facts_below_target_on_the_exam_day_most_at_risk_first():
    # Three cards of different strengths, none due yet.
    weak = reviewed((True, NOW - timedelta(days=1, hours=1)))  # stability 2.3 days
    middling = reviewed((True, NOW - timedelta(days=5)), (True, NOW - timedelta(days=2)))
    strong = reviewed(
        (True, NOW - timedelta(days=12)), (True, NOW - timedelta(days=9)),
        (True, NOW - timedelta(days=2)),
    )  # fmt: skip
    overdue = reviewed((True, NOW - timedelta(days=9)))
    cards = {"weak": weak, "strong": strong, "middling": middling, "overdue": overdue}
    exam = date(2026, 12, 20)
    moment = datetime(2026, 12, 20, tzinfo=UTC)
    recall = {key: scheduling.retrievability(card, at=moment) for key, card in cards.items()}
    assert recall["weak"] < recall["middling"] < 0.9 <= recall["strong"]
    assert all(card.due > NOW for key, card in cards.items() if key != "overdue")

    queue = scheduling.review_queue(cards, now=NOW, exam_date=exam)
    assert [(e.key, e.reason) for e in queue] == [
        ("overdue", "due"),
        ("weak", "exam"),
        ("middling", "exam"),
    ]
    assert queue[1].retrievability == pytest.approx(recall["weak"])


def test_exam_queue_skips_cards_reviewed_in_the_last_day_and_past_exams():
    fresh = reviewed((True, NOW - timedelta(hours=3)))
    cards = {"fresh": fresh}
    assert scheduling.retrievability(fresh, at=datetime(2027, 3, 1, tzinfo=UTC)) < 0.9
    assert scheduling.review_queue(cards, now=NOW, exam_date=date(2027, 3, 1)) == []
    stale = {"stale": reviewed((True, NOW - timedelta(days=1, hours=1)))}
    assert scheduling.review_queue(stale, now=NOW, exam_date=date(2026, 11, 20)) == []
    assert [e.key for e in scheduling.review_queue(stale, now=NOW, exam_date=date(2027, 3, 1))] == [
        "stale"
    ]


def test_retrievability_matches_fsrs_and_is_zero_for_an_unreviewed_card():
    card = reviewed((True, NOW))
    later = NOW + timedelta(days=10)
    assert scheduling.retrievability(card, at=later) == pytest.approx(
        scheduling.SCHEDULER.get_card_retrievability(card, current_datetime=later)
    )
    assert scheduling.retrievability(Card(card_id=2, due=NOW), at=later) == 0
