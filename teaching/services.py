"""Writes for teaching: classes, join codes, memberships, assignments and their attempts,
and the statistics recomputation the background task runs."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.roles import is_instructor
from quizzes import services as quiz_services
from quizzes.models import SCORE_SCALE, Attempt
from studyguide.records import ContentPack
from teaching import caching, joincodes, selectors
from teaching.models import (
    BANK,
    MAX_TIME_MULTIPLIER,
    MIN_TIME_MULTIPLIER,
    Assignment,
    AssignmentAttempt,
    AssignmentStatistic,
    Classroom,
    ItemStatistic,
    LearnerMastery,
    Membership,
    PendingRecompute,
)
from teaching.statistics import form_statistics, item_statistics


@dataclass
class TeachingError(Exception):
    message: str
    status: int = 400

    def __str__(self) -> str:
        return self.message


# Classes and join codes --------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "class"
    slug, n = base, 1
    while Classroom.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _unused_code() -> str:
    while True:
        code = joincodes.new_code()
        if not Classroom.objects.filter(join_code=code).exists():
            return code


@transaction.atomic
def classroom_create(*, name: str, instructor: User) -> Classroom:
    name = name.strip()
    if not name:
        raise TeachingError("Give the class a name.")
    classroom = Classroom.objects.create(
        name=name, slug=_unique_slug(name), join_code=_unused_code()
    )
    classroom.instructors.add(instructor)
    return classroom


def classroom_code_regenerate(*, classroom: Classroom) -> Classroom:
    """A new code replaces the old one (which stops working) and opens the class."""
    classroom.join_code = _unused_code()
    classroom.join_open = True
    classroom.save(update_fields=["join_code", "join_open"])
    return classroom


def classroom_code_close(*, classroom: Classroom, closed: bool = True) -> Classroom:
    classroom.join_open = not closed
    classroom.save(update_fields=["join_open"])
    return classroom


def classroom_instructor_add(*, classroom: Classroom, username: str) -> User:
    user = User.objects.filter(username=username.strip()).first()
    if user is None or not is_instructor(user):
        raise TeachingError("No instructor has that username.")
    classroom.instructors.add(user)
    return user


def membership_join(*, user: User, code: str) -> Membership:
    normalised = joincodes.normalise(code)
    if not joincodes.is_well_formed(normalised):
        raise TeachingError(
            "A join code is 8 letters and digits, like 7K3M-9QXD: check what you typed."
        )
    classroom = Classroom.objects.filter(join_code=normalised).first()
    if classroom is None:
        raise TeachingError("No class has that code: check it with your instructor.", 404)
    if not classroom.join_open:
        raise TeachingError(
            f"{classroom.name} is not taking new learners: ask your instructor for a new code.",
            409,
        )
    if classroom.instructors.filter(pk=user.pk).exists():
        raise TeachingError(
            f"You teach {classroom.name}; instructors do not join as learners.", 409
        )
    try:
        with transaction.atomic():
            return Membership.objects.create(classroom=classroom, user=user)
    except IntegrityError:
        raise TeachingError(f"You are already a member of {classroom.name}.", 409) from None


def membership_leave(*, user: User, classroom: Classroom) -> None:
    """Leaving keeps the attempts (they are the learner's own); the class no longer sees them."""
    deleted, _ = Membership.objects.filter(user=user, classroom=classroom).delete()
    if not deleted:
        raise TeachingError("You are not a member of that class.", 404)


def membership_set_time_multiplier(*, membership: Membership, multiplier: Decimal) -> Membership:
    if not MIN_TIME_MULTIPLIER <= multiplier <= MAX_TIME_MULTIPLIER:
        raise TeachingError(
            f"Extra time is a multiplier from {MIN_TIME_MULTIPLIER} to {MAX_TIME_MULTIPLIER}."
        )
    membership.time_multiplier = multiplier
    membership.save(update_fields=["time_multiplier"])
    return membership


# Assignments -------------------------------------------------------------------------------


def assignment_create(
    *,
    classroom: Classroom,
    title: str,
    kind: str,
    topics: list[str],
    length: int,
    opens_at: datetime,
    due_at: datetime,
    max_attempts: int = 1,
    fixed_form: bool = False,
) -> Assignment:
    if due_at <= opens_at:
        raise TeachingError("The due time must come after the opening time.")
    if kind == Assignment.Kind.EXAM and length not in quiz_services.EXAM_LENGTHS:
        raise TeachingError(quiz_services.length_message(quiz_services.EXAM_LENGTHS))
    if kind == Assignment.Kind.PRACTICE:
        if length not in quiz_services.PRACTICE_LENGTHS:
            raise TeachingError(quiz_services.length_message(quiz_services.PRACTICE_LENGTHS))
        if not topics:
            raise TeachingError("Choose at least one topic for a practice set.")
    return Assignment.objects.create(
        classroom=classroom,
        title=title.strip() or "Assignment",
        kind=kind,
        topics=topics,
        length=length,
        opens_at=opens_at,
        due_at=due_at,
        max_attempts=max_attempts,
        fixed_form=fixed_form,
        seed=secrets.randbelow(2**31),
    )


def _pack_for(assignment: Assignment, pack: ContentPack) -> ContentPack:
    if not assignment.topics:
        return pack
    chosen = set(assignment.topics)
    return replace(pack, topics=tuple(t for t in pack.topics if t.slug in chosen))


@transaction.atomic
def assignment_attempt_start(
    *, assignment: Assignment, user: User, pack: ContentPack, now: datetime | None = None
) -> Attempt:
    """Start the learner's attempt through the quizzes service, claim it for the assignment
    and stretch a timed attempt's deadline by the learner's time multiplier."""
    now = now or timezone.now()
    membership = (
        Membership.objects.select_for_update()
        .filter(classroom_id=assignment.classroom_id, user=user)
        .first()
    )
    if membership is None:
        raise TeachingError("That assignment is not for one of your classes.", 404)
    if now < assignment.opens_at:
        raise TeachingError("This assignment is not open yet.", 409)
    links = AssignmentAttempt.objects.filter(assignment=assignment, user=user)
    if links.filter(attempt__submitted_at__isnull=True).exists():
        raise TeachingError("You have an attempt at this assignment in progress: finish it.", 409)
    if links.count() >= assignment.max_attempts:
        raise TeachingError("You have used every attempt this assignment allows.", 409)
    seed = assignment.seed if assignment.fixed_form else None
    try:
        if assignment.is_exam:
            attempt = quiz_services.attempt_start_exam(
                user=user,
                pack=_pack_for(assignment, pack),
                length=assignment.length,
                seed=seed,
                now=now,
            )
        else:
            attempt = quiz_services.attempt_start_practice(
                user=user,
                pack=pack,
                topics=list(assignment.topics),
                length=assignment.length,
                seed=seed,
                now=now,
            )
    except quiz_services.QuizError as error:
        raise TeachingError(error.message, 400) from error
    AssignmentAttempt.objects.create(assignment=assignment, attempt=attempt, user=user)
    caching.class_changed([assignment.classroom_id])  # the learner is now "in progress"
    if attempt.deadline is not None and membership.time_multiplier != 1:
        allowed = (attempt.deadline - attempt.started_at) * float(membership.time_multiplier)
        attempt.deadline = attempt.started_at + allowed
        attempt.save(update_fields=["deadline"])
    return attempt


# Statistics --------------------------------------------------------------------------------


def assignment_key(assignment_id: int) -> str:
    return f"assignment:{assignment_id}"


def bank_key(question_uid: str) -> str:
    return f"{BANK}:{question_uid}"


def mastery_key(user_id: int) -> str:
    return f"mastery:{user_id}"


def _ids_after(prefix: str, keys: list[str]) -> list[str]:
    return sorted(k.split(":", 1)[1] for k in keys if k.startswith(f"{prefix}:"))


def statistics_mark_stale(*, keys: list[str]) -> bool:
    """Record the scopes to recompute; True when one was not already waiting (so a task
    must be queued), False when every one is (a task is queued already)."""
    waiting = set(PendingRecompute.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [key for key in dict.fromkeys(keys) if key not in waiting]
    if fresh:
        PendingRecompute.objects.bulk_create(
            [PendingRecompute(key=key) for key in fresh], ignore_conflicts=True
        )
    return bool(fresh)


def statistics_recompute_pending() -> int:
    """Take every waiting scope and recompute it (an assignment's statistics, items in the
    bank, a learner's mastery for the class heatmaps); returns how many scopes were done.

    The keys are taken (deleted) before computing, so a submission that lands meanwhile
    queues a new run instead of being missed."""
    with transaction.atomic():
        keys = list(PendingRecompute.objects.values_list("key", flat=True))
        PendingRecompute.objects.filter(key__in=keys).delete()
    assignment_ids = [int(pk) for pk in _ids_after("assignment", keys)]
    uids = _ids_after(BANK, keys)
    learner_ids = [int(pk) for pk in _ids_after("mastery", keys)]
    for assignment in Assignment.objects.filter(pk__in=assignment_ids):
        assignment_statistics_store(assignment=assignment)
    if uids:
        bank_statistics_store(question_uids=uids)
    if learner_ids:
        mastery_store(user_ids=learner_ids)
    return len(keys)


def _statistic_rows(
    *,
    scope: str,
    assignment: Assignment | None,
    items: dict[selectors.ItemKey, selectors.ItemResponses],
    now: datetime,
) -> list[ItemStatistic]:
    rows = []
    for (uid, version), item in items.items():
        stats = item_statistics(item.responses, item.choices)
        rows.append(
            ItemStatistic(
                scope=scope,
                assignment=assignment,
                question_uid=uid,
                version=version,
                topic=item.topic,
                prompt=item.prompt,
                n=stats.n,
                facility=stats.facility,
                sd=stats.sd,
                discrimination=stats.discrimination,
                efficiency=stats.efficiency,
                choices=[row.__dict__ for row in stats.choices],
                thirds={"top": stats.top_n, "bottom": stats.bottom_n},
                needs_checking=stats.needs_checking,
                reasons=list(stats.reasons),
                computed_at=now,
            )
        )
    return rows


@transaction.atomic
def assignment_statistics_store(*, assignment: Assignment, now: datetime | None = None) -> None:
    now = now or timezone.now()
    data = selectors.assignment_responses(assignment=assignment)
    scope = assignment_key(assignment.pk)
    ItemStatistic.objects.filter(scope=scope).delete()
    ItemStatistic.objects.bulk_create(
        _statistic_rows(scope=scope, assignment=assignment, items=data.items, now=now)
    )
    form = form_statistics(data.matrix, scale=SCORE_SCALE) if data.matrix else None
    AssignmentStatistic.objects.update_or_create(
        assignment=assignment,
        defaults={
            "n": data.learners,
            "items": len(data.items),
            "mean_score": data.mean_score,
            "alpha": form.alpha if form else None,
            "error_ratio": form.error_ratio if form else None,
            "standard_error": form.standard_error if form else None,
            "computed_at": now,
        },
    )
    caching.class_changed([assignment.classroom_id])


@transaction.atomic
def bank_statistics_store(*, question_uids: list[str], now: datetime | None = None) -> None:
    now = now or timezone.now()
    items = selectors.bank_responses(question_uids=question_uids)
    ItemStatistic.objects.filter(scope=BANK, question_uid__in=question_uids).delete()
    ItemStatistic.objects.bulk_create(
        _statistic_rows(scope=BANK, assignment=None, items=items, now=now), batch_size=500
    )
    caching.bank_changed()


_MASTERY_FIELDS = ("memory", "accuracy", "mastery", "facts_met", "facts_total", "computed_at")


@transaction.atomic
def mastery_store(
    *,
    user_ids: list[int],
    now: datetime | None = None,
    topics: list[dict[str, Any]] | None = None,
    announce: bool = True,
) -> dict[int, list[selectors.HeatCell]]:
    """Compute and keep the learners' mastery of every topic (or the `topics` given, as
    class_topics lists them), for the class heatmaps; returns the heatmap rows.

    `announce` makes a new version of the learners' classes, so their pages show the new
    figures; a page filling in learners it found missing has nothing cached to replace."""
    now = now or timezone.now()
    topics = selectors.class_topics() if topics is None else topics
    cells = selectors.topic_mastery_for(user_ids=user_ids, topics=topics, now=now)
    rows = [
        LearnerMastery(
            user_id=user_id,
            topic_id=topic["id"],
            memory=cell.mastery.memory,
            accuracy=cell.mastery.accuracy,
            mastery=cell.mastery.mastery,
            facts_met=cell.facts_met,
            facts_total=cell.facts_total,
            computed_at=now,
        )
        for user_id, row in cells.items()
        for topic, cell in zip(topics, row, strict=True)
    ]
    # An upsert: two pages filling in the same learners at once must not collide.
    LearnerMastery.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=("user", "topic"),
        update_fields=_MASTERY_FIELDS,
    )
    if announce:
        caching.class_changed(
            Membership.objects.filter(user_id__in=user_ids).values_list("classroom_id", flat=True)
        )
    return cells
