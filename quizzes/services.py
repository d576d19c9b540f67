"""Writes for quizzes: starting attempts, recording answers, submitting.

The server is the only clock: a deadline is checked on every write, and an attempt whose
deadline has passed is submitted by whichever request notices first.
"""

import logging
import random
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.compiled import insert_many
from quizzes import selectors
from quizzes.generation import EXAM_SCENARIO_SHARE, generate_questions, questions_for_topic
from quizzes.generation.types import AnswerMode, Question
from quizzes.generation.wording import count_words
from quizzes.models import Attempt, AttemptQuestion, attempt_score
from quizzes.pools import pool_source
from quizzes.signals import attempt_submitted, question_answered
from studyguide.records import ContentPack

PRACTICE_LENGTHS = (5, 10, 20)
EXAM_LENGTHS = (10, 20, 65)
# AWS's associate exams allow 130 minutes for 65 questions; shorter exams scale that down.
EXAM_MINUTES_PER_QUESTION = Decimal(130) / Decimal(65)


NOT_A_CHOICE = "That choice is not one of this question's choices."
UNMARKABLE = "This question cannot be marked any more; it is left out of your score."
logger = logging.getLogger(__name__)


def length_message(lengths: tuple[int, ...]) -> str:
    """(5, 10, 20) -> "Choose 5, 10 or 20 questions." """
    *first, last = lengths
    return f"Choose {', '.join(map(str, first))} or {last} questions."


class QuizError(Exception):
    """A quiz rule the request broke; the message is for the learner. Views choose the
    HTTP status from the subclass."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuestionNotInAttempt(QuizError):
    pass


class AttemptClosed(QuizError):
    """The attempt is submitted (or its time is up): nothing in it may change."""


class AnswerFinal(QuizError):
    """A practice answer, once given, stays."""


def _snapshot_question(uid: str, snapshot: object) -> Question | None:
    """The question an attempt stored, or None (logged by uid) when the snapshot cannot be
    read: a quiz leaves such an item out rather than fail whole."""
    try:
        return Question.from_dict(snapshot)  # type: ignore[arg-type]
    except (ValueError, AttributeError) as error:
        logger.warning("left out %s: its stored snapshot cannot be read (%s)", uid, error)
        return None


def _markable(items: list[AttemptQuestion]) -> list[AttemptQuestion]:
    """The attempt's items whose snapshot can still be read (each `question` cached)."""
    kept = []
    for item in items:
        question = _snapshot_question(item.question_uid, item.snapshot)
        if question is not None:
            item._question = question  # what item.question would read again
            kept.append(item)
    return kept


def _new_seed() -> int:
    return secrets.randbelow(2**31)


def _create_attempt(
    *,
    user: User,
    mode: str,
    questions: list[Question],
    topics: list[str],
    seed: int,
    now: datetime,
    deadline: datetime | None = None,
) -> Attempt:
    if not questions:
        raise QuizError("There are no questions for that choice yet.")
    with transaction.atomic():
        attempt = Attempt.objects.create(
            user=user,
            mode=mode,
            topics=topics,
            seed=seed,
            started_at=now,
            deadline=deadline,
            question_count=len(questions),
        )
        insert_many(attempt_question_rows(attempt, questions))
    return attempt


def attempt_question_rows(attempt: Attempt, questions: list[Question]) -> list[AttemptQuestion]:
    """The attempt's rows for `questions` in order, each with the snapshot it will show
    (not yet saved)."""
    return [
        AttemptQuestion(
            attempt=attempt,
            position=position,
            question_uid=question.uid,
            kind=str(question.kind),
            topic=question.topic,
            snapshot=question.to_dict(),
        )
        for position, question in enumerate(questions, start=1)
    ]


def attempt_start_practice(
    *,
    user: User,
    pack: ContentPack,
    topics: list[str],
    length: int,
    seed: int | None = None,
    now: datetime | None = None,
) -> Attempt:
    seed = _new_seed() if seed is None else seed
    questions = generate_questions(
        pack, topics=topics, count=length, seed=seed, source=pool_source(pack)
    )
    return _create_attempt(
        user=user,
        mode=Attempt.Mode.PRACTICE,
        questions=list(questions),
        topics=topics,
        seed=seed,
        now=now or timezone.now(),
    )


def attempt_start_mistakes(
    *,
    user: User,
    length: int,
    pack: ContentPack | None = None,
    seed: int | None = None,
    now: datetime | None = None,
) -> Attempt:
    """The questions this learner got wrong and has not answered right since, most recent
    first, then (from `pack`) other
    questions on the facts behind those mistakes, to fill the quiz."""
    wrong = (
        selectors.open_mistakes(user=user)
        .order_by("-answered_at", "-pk")
        .values_list("question_uid", "snapshot")
    )
    seen: set[str] = set()
    questions: list[Question] = []
    for uid, snapshot in wrong.iterator():
        if uid in seen:
            continue
        seen.add(uid)
        question = _snapshot_question(uid, snapshot)
        if question is None:
            continue
        questions.append(question)
        if len(questions) == length:
            break
    if not questions:
        raise QuizError("You have no mistakes to practise yet: answer some questions first.")
    seed = _new_seed() if seed is None else seed
    if pack is not None and len(questions) < length:
        missed = {key for question in questions for key in question.facts}
        for topic in sorted({question.topic for question in questions}):
            for question in questions_for_topic(pack, topic, seed=seed, source=pool_source(pack)):
                if len(questions) == length:
                    break
                if question.uid not in seen and missed.intersection(question.facts):
                    seen.add(question.uid)
                    questions.append(question)
    random.Random(seed).shuffle(questions)
    return _create_attempt(
        user=user,
        mode=Attempt.Mode.MISTAKES,
        questions=questions,
        topics=sorted({q.topic for q in questions}),
        seed=seed,
        now=now or timezone.now(),
    )


def attempt_start_retry(*, user: User, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """A practice attempt with exactly the questions missed (wrong or unanswered) in a
    submitted attempt, as they were shown then."""
    if not attempt.is_submitted:
        raise QuizError("Finish or submit the attempt before retrying what you missed.")
    missed = attempt.questions.exclude(is_correct=True).order_by("position")
    questions = [
        question
        for uid, snapshot in missed.values_list("question_uid", "snapshot")
        if (question := _snapshot_question(uid, snapshot)) is not None
    ]
    if not questions:
        raise QuizError("You missed nothing in this attempt: there is nothing to retry.")
    return _create_attempt(
        user=user,
        mode=Attempt.Mode.PRACTICE,
        questions=questions,
        topics=sorted({q.topic for q in questions}),
        seed=attempt.seed,
        now=now or timezone.now(),
    )


def exam_allocation(*, length: int, weights: dict[str, int]) -> dict[str, int]:
    """How many questions each topic (slug -> its exam_weight in content/topics.yaml) gets:
    by weight, largest remainder, every topic >= 0."""
    topics = list(weights)
    total = sum(weights.values())
    exact = {topic: Decimal(length * weight) / total for topic, weight in weights.items()}
    counts = {topic: int(share) for topic, share in exact.items()}
    remainder = length - sum(counts.values())
    by_fraction = sorted(topics, key=lambda t: (-(exact[t] - counts[t]), t))
    for topic in by_fraction[:remainder]:
        counts[topic] += 1
    return counts


def attempt_start_exam(
    *,
    user: User,
    pack: ContentPack,
    length: int,
    seed: int | None = None,
    now: datetime | None = None,
) -> Attempt:
    if length not in EXAM_LENGTHS:
        raise QuizError(length_message(EXAM_LENGTHS))
    seed = _new_seed() if seed is None else seed
    topics = [topic.slug for topic in pack.topics]
    questions: list[Question] = []
    source = pool_source(pack)
    weights = {topic.slug: topic.exam_weight for topic in pack.topics}
    for topic, count in exam_allocation(length=length, weights=weights).items():
        if count:
            questions.extend(
                generate_questions(
                    pack,
                    topics=[topic],
                    count=count,
                    seed=seed,
                    scenario_share=EXAM_SCENARIO_SHARE,
                    source=source,
                )
            )
    random.Random(seed).shuffle(questions)
    now = now or timezone.now()
    minutes = EXAM_MINUTES_PER_QUESTION * len(questions)
    return _create_attempt(
        user=user,
        mode=Attempt.Mode.EXAM,
        questions=questions,
        topics=topics,
        seed=seed,
        now=now,
        deadline=now + timedelta(minutes=float(minutes)),
    )


def _review_answers(*, user: User, answered: list[AttemptQuestion]) -> None:
    for item in answered:
        if item.question.facts and item.is_correct is not None and item.answered_at:
            question_answered.send(
                sender=AttemptQuestion,
                user=user,
                fact_keys=item.question.facts,
                correct=item.is_correct,
                answered_at=item.answered_at,
                attempt_question=item,
            )


def attempt_submit(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Mark every question and close the attempt; idempotent."""
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.is_submitted:
            return locked
        # Read the clock only once the lock is held, so that every answer saved before
        # this submit carries an earlier time.
        now = now or timezone.now()
        # An item whose snapshot cannot be read any more is left out of the score.
        items = _markable(selectors.with_readable_numbers(locked.questions.all()))
        for item in items:
            item.attempt = locked  # listeners read item.attempt; spare a query per question
        correct = sum(1 for item in items if item.is_correct)
        locked.correct_count = correct
        locked.score = attempt_score(correct=correct, total=len(items))
        # A deadline that passed unnoticed closes the attempt at the deadline, not later.
        locked.submitted_at = min(now, locked.deadline) if locked.deadline else now
        locked.save(update_fields=["correct_count", "score", "submitted_at"])
        if locked.is_exam:
            # Exam answers may change until submission, so memory is updated only now,
            # in the same transaction: marks and memory commit together or not at all.
            _review_answers(user=locked.user, answered=[i for i in items if i.is_answered])
        attempt_submitted.send(sender=Attempt, attempt=locked)
    return locked


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    if not attempt.is_submitted and attempt.is_past_deadline(now):
        return attempt_submit(attempt=attempt, now=now)
    return attempt


def _mark(question: Question, *, selected: list[int] | None, number: Decimal | None) -> bool:
    if question.answer_mode == AnswerMode.NUMERIC:
        return number is not None and question.is_correct_number(number)
    return question.is_correct_selection(selected or [])


def _lock_open_attempt(*, attempt: Attempt, now: datetime | None, verb: str) -> Attempt:
    """The attempt row, locked until the caller's transaction ends, or AttemptClosed.

    Checked under the lock: a submit waiting for it (or holding it) decides first, so
    nothing changes in an attempt once its score is counted.
    """
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.is_submitted:
        timed_out = locked.deadline is not None and locked.submitted_at == locked.deadline
    else:
        timed_out = locked.is_past_deadline(now)
    if timed_out:
        raise AttemptClosed(f"Time is up: this exam was submitted at its deadline; {verb}.")
    if locked.is_submitted:
        raise AttemptClosed(f"This attempt is submitted; {verb}.")
    return locked


def answer_record(
    *,
    attempt: Attempt,
    position: int,
    selected: list[int] | None = None,
    number: Decimal | None = None,
    now: datetime | None = None,
) -> AttemptQuestion:
    """Save one answer. The same answer twice is recorded once; a closed attempt refuses."""
    attempt_expire_if_due(attempt=attempt, now=now)
    with transaction.atomic():
        attempt = _lock_open_attempt(attempt=attempt, now=now, verb="answers can no longer change")
        now = now or timezone.now()
        rows = AttemptQuestion.objects.select_for_update().filter(
            attempt=attempt, position=position
        )
        found = selectors.with_readable_numbers(rows)
        if not found:
            raise QuestionNotInAttempt("That question is not part of this attempt.")
        (item,) = found
        item.attempt = attempt
        if not _markable([item]):
            raise QuizError(UNMARKABLE)
        validate_response(item.question, selected=selected, number=number)
        if item.is_answered and item.response_equals(selected=selected, number=number):
            return item
        if item.is_answered and not attempt.is_exam:
            raise AnswerFinal(
                "You have answered this question already; practice answers are final."
            )
        item.selected = sorted(selected) if selected is not None else None
        item.number = number
        item.is_correct = _mark(item.question, selected=selected, number=number)
        item.answered_at = now
        item.save(update_fields=["selected", "number", "is_correct", "answered_at"])
        if not attempt.is_exam:
            _review_answers(user=attempt.user, answered=[item])
            if not attempt.questions.filter(answered_at__isnull=True).exists():
                attempt_submit(attempt=attempt, now=now)
    return item


def validate_response(
    question: Question, *, selected: list[int] | None, number: Decimal | None
) -> None:
    """Refuse a response that does not fit the question (QuizError says why)."""
    if question.answer_mode == AnswerMode.NUMERIC:
        if number is None or not number.is_finite():
            raise QuizError("Enter a number.")
        return
    if not selected:
        raise QuizError("Choose an answer.")
    if len(set(selected)) != len(selected) or any(
        not 0 <= index < len(question.choices) for index in selected
    ):
        raise QuizError(NOT_A_CHOICE)
    if question.answer_mode == AnswerMode.SINGLE and len(selected) != 1:
        raise QuizError("Choose exactly one answer.")
    wanted = len(question.correct_indexes)
    if question.answer_mode == AnswerMode.MULTIPLE and len(selected) != wanted:
        raise QuizError(
            f"Choose exactly {count_words(wanted)} answers; you chose {count_words(len(selected))}."
        )


def question_flag(*, attempt: Attempt, position: int, flagged: bool) -> AttemptQuestion:
    attempt_expire_if_due(attempt=attempt)
    with transaction.atomic():
        attempt = _lock_open_attempt(attempt=attempt, now=None, verb="flags can no longer change")
        updated = AttemptQuestion.objects.filter(attempt=attempt, position=position).update(
            flagged=flagged
        )
        if not updated:
            raise QuestionNotInAttempt("That question is not part of this attempt.")
        (item,) = selectors.with_readable_numbers(
            AttemptQuestion.objects.filter(attempt=attempt, position=position)
        )
        return item
