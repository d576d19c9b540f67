"""Regrading one authored question after its key was fixed.

`regrade_plan` is the dry run; `regrade_apply` recomputes the same plan under row locks and
writes it, so what the instructor was shown is what is applied. Each submitted attempt that
showed the question is marked again against the question's current key: choices are
matched by their text (the attempt may have shown them in another order), a numeric answer
against the current answer and tolerance. Spaced-review history (FSRS cards and logs) is
left as it was: a regrade changes marks and scores, not what the learner remembered.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from quizzes.generation.authored import authored_question, authored_uid
from quizzes.generation.types import AnswerMode, Question
from quizzes.models import Attempt, AttemptQuestion, attempt_score
from quizzes.selectors import with_readable_numbers
from quizzes.signals import attempts_regraded
from studyguide.models import AuthoredQuestion
from workspace.models import ChangeRecord, Regrade, RegradeChange


class RegradeError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RegradeStale(RegradeError):
    """The question changed between the dry run and the apply."""


class NothingToRegrade(RegradeError):
    pass


def current_question(question: AuthoredQuestion) -> Question:
    """The question as a quiz would show it now (its current key and version)."""
    return authored_question(question.to_data(topic_slug=question.topic.slug))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Remark:
    """One attempt question marked again: its new snapshot and mark, or why it cannot be
    regraded automatically (`problem`)."""

    snapshot: dict[str, Any] | None
    now_correct: bool | None
    key_changed: bool
    problem: str = ""


def remark(*, snapshot: dict[str, Any], item: AttemptQuestion, current: Question) -> Remark:
    """Mark one shown question again under `current` (pure apart from reading `item`)."""
    was = item.is_correct
    try:
        shown = Question.from_dict(snapshot)
    except ValueError:
        return Remark(None, was, False, "The saved copy of this question cannot be read.")
    if shown.answer_mode != current.answer_mode:
        return Remark(
            None,
            was,
            False,
            f"The answer type changed from {shown.answer_mode} to {current.answer_mode}.",
        )
    new = copy.deepcopy(snapshot)
    new["version"] = current.version
    if current.answer_mode == AnswerMode.NUMERIC:
        if shown.unit != current.unit:
            return Remark(
                None, was, False, f"The unit changed from “{shown.unit}” to “{current.unit}”."
            )
        if current.answer is None:  # a valid numeric question has one; guard all the same
            return Remark(None, was, False, "The question has no answer now.")
        changed = shown.answer != current.answer or shown.tolerance != current.tolerance
        new["answer"] = str(current.answer)
        new["tolerance"] = str(current.tolerance)
        now = was
        if item.is_answered:
            now = item.number is not None and current.is_correct_number(Decimal(item.number))
        return Remark(new, now, changed)
    by_text = {_norm(c.text): c for c in current.choices}
    missing = [c.text for c in shown.choices if _norm(c.text) not in by_text]
    if missing:
        return Remark(None, was, False, f"The choice “{missing[0]}” is no longer in the question.")
    shown_texts = {_norm(c.text) for c in shown.choices}
    unseen = [c.text for c in current.correct_choices if _norm(c.text) not in shown_texts]
    if unseen:
        return Remark(
            None,
            was,
            False,
            f"The right answer “{unseen[0]}” was not among the choices this learner saw.",
        )
    changed = False
    for row, choice in zip(new["choices"], shown.choices, strict=True):
        now_right = by_text[_norm(choice.text)].correct
        if now_right != choice.correct:
            changed = True
            row["correct"] = now_right
            if not now_right and not str(row.get("why", "")).strip():
                row["why"] = by_text[_norm(choice.text)].why
    try:
        regraded = Question.from_dict(new)
    except ValueError:
        return Remark(None, was, False, "The current key does not fit the choices shown.")
    now = was
    if item.is_answered:
        now = regraded.is_correct_selection(item.selected or [])
    return Remark(new, now, changed)


@dataclass(frozen=True)
class PlanRow:
    item: AttemptQuestion
    attempt: Attempt
    was_correct: bool | None
    now_correct: bool | None
    old_score: int | None
    new_score: int | None
    snapshot: dict[str, Any] | None
    problem: str = ""

    @property
    def mark_changes(self) -> bool:
        return not self.problem and self.was_correct != self.now_correct

    @property
    def score_change(self) -> int:
        return (self.new_score or 0) - (self.old_score or 0)


@dataclass
class RegradePlan:
    question: AuthoredQuestion
    version: int
    checked: int = 0
    changes: list[PlanRow] = field(default_factory=list)  # the mark changes
    key_only: list[PlanRow] = field(default_factory=list)  # the key shown changes, not the mark
    blocked: list[PlanRow] = field(default_factory=list)  # cannot regrade automatically
    new_counts: dict[int, int] = field(default_factory=dict)  # attempt pk -> correct count

    @property
    def updates(self) -> list[PlanRow]:
        return sorted(self.changes + self.key_only, key=lambda r: (r.attempt.pk, r.item.position))


def _submitted_items(uid: str) -> list[AttemptQuestion]:
    rows = (
        AttemptQuestion.objects.filter(question_uid=uid, attempt__submitted_at__isnull=False)
        .select_related("attempt", "attempt__user")
        .order_by("attempt_id", "position")
    )
    return with_readable_numbers(rows)


def regrade_plan(*, question: AuthoredQuestion) -> RegradePlan:
    """What a regrade to the question's current key would change (reads only; a constant
    number of queries however many attempts there are)."""
    current = current_question(question)
    plan = RegradePlan(question=question, version=current.version)
    items = _submitted_items(current.uid)
    plan.checked = len(items)
    remarks: list[tuple[AttemptQuestion, Remark]] = []
    delta: dict[int, int] = defaultdict(int)
    for item in items:
        result = remark(snapshot=item.snapshot, item=item, current=current)
        remarks.append((item, result))
        if not result.problem:
            delta[item.attempt_id] += int(bool(result.now_correct)) - int(bool(item.is_correct))
    # Counted from the rows, as submit counts them.
    counts = {
        row["attempt_id"]: (row["correct"], row["total"])
        for row in AttemptQuestion.objects.filter(attempt_id__in={i.attempt_id for i in items})
        .values("attempt_id")
        .annotate(correct=Count("pk", filter=Q(is_correct=True)), total=Count("pk"))
        .order_by()
    }
    for item, result in remarks:
        correct, total = counts[item.attempt_id]
        new_correct = correct + delta[item.attempt_id]
        plan.new_counts[item.attempt_id] = new_correct
        old_score = attempt_score(correct=correct, total=total)
        row = PlanRow(
            item=item,
            attempt=item.attempt,
            was_correct=item.is_correct,
            now_correct=result.now_correct,
            old_score=item.attempt.score if item.attempt.score is not None else old_score,
            new_score=attempt_score(correct=new_correct, total=total),
            snapshot=result.snapshot,
            problem=result.problem,
        )
        if result.problem:
            plan.blocked.append(row)
        elif row.mark_changes:
            plan.changes.append(row)
        elif result.key_changed:
            plan.key_only.append(row)
    return plan


def regrade_apply(
    *, key: str, by: User, version: int, now: datetime | None = None
) -> tuple[Regrade, RegradePlan]:
    """Apply the dry run for `version` of the question; RegradeStale when the question has
    changed since, NothingToRegrade when no attempt would change."""
    with transaction.atomic():
        question = AuthoredQuestion.objects.select_for_update().select_related("topic").get(key=key)
        if question.version != version:
            raise RegradeStale(
                f"The question is now at version {question.version}: check the new dry run "
                "before applying it."
            )
        uid = authored_uid(key)
        # Lock every submitted attempt that showed the question, in a fixed order.
        list(
            Attempt.objects.select_for_update()
            .filter(
                pk__in=AttemptQuestion.objects.filter(question_uid=uid).values("attempt_id"),
                submitted_at__isnull=False,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        plan = regrade_plan(question=question)
        updates = plan.updates
        if not updates:
            raise NothingToRegrade("No submitted attempt would change: there is nothing to apply.")
        items = []
        for row in updates:
            row.item.is_correct = row.now_correct
            row.item.snapshot = row.snapshot
            items.append(row.item)
        AttemptQuestion.objects.bulk_update(items, ["is_correct", "snapshot"])
        attempts = {row.attempt.pk: row for row in updates}
        for pk, row in attempts.items():
            row.attempt.correct_count = plan.new_counts[pk]
            row.attempt.score = row.new_score
        Attempt.objects.bulk_update(
            [row.attempt for row in attempts.values()], ["correct_count", "score"]
        )
        regrade = Regrade.objects.create(
            question=question, version=plan.version, by=by, at=now or timezone.now()
        )
        RegradeChange.objects.bulk_create(
            RegradeChange(
                regrade=regrade,
                attempt=row.attempt,
                position=row.item.position,
                was_correct=row.was_correct,
                now_correct=row.now_correct,
                old_score=row.old_score,
                new_score=row.new_score,
            )
            for row in updates
        )
        # Statistics built from the old marks are stale now (teaching listens).
        attempts_regraded.send(sender=Attempt, attempts=[row.attempt for row in attempts.values()])
        ChangeRecord.objects.create(
            subject=ChangeRecord.Subject.QUESTION,
            key=key,
            action="regraded",
            summary=(
                f"Regraded to version {plan.version}: {len(plan.changes)} mark(s) changed, "
                f"{len(plan.key_only)} more attempt(s) show the new key, "
                f"{len(plan.blocked)} could not be regraded automatically."
            ),
            user=by,
            at=regrade.at,
        )
    return regrade, plan


def regrade_history(*, question: AuthoredQuestion) -> list[Regrade]:
    """The question's applied regrades, newest first, each with how many attempt questions
    it changed (one query)."""
    return list(question.regrades.select_related("by").annotate(change_count=Count("changes")))
