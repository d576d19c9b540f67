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


# The next showing and its words -------------------------------------------------------------


def in_queue(card: Card, *, at: datetime, exam_date=None) -> bool:
    return any(
        e.key == "f" for e in scheduling.review_queue({"f": card}, now=at, exam_date=exam_date)
    )


@pytest.mark.parametrize("rating", list(Rating))
@pytest.mark.parametrize("exam_date", [None, date(2027, 1, 15), date(2026, 11, 26)])
def test_next_showing_is_when_the_queue_really_asks_the_card_again(rating, exam_date):
    card, _ = scheduling.review(reviewed((True, NOW - timedelta(days=4))), rating=rating, at=NOW)
    showing = scheduling.next_showing(card, now=NOW, exam_date=exam_date)
    assert in_queue(card, at=showing, exam_date=exam_date)
    if showing > NOW:
        assert not in_queue(card, at=showing - timedelta(seconds=1), exam_date=exam_date)


def test_a_ten_minute_step_is_inside_the_learn_ahead_so_it_is_asked_this_sitting():
    wrong = reviewed((False, NOW))
    assert wrong.due == NOW + timedelta(minutes=10)
    assert scheduling.next_showing(wrong, now=NOW) == NOW
    assert scheduling.next_review_text(NOW, now=NOW) == (
        "again in this sitting, after any facts due before it"
    )


def test_an_exam_the_card_would_miss_brings_it_back_after_a_day_of_rest():
    card = reviewed((True, NOW))  # due in a few days, far below 0.9 by mid-January
    assert card.due - NOW > timedelta(days=1)
    assert scheduling.next_showing(card, now=NOW) == card.due - scheduling.LEARN_AHEAD
    with_exam = scheduling.next_showing(card, now=NOW, exam_date=date(2027, 1, 15))
    assert with_exam == NOW + scheduling.EXAM_REST
    assert scheduling.next_review_text(with_exam, now=NOW) == "again tomorrow"


@pytest.mark.parametrize(
    ("later", "text"),
    [
        (timedelta(seconds=30), "again in 1 minute"),
        (timedelta(minutes=25), "again in 25 minutes"),
        (timedelta(minutes=59, seconds=1), "again in 60 minutes"),
        (timedelta(hours=3), "again later today"),
        (timedelta(hours=16), "again tomorrow"),
        (timedelta(days=3), "again on 29 November 2026"),
    ],
)
def test_next_review_text_words_the_wait(later, text):
    assert scheduling.next_review_text(NOW + later, now=NOW) == text


def test_review_takes_a_rating_or_a_mark_but_not_both():
    card = Card(card_id=1, due=NOW)
    with pytest.raises(ValueError, match="either a rating or"):
        scheduling.review(card, at=NOW)
    with pytest.raises(ValueError, match="either a rating or"):
        scheduling.review(card, at=NOW, correct=True, rating=Rating.Easy)
