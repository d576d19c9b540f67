"""Content the database would refuse, cut or misread is a file:line error, and nothing
changes (issue 14, defect 8). Run on PostgreSQL too: that is where text was cut."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from studyguide.models import Fact, Lesson, Topic
from tests.studyguide.test_content import FACTS, LESSON, QUESTIONS, edit
from tests.studyguide.test_import import snapshot

pytestmark = pytest.mark.django_db


def refused_import(pack_dir: Path) -> str:
    """Run import_content on a bad pack; return what it printed about the problems."""
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_content", str(pack_dir), stdout=StringIO(), stderr=err)
    return err.getvalue()


BAD = [
    # (file, old text, new text, what the error line says)
    pytest.param(
        FACTS,
        "  unit: days\n  source_url: https://docs.aws.amazon.com/streams",
        f"  unit: {'d' * 61}\n  source_url: https://docs.aws.amazon.com/streams",
        "queues/facts.yaml:13 (kinesis.retention.max.unit): is 61 characters long: at most 60 fit",
        id="unit-too-long",
    ),
    pytest.param(
        FACTS,
        "  name: the delivery model of Amazon SNS",
        f"  name: {'n' * 301}",
        "queues/facts.yaml:29 (sns.delivery.model.name): is 301 characters long: at most 300",
        id="name-too-long",
    ),
    pytest.param(
        FACTS,
        '  value: "publish/subscribe"',
        f'  value: "{"v" * 301}"',
        "queues/facts.yaml:31 (sns.delivery.model.value): is 301 characters long: at most 300",
        id="text-value-too-long",
    ),
    pytest.param(
        "topics.yaml",
        "  title: Scaling out",
        f"  title: {'t' * 201}",
        "topics.yaml:6 ([1].title): is 201 characters long: at most 200",
        id="topic-title-too-long",
    ),
    pytest.param(
        LESSON,
        "title: SQS basics",
        f"title: {'s' * 201}",
        "queues/lessons/01-sqs-basics.md:2 (front matter.title): is 201 characters long",
        id="lesson-title-too-long",
    ),
    pytest.param(
        QUESTIONS,
        "  unit: days",
        f"  unit: {'u' * 61}",
        "queues/questions.yaml:6 (sqs-retention-1.unit): is 61 characters long: at most 60",
        id="question-unit-too-long",
    ),
    pytest.param(
        FACTS,
        "  statement: SNS pushes",
        "  statement: SNS\x00 pushes",
        "queues/facts.yaml:30: contains a NUL character",
        id="nul-in-yaml",
    ),
    pytest.param(
        FACTS,
        "  statement: SNS pushes each message to every subscriber.",
        '  statement: "SNS pushes\\0 each message to every subscriber."',
        "queues/facts.yaml:30: contains a NUL character",
        id="nul-escape-in-yaml",
    ),
    pytest.param(
        LESSON,
        "A queue keeps each message",
        "A queue keeps\x00 each message",
        "queues/lessons/01-sqs-basics.md:5: contains a NUL character",
        id="nul-in-lesson",
    ),
    pytest.param(
        FACTS,
        "  value: 365",
        "  value: 1e400",
        "queues/facts.yaml:12 (kinesis.retention.max.value): 1E+400 is out of range",
        id="value-too-large",
    ),
    pytest.param(
        FACTS,
        "  value: 365",
        "  value: 123456789012345678901",
        "queues/facts.yaml:12 (kinesis.retention.max.value): 123456789012345678901 is out of",
        id="value-too-many-digits",
    ),
    pytest.param(
        FACTS,
        "  value: 365",
        "  value: 1e-11",
        "queues/facts.yaml:12 (kinesis.retention.max.value): 1E-11 is out of range",
        id="value-too-small",
    ),
    pytest.param(
        FACTS,
        "    value: 7",
        "    value: 7e400",
        "queues/facts.yaml:17 (kinesis.retention.max.legacy.value): 7E+400 is out of range",
        id="legacy-value-too-large",
    ),
    pytest.param(
        QUESTIONS,
        "  answer: 14",
        "  answer: 1E400",
        "queues/questions.yaml:4 (sqs-retention-1.answer): 1E+400 is out of range",
        id="answer-too-large",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BAD)
def test_bad_content_is_a_file_line_error_and_changes_nothing(
    diagrams_dir, pack_dir, imported, file, old, new, message
):
    before = snapshot()
    edit(pack_dir, file, old, new)
    assert message in refused_import(pack_dir)
    assert snapshot() == before


def test_a_too_long_unit_on_a_new_fact_is_an_error_not_a_traceback(diagrams_dir, pack_dir):
    edit(
        pack_dir,
        FACTS,
        "  unit: days\n  source_url: https://docs.aws.amazon.com/streams",
        f"  unit: {'d' * 61}\n  source_url: https://docs.aws.amazon.com/streams",
    )
    assert "queues/facts.yaml:13" in refused_import(pack_dir)
    assert not Fact.objects.exists()


def test_a_listed_topic_without_its_folder_archives_nothing(diagrams_dir, pack_dir, imported):
    before = snapshot()
    for path in sorted((pack_dir / "scaling").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (pack_dir / "scaling").rmdir()
    printed = refused_import(pack_dir)
    assert "topics.yaml:5 (scaling): topic 'scaling' has no folder scaling/" in printed
    assert snapshot() == before
    assert Lesson.objects.filter(topic__slug="scaling", archived=False).exists()


def test_a_number_in_exponent_form_is_stored_in_plain_digits(diagrams_dir, pack_dir):
    edit(pack_dir, FACTS, "  value: 365", "  value: 3.65e2")
    edit(pack_dir, FACTS, "    value: 7", "    value: 7E0")
    call_command("import_content", str(pack_dir), stdout=StringIO())
    fact = Fact.objects.get(key="kinesis.retention.max")
    assert (fact.value, fact.value_number, fact.legacy_value) == ("365", Decimal(365), "7")


def test_text_of_exactly_the_column_width_imports(diagrams_dir, pack_dir):
    edit(pack_dir, "topics.yaml", "  title: Scaling out", f"  title: {'t' * 200}")
    call_command("import_content", str(pack_dir), stdout=StringIO())
    assert Topic.objects.get(slug="scaling").title == "t" * 200
