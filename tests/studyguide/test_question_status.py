"""A question's status: draft, published or retired. Only published ones reach quizzes;
the content files carry `status` only when it is not published."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from quizzes.generation.authored import authored_questions
from studyguide.content import ContentError, load_pack
from studyguide.models import AuthoredQuestion
from studyguide.selectors import content_pack_from_database
from studyguide.services import content_import
from tests.studyguide.conftest import DIAGRAMS
from tests.studyguide.test_content import QUESTIONS, edit

pytestmark = pytest.mark.django_db


def set_status(**statuses: str) -> None:
    for key, status in statuses.items():
        AuthoredQuestion.objects.filter(key=key).update(status=status)


def test_questions_from_files_without_status_are_published(imported):
    assert set(AuthoredQuestion.objects.values_list("status", flat=True)) == {"published"}


def test_only_published_questions_reach_quizzes(imported):
    set_status(**{"fanout-1": "draft", "streams-1": "retired"})
    pack = content_pack_from_database()
    published = ["sqs-retention-1", "orders-queue-scenario-1"]
    assert [q.id for q in pack.questions] == published
    uids = {q.uid for q in authored_questions(pack, "queues")}
    assert uids == {f"authored:{key}" for key in published}


def test_the_pack_for_export_keeps_drafts_and_retired_questions_with_their_status(imported):
    set_status(**{"fanout-1": "draft", "streams-1": "retired"})
    pack = content_pack_from_database(include_unpublished=True)
    assert [(q.id, q.status) for q in pack.questions] == [
        ("sqs-retention-1", "published"),
        ("fanout-1", "draft"),
        ("streams-1", "retired"),
        ("orders-queue-scenario-1", "published"),
    ]


def test_export_content_writes_status_only_when_not_published(imported, tmp_path):
    set_status(**{"fanout-1": "draft"})
    out = tmp_path / "out"
    call_command("export_content", str(out), stdout=StringIO())
    text = (out / QUESTIONS).read_text()
    assert text.count("status:") == 1
    assert "- id: fanout-1\n  kind: single\n  status: draft\n  prompt:" in text
    again = load_pack(out, diagrams_dir=DIAGRAMS)
    assert {q.id: q.status for q in again.questions} == {
        "sqs-retention-1": "published",
        "fanout-1": "draft",
        "streams-1": "published",
        "orders-queue-scenario-1": "published",
    }


def test_status_in_a_file_is_imported(pack_dir):
    edit(
        pack_dir,
        QUESTIONS,
        "- id: fanout-1\n  kind: single\n",
        "- id: fanout-1\n  kind: single\n  status: retired\n",
    )
    pack = load_pack(pack_dir, diagrams_dir=DIAGRAMS)
    assert {q.id: q.status for q in pack.questions}["fanout-1"] == "retired"


def test_unknown_status_in_a_file_is_an_error_at_its_line(pack_dir):
    edit(
        pack_dir,
        QUESTIONS,
        "- id: fanout-1\n  kind: single\n",
        "- id: fanout-1\n  kind: single\n  status: hidden\n",
    )
    with pytest.raises(ContentError) as error:
        load_pack(pack_dir, diagrams_dir=DIAGRAMS)
    assert [str(p) for p in error.value.problems] == [
        f"{QUESTIONS}:11 (fanout-1.status): must be one of draft, published, retired"
    ]


def test_database_refuses_an_unknown_status(imported):
    with pytest.raises(IntegrityError):
        AuthoredQuestion.objects.filter(key="fanout-1").update(status="hidden")


def test_file_import_publishes_a_question_the_files_say_is_published(imported):
    set_status(**{"fanout-1": "draft"})
    report = content_import(pack=imported)
    assert report.counts["questions"].updated == 1
    assert AuthoredQuestion.objects.get(key="fanout-1").status == "published"


def test_status_survives_to_data(imported):
    set_status(**{"fanout-1": "retired"})
    question = AuthoredQuestion.objects.get(key="fanout-1")
    assert question.to_data(topic_slug="queues").status == "retired"


def test_files_written_from_a_pack_with_drafts_read_back_the_same(
    imported, diagrams_dir, tmp_path: Path
):
    set_status(**{"streams-1": "draft"})
    out = tmp_path / "out"
    call_command("export_content", str(out), stdout=StringIO())
    first = (out / QUESTIONS).read_text()
    call_command("import_content", str(out), stdout=StringIO())
    call_command("export_content", str(out), stdout=StringIO())
    assert (out / QUESTIONS).read_text() == first
    assert AuthoredQuestion.objects.get(key="streams-1").status == "draft"
