"""Files and the database agree: start-up imports only changed files, an import never
silently overwrites or archives what was edited in the browser, and export_content writes
those edits back so the next import finds nothing to change."""

import re
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from studyguide.content import load_pack
from studyguide.models import AuthoredQuestion, ContentImport, Fact, Lesson, Topic
from studyguide.services import content_digest, question_drafts_import

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue()


def browser_edit(model, by, **lookup_and_values) -> None:
    """What the admin and the workspace do on save: new values, and the edit marked."""
    lookup = {k: lookup_and_values.pop(k) for k in ("key", "slug") if k in lookup_and_values}
    updated = model.objects.filter(**lookup).update(
        **lookup_and_values, edited_at=timezone.now(), edited_by=by
    )
    assert updated == 1


def browser_question(topic, by) -> AuthoredQuestion:
    return AuthoredQuestion.objects.create(
        key="made-in-the-browser-1",
        topic=topic,
        order=99,
        kind="single",
        status="draft",
        prompt="Which service keeps messages for one consumer?",
        explanation="A queue hands each message to one consumer.",
        choices=[
            {"text": "Amazon SQS", "correct": True, "why": ""},
            {"text": "Amazon SNS", "correct": False, "why": "SNS pushes to every subscriber."},
        ],
        fact_keys=[],
        tags=["queues", "made-online"],
        edited_at=timezone.now(),
        edited_by=by,
    )


@pytest.fixture
def content(settings, pack_dir, diagrams_dir):
    """A writable content folder that is the app's CONTENT_DIR, imported once."""
    settings.CONTENT_DIR = pack_dir
    run("import_content")
    return pack_dir


def summary_counts(output: str, name: str) -> tuple[int, ...]:
    line = next(line for line in output.splitlines() if line.startswith(f"{name}:"))
    return tuple(int(n) for n in re.findall(r"\d+", line))


# Start-up imports only changed files


def test_digest_changes_with_any_file_and_nothing_else(pack_dir):
    first = content_digest(path=pack_dir)
    assert content_digest(path=pack_dir) == first
    facts = pack_dir / "queues" / "facts.yaml"
    original = facts.read_bytes()
    facts.write_bytes(original.replace(b"at most 14 days", b"at most 15 days"))
    assert content_digest(path=pack_dir) != first
    facts.write_bytes(original)
    assert content_digest(path=pack_dir) == first
    (pack_dir / "queues" / "facts.yaml").rename(pack_dir / "queues" / "facts2.yaml")
    assert content_digest(path=pack_dir) != first


def test_every_import_records_the_files_digest(content):
    (record,) = ContentImport.objects.all()
    assert record.digest == content_digest(path=content)
    assert record.path == str(content)
    run("import_content")
    assert ContentImport.objects.count() == 2


def test_if_changed_skips_unchanged_files_and_says_why(content, instructor):
    # Even an unmarked change to a row survives a restart when the files did not change.
    Fact.objects.filter(key="sqs.retention.max").update(statement="Changed in the database.")
    output = run("import_content", "--if-changed")
    assert "Skipped" in output
    assert "unchanged since the import at" in output
    assert "without --if-changed" in output
    assert ContentImport.objects.count() == 1
    assert Fact.objects.get(key="sqs.retention.max").statement == "Changed in the database."


def test_if_changed_imports_when_a_file_changed(content):
    facts = content / "queues" / "facts.yaml"
    facts.write_text(facts.read_text().replace("for at most 14 days", "for 14 days at most"))
    output = run("import_content", "--if-changed")
    assert "Imported" in output
    assert Fact.objects.get(key="sqs.retention.max").statement == (
        "An SQS queue keeps a message for 14 days at most."
    )
    assert ContentImport.objects.latest().digest == content_digest(path=content)


def test_a_failed_import_records_nothing(content):
    (content / "queues" / "facts.yaml").write_text("- key: [broken\n")
    with pytest.raises(CommandError):
        run("import_content", "--if-changed")
    assert ContentImport.objects.count() == 1


def test_start_up_uses_if_changed():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    calls = re.findall(r"manage\.py import_content[^\n&]*", makefile)
    assert len(calls) == 2
    assert all("--if-changed" in call for call in calls), calls


# Browser edits are kept


def test_imported_rows_carry_no_edit_mark(content):
    for model in (Lesson, Fact, AuthoredQuestion):
        assert not model.objects.filter(edited_at__isnull=False).exists()


def test_import_keeps_a_browser_edit_and_names_it(content, instructor):
    browser_edit(Fact, instructor, key="sqs.retention.max", statement="Edited online.")
    output = run("import_content")
    fact = Fact.objects.get(key="sqs.retention.max")
    assert fact.statement == "Edited online."
    assert fact.edited_at is not None
    assert fact.edited_by == instructor
    assert (
        f"kept browser edit of fact sqs.retention.max (edited by {instructor.username} at "
        in output
    )
    assert "; use --overwrite to take the file's" in output
    assert summary_counts(output, "facts") == (0, 0, 3, 0, 1)


def test_overwrite_takes_the_files_and_clears_the_mark(content, instructor):
    browser_edit(Fact, instructor, key="sqs.retention.max", statement="Edited online.")
    output = run("import_content", "--overwrite")
    fact = Fact.objects.get(key="sqs.retention.max")
    assert fact.statement == "An SQS queue keeps a message for at most 14 days."
    assert fact.edited_at is None
    assert fact.edited_by is None
    assert "replaced browser edit of fact sqs.retention.max" in output
    assert summary_counts(output, "facts") == (0, 1, 3, 0, 0)


def test_a_browser_edit_the_files_agree_with_loses_its_mark(content, instructor):
    browser_edit(
        Fact,
        instructor,
        key="sqs.retention.max",
        statement="An SQS queue keeps a message for at most 14 days.",
    )
    output = run("import_content")
    assert Fact.objects.get(key="sqs.retention.max").edited_at is None
    assert "kept" not in output.replace(" 0 kept", "")


def test_a_question_made_in_the_browser_is_not_archived(content, instructor):
    topic = Fact.objects.get(key="sqs.retention.max").topic
    browser_question(topic, instructor)
    output = run("import_content")
    question = AuthoredQuestion.objects.get(key="made-in-the-browser-1")
    assert not question.archived
    assert "kept browser-edited question made-in-the-browser-1 (edited by" in output
    assert "which the files lack; use --overwrite to archive it" in output
    run("import_content", "--overwrite")
    question.refresh_from_db()
    assert question.archived
    assert question.edited_at is None


def test_an_unmarked_row_gone_from_the_files_is_still_archived(content):
    (content / "queues" / "questions.yaml").write_text(
        (content / "queues" / "questions.yaml").read_text().split("- id: fanout-1")[0]
    )
    run("import_content")
    assert AuthoredQuestion.objects.get(key="fanout-1").archived


def test_a_browser_edit_of_a_lesson_is_kept_too(content, instructor):
    lesson = Lesson.objects.get(slug="sqs-basics")
    browser_edit(Lesson, instructor, slug="sqs-basics", title="Queues, edited online")
    output = run("import_content")
    lesson.refresh_from_db()
    assert lesson.title == "Queues, edited online"
    assert "kept browser edit of lesson queues/sqs-basics" in output


# Export writes browser edits back


def test_export_writes_edits_and_tags_and_the_next_import_changes_nothing(content, instructor):
    browser_edit(Fact, instructor, key="sqs.retention.max", statement="Edited online.")
    browser_question(Fact.objects.get(key="sqs.retention.max").topic, instructor)
    AuthoredQuestion.objects.filter(key="fanout-1").update(version=4)

    output = run("export_content")
    assert "now in the files" in output
    facts = (content / "queues" / "facts.yaml").read_text()
    assert "statement: Edited online." in facts
    questions = (content / "queues" / "questions.yaml").read_text()
    assert "id: made-in-the-browser-1" in questions
    assert "tags: [queues, made-online]" in questions
    assert "version" not in questions
    assert "edited" not in questions
    # Exported to the folder start-up imports: the rows agree and start-up skips.
    assert not Fact.objects.filter(edited_at__isnull=False).exists()
    assert not AuthoredQuestion.objects.filter(edited_at__isnull=False).exists()
    assert ContentImport.objects.latest().digest == content_digest(path=content)
    assert "Skipped" in run("import_content", "--if-changed")

    output = run("import_content")
    for name in ("lessons", "facts", "tables", "questions"):
        created, updated, _, archived, kept = summary_counts(output, name)
        assert (created, updated, archived, kept) == (0, 0, 0, 0), output
    question = AuthoredQuestion.objects.get(key="made-in-the-browser-1")
    assert question.tags == ["queues", "made-online"]
    assert not question.archived
    assert AuthoredQuestion.objects.get(key="fanout-1").version == 4


def test_export_elsewhere_keeps_marks_until_an_import_finds_agreement(
    content, instructor, tmp_path
):
    browser_edit(Fact, instructor, key="sqs.retention.max", statement="Edited online.")
    elsewhere = tmp_path / "elsewhere"
    run("export_content", str(elsewhere))
    assert Fact.objects.get(key="sqs.retention.max").edited_at is not None
    assert ContentImport.objects.count() == 1

    output = run("import_content", str(elsewhere))
    for name in ("lessons", "facts", "tables", "questions"):
        created, updated, _, archived, kept = summary_counts(output, name)
        assert (created, updated, archived, kept) == (0, 0, 0, 0), output
    assert Fact.objects.get(key="sqs.retention.max").edited_at is None


def test_tags_in_the_files_are_imported(content):
    questions = content / "queues" / "questions.yaml"
    questions.write_text(
        questions.read_text().replace(
            "  facts: [sns.delivery.model]\n",
            "  facts: [sns.delivery.model]\n  tags: [fan-out, sns]\n",
        )
    )
    run("import_content", "--if-changed")
    assert AuthoredQuestion.objects.get(key="fanout-1").tags == ["fan-out", "sns"]


def test_gift_drafts_survive_the_next_import_until_exported(content, instructor):
    source = next(q for q in load_pack(content).questions if q.id == "fanout-1")
    question_drafts_import(
        topic=Topic.objects.get(slug="queues"),
        questions=[replace(source, id="fanout-from-gift")],
        by=instructor,
    )
    run("import_content")
    draft = AuthoredQuestion.objects.get(key="fanout-from-gift")
    assert not draft.archived
    assert draft.edited_by == instructor
