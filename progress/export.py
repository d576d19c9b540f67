"""Everything stored about one learner, as JSON and as a zip of CSV files (one per kind)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from accounts.models import User
from progress.models import ExamPlan, ReadinessEstimate, ReviewCard, ReviewLog
from quizzes.models import Attempt, AttemptQuestion
from quizzes.selectors import stored_number, with_number_text
from studyguide.models import StudiedLesson

FORMAT_VERSION = 1

CSV_COLUMNS: dict[str, list[str]] = {
    "profile": ["username", "email", "date_joined", "exam_date"],
    "lessons_studied": ["topic", "lesson", "title", "studied_at"],
    "attempts": [
        "id", "mode", "topics", "started_at", "deadline", "submitted_at", "question_count",
        "correct_count", "score",
    ],
    "answers": [
        "attempt_id", "position", "question_uid", "kind", "topic", "prompt", "choices",
        "selected", "number", "is_correct", "flagged", "answered_at", "facts",
    ],
    "review_cards": [
        "fact", "due", "state", "step", "stability", "difficulty", "last_review", "card",
    ],
    "review_logs": ["fact", "rating", "reviewed_at", "source", "attempt_id", "position", "log"],
    "readiness_estimates": ["made_on", "made_at", "exam_date", "probability", "today"],
}  # fmt: skip


def _number(text: str | None) -> str | None:
    number = stored_number(text)
    return None if number is None else str(number.normalize())


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_data(*, user: User) -> dict[str, Any]:
    """A fixed number of queries: one per kind of row."""
    studied = StudiedLesson.objects.filter(user=user).select_related("lesson__topic")
    # Numbers are read as text: a stored value out of the column's range must not fail
    # the export that lets a learner take their data away.
    questions = with_number_text(AttemptQuestion.objects.order_by("position"))
    attempts = (
        Attempt.objects.filter(user=user)
        .order_by("started_at", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )
    cards = ReviewCard.objects.filter(user=user).select_related("fact").order_by("fact__key")
    logs = (
        ReviewLog.objects.filter(user=user)
        .select_related("card__fact", "attempt_question")
        .defer("attempt_question__number")
        .order_by("reviewed_at", "pk")
    )
    plan = ExamPlan.objects.filter(user=user).first()
    estimates = ReadinessEstimate.objects.filter(user=user).order_by("made_at", "pk")
    return {
        "format": "scaling-study-learner-export",
        "version": FORMAT_VERSION,
        "user": {
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "date_joined": _iso(getattr(user, "date_joined", None)),
        },
        "exam_date": _iso(plan.exam_date) if plan else None,
        "lessons_studied": [
            {
                "topic": s.lesson.topic.slug,
                "lesson": s.lesson.slug,
                "title": s.lesson.title,
                "studied_at": _iso(s.studied_at),
            }
            for s in studied.order_by("studied_at", "pk")
        ],
        "attempts": [
            {
                "id": a.pk,
                "mode": a.mode,
                "topics": a.topics,
                "started_at": _iso(a.started_at),
                "deadline": _iso(a.deadline),
                "submitted_at": _iso(a.submitted_at),
                "question_count": a.question_count,
                "correct_count": a.correct_count,
                "score": a.score,
                "answers": [
                    {
                        "position": q.position,
                        "question_uid": q.question_uid,
                        "kind": q.kind,
                        "topic": q.topic,
                        "question": q.snapshot,
                        "selected": q.selected,
                        "number": _number(q.number_text),  # type: ignore[attr-defined]
                        "is_correct": q.is_correct,
                        "flagged": q.flagged,
                        "answered_at": _iso(q.answered_at),
                    }
                    for q in a.questions.all()
                ],
            }
            for a in attempts
        ],
        "review_cards": [{"fact": c.fact.key, "due": _iso(c.due), "card": c.card} for c in cards],
        "review_logs": [
            {
                "fact": log.card.fact.key,
                "rating": log.get_rating_display(),
                "reviewed_at": _iso(log.reviewed_at),
                "source": log.source,
                "attempt_id": log.attempt_question.attempt_id if log.attempt_question else None,
                "position": log.attempt_question.position if log.attempt_question else None,
                "log": log.log,
            }
            for log in logs
        ],
        "readiness_estimates": [
            {
                "made_on": _iso(e.made_on),
                "made_at": _iso(e.made_at),
                "exam_date": _iso(e.exam_date),
                "probability": e.probability,
                "today": e.today,
            }
            for e in estimates
        ],
    }


def export_json(*, user: User) -> bytes:
    return json.dumps(export_data(user=user), indent=2, ensure_ascii=False).encode()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return str(value)
    return value


def csv_tables(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The export as flat rows per kind, keyed like CSV_COLUMNS."""
    answers = []
    for attempt in data["attempts"]:
        for answer in attempt["answers"]:
            question = answer["question"]
            answers.append(
                {
                    "attempt_id": attempt["id"],
                    **{k: answer[k] for k in ("position", "question_uid", "kind", "topic")},
                    "prompt": question.get("prompt", ""),
                    "choices": [c.get("text", "") for c in question.get("choices", [])],
                    **{k: answer[k] for k in ("selected", "number", "is_correct", "flagged")},
                    "answered_at": answer["answered_at"],
                    "facts": question.get("facts", []),
                }
            )
    return {
        "profile": [{**data["user"], "exam_date": data["exam_date"]}],
        "lessons_studied": data["lessons_studied"],
        "attempts": [{k: v for k, v in a.items() if k != "answers"} for a in data["attempts"]],
        "answers": answers,
        "review_cards": [
            {
                "fact": c["fact"],
                "due": c["due"],
                **{k: c["card"].get(k) for k in ("state", "step", "stability", "difficulty")},
                "last_review": c["card"].get("last_review"),
                "card": c["card"],
            }
            for c in data["review_cards"]
        ],
        "review_logs": data["review_logs"],
        "readiness_estimates": data["readiness_estimates"],
    }


def export_csv_zip(*, user: User) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in csv_tables(export_data(user=user)).items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS[name], lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({column: _cell(row.get(column)) for column in CSV_COLUMNS[name]})
            archive.writestr(f"{name}.csv", text.getvalue())
    return buffer.getvalue()
