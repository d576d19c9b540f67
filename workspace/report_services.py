"""Writes for learners' reports on questions, and the instructor's answer to them.

A report keeps its own copy of the question as the learner saw it (from the attempt's
snapshot, or rebuilt on the server for a review question), with the learner's answer under
"response": the client never supplies the snapshot.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from progress.review_questions import question_by_uid
from progress.selectors import fact_base
from quizzes.generation.authored import AUTHORED_PREFIX
from quizzes.models import AttemptQuestion
from studyguide.models import AuthoredQuestion
from workspace.models import ChangeRecord, QuestionReport

FLIP_PREFIX = "fact:"


class ReportError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReportNotFound(ReportError):
    """Nothing this learner saw matches: a 404, telling nothing about others' attempts."""


class ReportDuplicate(ReportError):
    def __init__(self, message: str, *, report: QuestionReport) -> None:
        super().__init__(message)
        self.report = report


class ReportTooEarly(ReportError):
    pass


DUPLICATE_MESSAGE = (
    "You have already reported this question and your report is still open. "
    "Thank you: the reply will appear on your reports page."
)


def _authored(uid: str) -> AuthoredQuestion | None:
    if not uid.startswith(AUTHORED_PREFIX):
        return None
    return AuthoredQuestion.objects.filter(key=uid.removeprefix(AUTHORED_PREFIX)).first()


def reportable_attempt_question(*, user: User, pk: int) -> AttemptQuestion:
    """The learner's own attempt question, answered or in a submitted attempt."""
    item = (
        AttemptQuestion.objects.select_related("attempt").filter(pk=pk, attempt__user=user).first()
    )
    if item is None:
        raise ReportNotFound("That question is not in any of your attempts.")
    if not item.answered_at and not item.attempt.is_submitted:
        raise ReportTooEarly("Answer the question first; then you can report a problem with it.")
    return item


def open_report_for(
    *, user: User, attempt_question: AttemptQuestion | None = None, uid: str = ""
) -> QuestionReport | None:
    rows = QuestionReport.objects.filter(user=user, status=QuestionReport.Status.OPEN)
    if attempt_question is not None:
        return rows.filter(attempt_question=attempt_question).first()
    return rows.filter(question_uid=uid, attempt_question__isnull=True).first()


def review_snapshot(*, fact_key: str, uid: str, selected: int | None) -> dict[str, Any]:
    """A review question (or a flip card when `uid` is empty) rebuilt from the fact base,
    as it was shown."""
    facts = fact_base()
    fact = facts.get(fact_key)
    if fact is None:
        raise ReportNotFound("That fact is not in the fact base.")
    if not uid:
        return {
            "uid": f"{FLIP_PREFIX}{fact.key}",
            "kind": "flip_card",
            "topic": fact.topic,
            "prompt": f"What is {fact.name}?",
            "statement": fact.statement,
            "source_url": fact.source_url,
            "facts": [fact.key],
            "version": 0,
        }
    question = question_by_uid(fact, list(facts.values()), uid)
    if question is None:
        raise ReportNotFound("That question is not one of this fact's review questions.")
    snapshot = question.to_dict()
    if selected is not None and 0 <= selected < len(question.choices):
        snapshot["response"] = {"selected": [selected], "number": None}
    return snapshot


def attempt_snapshot(item: AttemptQuestion) -> dict[str, Any]:
    snapshot = dict(item.snapshot)
    snapshot["response"] = {
        "selected": item.selected,
        "number": None if item.number is None else str(item.number),
    }
    return snapshot


def report_create(
    *,
    user: User,
    reason: str,
    text: str = "",
    attempt_question_id: int | None = None,
    fact_key: str = "",
    uid: str = "",
    selected: int | None = None,
    now: datetime | None = None,
) -> QuestionReport:
    """Record a learner's report on a question from their own attempt (by its id) or from
    review (by fact and question uid). ReportDuplicate when the same question already has
    an open report by this learner."""
    if reason not in QuestionReport.Reason.values:
        raise ReportError("Choose one of the listed reasons.")
    with transaction.atomic():
        item: AttemptQuestion | None = None
        if attempt_question_id is not None:
            item = reportable_attempt_question(user=user, pk=attempt_question_id)
            # Serialise two reports sent at once for the same question.
            AttemptQuestion.objects.select_for_update().filter(pk=item.pk).first()
            snapshot = attempt_snapshot(item)
        else:
            snapshot = review_snapshot(fact_key=fact_key, uid=uid, selected=selected)
        question_uid = str(snapshot["uid"])
        existing = open_report_for(user=user, attempt_question=item, uid=question_uid)
        if existing is not None:
            raise ReportDuplicate(DUPLICATE_MESSAGE, report=existing)
        return QuestionReport.objects.create(
            user=user,
            question_uid=question_uid,
            question=_authored(question_uid),
            version=int(snapshot.get("version") or 0),
            attempt_question=item,
            snapshot=snapshot,
            reason=reason,
            text=text.strip(),
            created_at=now or timezone.now(),
        )


def report_answer(
    *,
    report: QuestionReport,
    by: User,
    reply: str,
    status: str,
    now: datetime | None = None,
) -> QuestionReport:
    """The instructor's reply and new status; recorded as a ChangeRecord."""
    if status not in QuestionReport.Status.values:
        raise ReportError("Choose open, fixed or dismissed.")
    reply = reply.strip()
    now = now or timezone.now()
    actions = []
    fields = []
    if reply != report.reply:
        report.reply = reply
        report.replied_by = by
        report.replied_at = now
        fields += ["reply", "replied_by", "replied_at"]
        actions.append("replied")
    if status != report.status:
        report.status = status
        fields.append("status")
        actions.append(f"marked {QuestionReport.Status(status).label.lower()}")
    if not fields:
        return report
    with transaction.atomic():
        report.save(update_fields=fields)
        ChangeRecord.objects.create(
            subject=ChangeRecord.Subject.REPORT,
            key=str(report.pk),
            action=actions[-1] if len(actions) == 1 else "replied and marked",
            summary=(
                f"Report {report.pk} on {report.question_uid}: {' and '.join(actions)}."
                + (f" Reply: {reply}" if "replied" in actions else "")
            ),
            user=by,
            at=now,
        )
    return report
