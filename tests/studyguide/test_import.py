from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from studyguide.content import load_pack
from studyguide.models import (
    AuthoredQuestion,
    ComparisonTable,
    Fact,
    Lesson,
    StudiedLesson,
    Topic,
)
from studyguide.selectors import content_pack_from_database
from studyguide.services import content_import
from tests.factories import StudiedLessonFactory, UserFactory
from tests.studyguide.conftest import BASIC_PACK, DIAGRAMS

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[Mapping[str, object]]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Topic, Lesson, Fact, ComparisonTable, AuthoredQuestion, StudiedLesson)
    }


def run_import(path: Path) -> str:
    out = StringIO()
    call_command("import_content", str(path), stdout=out, stderr=out)
    return out.getvalue()


def test_import_creates_everything_with_typed_values(imported):
    assert Topic.objects.count() == 2
    assert Lesson.objects.filter(topic__slug="queues").count() == 2
    fact = Fact.objects.get(key="kinesis.retention.max")
    assert (fact.value, fact.value_number, fact.unit) == ("365", Decimal(365), "days")
    assert (fact.legacy_value, fact.legacy_number, fact.legacy_year) == ("7", Decimal(7), 2019)
    text_fact = Fact.objects.get(key="sns.delivery.model")
    assert (text_fact.value, text_fact.value_number) == ("publish/subscribe", None)
    table = ComparisonTable.objects.get(slug="sqs-vs-sns")
    assert table.rows[0] == {
        "label": "Amazon SQS",
        "cells": {"model": "Consumers poll the queue", "consumers": "One"},
    }
    question = AuthoredQuestion.objects.get(key="fanout-1")
    assert question.fact_keys == ["sns.delivery.model"]
    assert question.choices[1]["why"] == "A queue delivers each message to one consumer."


def test_second_import_changes_nothing(basic_pack):
    first = content_import(pack=basic_pack)
    assert first.created == 2 + 3 + 4 + 1 + 4
    before = snapshot()
    second = content_import(pack=basic_pack)
    assert (second.created, second.updated, second.archived) == (0, 0, 0)
    assert snapshot() == before


def test_changed_item_is_updated_in_place(imported):
    fact_id = Fact.objects.get(key="sqs.retention.max").id
    facts = tuple(
        replace(f, value=Decimal(15)) if f.key == "sqs.retention.max" else f for f in imported.facts
    )
    report = content_import(pack=replace(imported, facts=facts))
    assert (report.counts["facts"].updated, report.created) == (1, 0)
    fact = Fact.objects.get(key="sqs.retention.max")
    assert (fact.id, fact.value, fact.value_number) == (fact_id, "15", Decimal(15))


def test_removed_lesson_is_archived_with_its_history_and_comes_back(imported):
    lesson = Lesson.objects.get(slug="kinesis-streams")
    studied = StudiedLessonFactory(lesson=lesson)
    smaller = replace(
        imported,
        lessons=tuple(x for x in imported.lessons if x.slug != "kinesis-streams"),
    )
    report = content_import(pack=smaller)
    assert report.counts["lessons"].archived == 1
    lesson.refresh_from_db()
    assert lesson.archived
    assert StudiedLesson.objects.filter(pk=studied.pk).exists()

    report = content_import(pack=imported)
    assert report.counts["lessons"].updated == 1
    lesson.refresh_from_db()
    assert not lesson.archived
    assert StudiedLesson.objects.get(pk=studied.pk).lesson_id == lesson.id


def test_removed_topic_fact_table_and_question_are_archived(imported):
    empty = replace(
        imported, topics=imported.topics[:1], lessons=(), facts=(), tables=(), questions=()
    )
    content_import(pack=empty)
    assert list(Topic.objects.filter(archived=True).values_list("slug", flat=True)) == ["scaling"]
    assert not Fact.objects.filter(archived=False).exists()
    assert not ComparisonTable.objects.filter(archived=False).exists()
    assert not AuthoredQuestion.objects.filter(archived=False).exists()
    assert Fact.objects.count() == 4


def test_import_command_reports_a_summary(diagrams_dir):
    output = run_import(BASIC_PACK)
    assert "facts: 4 created, 0 updated, 0 unchanged, 0 archived" in output
    again = run_import(BASIC_PACK)
    assert "facts: 0 created, 0 updated, 4 unchanged, 0 archived" in again


def test_import_command_notes_tables_no_lesson_shows(diagrams_dir, pack_dir):
    lesson = pack_dir / "queues" / "lessons" / "01-sqs-basics.md"
    lesson.write_text(lesson.read_text().replace("{{table:sqs-vs-sns}}\n", ""))
    assert "table 'sqs-vs-sns' is shown only on its topic page" in run_import(pack_dir)


def test_bad_pack_prints_every_problem_and_changes_nothing(diagrams_dir, pack_dir, imported):
    StudiedLessonFactory(lesson=Lesson.objects.get(slug="sqs-basics"))
    before = snapshot()
    facts = pack_dir / "queues" / "facts.yaml"
    facts.write_text(
        facts.read_text().replace("value: 14", "value: 15").replace("  unit: days\n", "", 1)
    )
    lesson = pack_dir / "queues" / "lessons" / "02-kinesis-streams.md"
    lesson.write_text(
        lesson.read_text().replace("{{fact:kinesis.retention.max}}", "{{fact:nope.key}}", 1)
    )
    err = StringIO()
    with pytest.raises(CommandError, match=r"2 problem\(s\).*nothing was imported"):
        call_command("import_content", str(pack_dir), stdout=StringIO(), stderr=err)
    assert "queues/facts.yaml:1 (sqs.retention.max.unit): missing field 'unit'" in err.getvalue()
    assert (
        "queues/lessons/02-kinesis-streams.md:5 (body): "
        "quotes fact 'nope.key', which does not exist" in err.getvalue()
    )
    assert snapshot() == before


def test_import_command_defaults_to_content_dir(diagrams_dir, settings):
    settings.CONTENT_DIR = BASIC_PACK
    out = StringIO()
    call_command("import_content", stdout=out)
    assert "Imported" in out.getvalue()
    assert Topic.objects.count() == 2


def test_import_command_on_a_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_content", str(tmp_path / "nope"), stdout=StringIO(), stderr=StringIO())


def test_import_then_export_gives_the_same_files(diagrams_dir, tmp_path):
    run_import(BASIC_PACK)
    out = tmp_path / "exported"
    call_command("export_content", str(out), stdout=StringIO())
    originals = sorted(p.relative_to(BASIC_PACK) for p in BASIC_PACK.rglob("*") if p.is_file())
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == originals
    for rel in originals:
        assert (out / rel).read_bytes() == (BASIC_PACK / rel).read_bytes(), rel


def test_export_leaves_out_archived_items(imported, tmp_path):
    Fact.objects.filter(key="sns.delivery.model").update(archived=True)
    pack = content_pack_from_database()
    assert "sns.delivery.model" not in {f.key for f in pack.facts}
    assert len(pack.facts) == 3


def test_real_content_imports_and_round_trips_to_equal_data(db, tmp_path):
    pack = load_pack(settings.CONTENT_DIR)
    assert pack.topics
    assert pack.lessons
    assert pack.facts
    content_import(pack=pack)
    out = tmp_path / "exported"
    call_command("export_content", str(out), stdout=StringIO())
    again = load_pack(out)
    assert replace(again, diagrams=pack.diagrams) == pack
    assert (
        content_import(pack=again).created,
        content_import(pack=again).updated,
    ) == (0, 0)
    # And the files themselves come back unchanged: export writes the canonical form the
    # content is kept in, so an instructor's export makes no spurious diff in git.
    written = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    kept = sorted(
        p.relative_to(settings.CONTENT_DIR)
        for p in settings.CONTENT_DIR.rglob("*")
        if p.is_file() and p.name not in {"README.md", "CHECKS.md"}
    )
    assert written == kept
    for relative in written:
        assert (out / relative).read_text() == (settings.CONTENT_DIR / relative).read_text(), (
            relative
        )


def test_studied_marks_belong_to_one_user(imported):
    lesson = Lesson.objects.get(slug="sqs-basics")
    StudiedLessonFactory(lesson=lesson, user=UserFactory())
    assert StudiedLesson.objects.filter(lesson=lesson).count() == 1
    assert DIAGRAMS.is_dir()
