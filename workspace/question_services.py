"""Writes for the question bank: saving an edited or new question (with its versions and
history) and moving it between draft, published and retired.

A published question's learner-visible fields never change in place: the edit becomes a
new version, so statistics and regrades can tell versions apart, while attempts keep the
snapshot (and version number) they showed.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from accounts.models import User
from quizzes.generation.authored import authored_uid
from quizzes.models import AttemptQuestion
from studyguide.content.validation import FieldErrors, validate_question
from studyguide.content.writing import question_dict
from studyguide.models import AuthoredQuestion, Topic
from studyguide.records import AuthoredQuestionData
from studyguide.services import question_values
from workspace.models import ChangeRecord, QuestionVersion

# What a learner sees of a question: a change to any of these makes a new version.
LEARNER_FIELDS = ("prompt", "kind", "choices", "answer", "tolerance", "unit", "explanation")
OTHER_FIELDS = ("style", "status", "lesson", "facts", "tags")
STATUS_ACTIONS = {
    AuthoredQuestion.Status.PUBLISHED: "published",
    AuthoredQuestion.Status.RETIRED: "retired",
    AuthoredQuestion.Status.DRAFT: "back to draft",
}
STATUS_SUMMARIES = {
    AuthoredQuestion.Status.PUBLISHED: "Published: new quizzes may ask it.",
    AuthoredQuestion.Status.RETIRED: (
        "Retired: new quizzes leave it out; past attempts keep what they showed."
    ),
    AuthoredQuestion.Status.DRAFT: "Back to draft: new quizzes leave it out until published.",
}


class QuestionError(Exception):
    """A save or status change refused, with the problems by field ("" for the whole)."""

    def __init__(self, errors: FieldErrors, *, conflict: bool = False):
        self.errors = errors
        self.conflict = conflict
        super().__init__("; ".join(m for ms in errors.values() for m in ms))


def question_fields(data: AuthoredQuestionData) -> dict[str, Any]:
    """The question's fields as plain JSON, as a QuestionVersion stores them."""
    return {
        "prompt": data.prompt,
        "kind": data.kind,
        "choices": [{"text": c.text, "correct": c.correct, "why": c.why} for c in data.choices],
        "answer": None if data.answer is None else str(data.answer),
        "tolerance": str(data.tolerance),
        "unit": data.unit,
        "explanation": data.explanation,
        "style": data.style,
        "status": data.status,
        "lesson": data.lesson,
        "facts": list(data.facts),
        "tags": list(data.tags),
    }


def question_data(question: AuthoredQuestion) -> AuthoredQuestionData:
    return question.to_data(topic_slug=question.topic.slug)


def question_item(question: AuthoredQuestion) -> dict[str, Any]:
    """The question in its questions.yaml form, as the validator and the editor take it."""
    return question_dict(question_data(question))


def question_stamp(question: AuthoredQuestion) -> str:
    """What the editor was opened on: a save based on another stamp would overwrite an edit
    made in between."""
    edited = question.edited_at.isoformat() if question.edited_at else ""
    return f"{question.version}:{question.status}:{edited}"


def changed_fields(before: AuthoredQuestionData, after: AuthoredQuestionData) -> list[str]:
    old, new = question_fields(before), question_fields(after)
    if before.kind == after.kind == "numeric":
        old["choices"] = new["choices"] = []
    elif after.kind != "numeric" and before.kind != "numeric":
        for name in ("answer", "tolerance", "unit"):
            old[name] = new[name] = None
    return [name for name in (*LEARNER_FIELDS, *OTHER_FIELDS) if old[name] != new[name]]


def _shown_to_learners(question: AuthoredQuestion) -> bool:
    """Whether learners may have seen the current version: it is published, or an attempt
    holds it (a question sent back to draft after it was asked)."""
    if question.status == AuthoredQuestion.Status.PUBLISHED:
        return True
    shown = Q(snapshot__version=question.version)
    if question.version == 1:
        shown |= ~Q(snapshot__has_key="version")  # attempts from before versions existed
    return (
        AttemptQuestion.objects.filter(question_uid=authored_uid(question.key))
        .filter(shown)
        .exists()
    )


def _record(*, question: AuthoredQuestion, action: str, summary: str, user: User) -> None:
    ChangeRecord.objects.create(
        subject=ChangeRecord.Subject.QUESTION,
        key=question.key,
        action=action,
        summary=summary,
        user=user,
        at=question.edited_at or timezone.now(),
    )


def _apply(question: AuthoredQuestion, data: AuthoredQuestionData) -> None:
    """Set the question's fields from checked data, as import sets them (its key, topic and
    place stay)."""
    values = question_values(data, topic_id=question.topic_id, order=question.order)
    for name, value in values.items():
        setattr(question, name, value)


@transaction.atomic
def question_save(
    *,
    question: AuthoredQuestion | None,
    data: AuthoredQuestionData,
    user: User,
    based_on: str | None = None,
) -> AuthoredQuestion:
    """Create a question (version 1) from checked `data`, or edit `question`.

    Editing a question learners may have seen changes its learner-visible fields only by
    a new version (stored as a QuestionVersion, with the one before it when that was never
    stored); anything else is edited in place. Every save adds a ChangeRecord and marks the
    row as edited in the browser. `based_on`, a question_stamp, refuses a save over an edit
    made since the editor was opened.
    """
    now = timezone.now()
    if question is None:
        return _create(data=data, user=user, now=now)
    question = (
        AuthoredQuestion.objects.select_for_update().select_related("topic").get(pk=question.pk)
    )
    if based_on is not None and based_on != question_stamp(question):
        raise QuestionError(
            {
                "": [
                    "Someone changed this question after you opened it. Your edit is not "
                    "saved: open the question again to see their change, then make yours."
                ]
            },
            conflict=True,
        )
    before = question_data(question)
    changed = changed_fields(before, data)
    if not changed:
        return question
    visible = [name for name in changed if name in LEARNER_FIELDS]
    new_version = bool(visible) and _shown_to_learners(question)
    _apply(question, data)
    question.edited_at = now
    question.edited_by = user
    if new_version:
        if not QuestionVersion.objects.filter(question=question, number=before.version).exists():
            QuestionVersion.objects.create(
                question=question,
                number=before.version,
                data=question_fields(before),
                created_by=None,
                created_at=now,
                note="As it was before the first edit in the workspace.",
            )
        question.version = before.version + 1
    question.save()
    if new_version:
        QuestionVersion.objects.create(
            question=question,
            number=question.version,
            data=question_fields(question_data(question)),
            changed=changed,
            created_by=user,
            created_at=now,
        )
        summary = f"Version {question.version}: changed {', '.join(changed)}."
    else:
        summary = f"Changed {', '.join(changed)} (version {question.version}, in place)."
    _record(question=question, action="edited", summary=summary, user=user)
    return question


def _create(*, data: AuthoredQuestionData, user: User, now: Any) -> AuthoredQuestion:
    taken = QuestionError(
        {"id": [f"a question with the id {data.id!r} exists already: choose another id"]}
    )
    if AuthoredQuestion.objects.filter(key=data.id).exists():
        raise taken
    topic = Topic.objects.active().get(slug=data.topic)
    last = AuthoredQuestion.objects.filter(topic=topic).aggregate(last=Max("order"))["last"]
    question = AuthoredQuestion(key=data.id, topic=topic, order=(last or 0) + 1, version=1)
    _apply(question, data)
    question.edited_at = now
    question.edited_by = user
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:  # another instructor took the id a moment ago
        raise taken from None
    _record(
        question=question,
        action="created",
        summary=f"Created as {question.get_status_display().lower()} (version 1).",
        user=user,
    )
    return question


@transaction.atomic
def question_set_status(*, question: AuthoredQuestion, status: str, user: User) -> AuthoredQuestion:
    """Publish, retire or send back to draft. Publishing checks the question again as the
    importer would (a fact it tests may have been archived since it was saved)."""
    if status not in STATUS_ACTIONS:
        raise QuestionError({"status": ["Choose publish, retire or back to draft."]})
    question = (
        AuthoredQuestion.objects.select_for_update().select_related("topic").get(pk=question.pk)
    )
    if question.status == status:
        label = AuthoredQuestion.Status(status).label.lower()
        raise QuestionError({"status": [f"This question is {label} already."]}, conflict=True)
    if status == AuthoredQuestion.Status.PUBLISHED:
        _, errors = validate_question(
            {**question_item(question), "status": status}, topic=question.topic.slug
        )
        if errors:
            raise QuestionError(
                {
                    name: [f"Fix this before publishing: {message}" for message in messages]
                    for name, messages in errors.items()
                }
            )
    question.status = status
    question.edited_at = timezone.now()
    question.edited_by = user
    question.save(update_fields=["status", "edited_at", "edited_by"])
    _record(
        question=question,
        action=STATUS_ACTIONS[AuthoredQuestion.Status(status)],
        summary=STATUS_SUMMARIES[AuthoredQuestion.Status(status)],
        user=user,
    )
    return question
