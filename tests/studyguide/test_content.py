from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from studyguide.content import ContentError, ContentProblem, dump_pack, load_pack
from studyguide.records import ContentPack, LegacyValue
from tests.studyguide.conftest import BASIC_PACK, DIAGRAMS


def edit(pack_dir: Path, file: str, old: str, new: str) -> None:
    path = pack_dir / file
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1))


def problems(pack_dir: Path) -> list[ContentProblem]:
    with pytest.raises(ContentError) as raised:
        load_pack(pack_dir, diagrams_dir=DIAGRAMS)
    return raised.value.problems


def test_basic_pack_parses_into_plain_data(basic_pack: ContentPack):
    assert [t.slug for t in basic_pack.topics] == ["queues", "scaling"]
    assert [t.order for t in basic_pack.topics] == [1, 2]
    facts = {f.key: f for f in basic_pack.facts}
    assert facts["sqs.retention.max"].value == Decimal(14)
    assert facts["sqs.retention.max"].as_of == date(2026, 11, 1)
    assert facts["kinesis.retention.max"].legacy == LegacyValue(value=Decimal(7), year=2019)
    assert facts["kinesis.shard.write_mb"].value == Decimal("1.5")
    assert facts["kinesis.shard.write_mb"].verified is False
    assert facts["sns.delivery.model"].value == "publish/subscribe"
    assert facts["sns.delivery.model"].unit == ""
    lessons = {(lesson.topic, lesson.slug): lesson for lesson in basic_pack.lessons}
    sqs = lessons[("queues", "sqs-basics")]
    assert (sqs.order, sqs.title) == (1, "SQS basics")
    assert sqs.body.startswith("A queue keeps each message")
    table = basic_pack.tables[0]
    assert [c.key for c in table.columns] == ["model", "consumers"]
    assert table.rows[1].cells == {"model": "Pushes to every subscriber", "consumers": "Many"}
    questions = {q.id: q for q in basic_pack.questions}
    assert questions["sqs-retention-1"].answer == Decimal(14)
    assert questions["fanout-1"].choices[0].correct is True
    assert questions["fanout-1"].facts == ("sns.delivery.model",)
    assert basic_pack.diagrams == frozenset({"queue-flow"})


def test_load_pack_looks_for_diagrams_under_static_by_default(diagrams_dir):
    assert load_pack(BASIC_PACK).diagrams == frozenset({"queue-flow"})


FACTS = "queues/facts.yaml"
TABLES = "queues/tables.yaml"
QUESTIONS = "queues/questions.yaml"
LESSON = "queues/lessons/01-sqs-basics.md"

BROKEN = [
    # (file edited, old text, new text, file reported, line, field, message part)
    pytest.param(
        FACTS,
        "  unit: days\n",
        "",
        FACTS,
        1,
        "sqs.retention.max.unit",
        "missing field 'unit'",
        id="missing-field",
    ),
    pytest.param(
        FACTS,
        "  name: the maximum retention",
        "  colour: red\n  name: the maximum retention",
        FACTS,
        2,
        "sqs.retention.max.colour",
        "unknown field 'colour'",
        id="unknown-field",
    ),
    pytest.param(
        FACTS,
        "key: sqs.retention.max",
        "key: SQS.Retention",
        FACTS,
        1,
        "SQS.Retention.key",
        "is not a dotted lowercase key",
        id="bad-key",
    ),
    pytest.param(
        FACTS,
        "value: 14",
        "value: yes",
        FACTS,
        4,
        "sqs.retention.max.value",
        "put yes/no/true/false in quotes",
        id="bool-value",
    ),
    pytest.param(
        FACTS,
        "as_of: 2026-11-01",
        "as_of: 2026-13-01",
        FACTS,
        7,
        "sqs.retention.max.as_of",
        "'2026-13-01' is not a date",
        id="bad-date",
    ),
    pytest.param(
        FACTS,
        "source_url: https://docs.aws.amazon.com/AWSSimple",
        "source_url: http://docs.aws.amazon.com/AWSSimple",
        FACTS,
        6,
        "sqs.retention.max.source_url",
        "must be an https:// URL",
        id="http-url",
    ),
    pytest.param(
        FACTS,
        "    year: 2019\n",
        "    year: 2030\n",
        FACTS,
        18,
        "kinesis.retention.max.legacy.year",
        "is after the as_of date",
        id="legacy-year",
    ),
    pytest.param(
        FACTS,
        "  unit: days\n",
        "  unit: days\n  unit: hours\n",
        FACTS,
        6,
        "unit",
        "field 'unit' appears twice",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        FACTS,
        "  statement: An SQS",
        "  statement: [An SQS",
        FACTS,
        4,
        "",
        "is not valid YAML",
        id="yaml-syntax",
    ),
    pytest.param(
        LESSON,
        "{{fact:sqs.retention.max}}.",
        "{{fact:sqs.retention.maximum}}.",
        LESSON,
        5,
        "body",
        "quotes fact 'sqs.retention.maximum', which does not exist",
        id="unknown-fact",
    ),
    pytest.param(
        LESSON,
        "(diagram:queue-flow)",
        "(diagram:queue-flows)",
        LESSON,
        7,
        "body",
        "diagram 'queue-flows' does not exist as static/diagrams/queue-flows.svg",
        id="unknown-diagram",
    ),
    pytest.param(
        LESSON,
        "![A producer sends messages to a queue that a consumer polls]",
        "![]",
        LESSON,
        7,
        "body",
        "needs alt text",
        id="diagram-without-alt",
    ),
    pytest.param(
        LESSON,
        "{{table:sqs-vs-sns}}",
        "{{table:sqs-vs-sqs}}",
        LESSON,
        9,
        "body",
        "shows table 'sqs-vs-sqs', which does not exist",
        id="unknown-table",
    ),
    pytest.param(
        LESSON,
        "{{table:sqs-vs-sns}}",
        "See {{table:sqs-vs-sns}}",
        LESSON,
        9,
        "body",
        "must stand alone on its own line",
        id="inline-table",
    ),
    pytest.param(
        LESSON,
        "{{fact:sns.delivery.model}}",
        "{{ fact: sns.delivery.model }}",
        LESSON,
        13,
        "body",
        "is not a token",
        id="malformed-token",
    ),
    pytest.param(
        LESSON,
        "title: SQS basics\n",
        "title: SQS basics\nauthor: me\n",
        LESSON,
        3,
        "front matter.author",
        "unknown field 'author'",
        id="front-matter-field",
    ),
    pytest.param(
        LESSON,
        "---\ntitle",
        "title",
        LESSON,
        1,
        "front matter",
        "must start with a '---'",
        id="no-front-matter",
    ),
    pytest.param(
        TABLES,
        "        consumers: Many\n",
        "",
        TABLES,
        19,
        "sqs-vs-sns.rows[1].cells",
        "row 'Amazon SNS' has no cell for column 'consumers'",
        id="table-missing-cell",
    ),
    pytest.param(
        TABLES,
        "        consumers: Many\n",
        "        consumers: Many\n        colour: red\n",
        TABLES,
        22,
        "sqs-vs-sns.rows[1].cells.colour",
        "'colour' is not one of the table's columns",
        id="table-extra-cell",
    ),
    pytest.param(
        TABLES,
        "consumers: One",
        "consumers: No",
        TABLES,
        17,
        "sqs-vs-sns.rows[0].cells.consumers",
        'put it in quotes ("No")',
        id="table-bare-no",
    ),
    pytest.param(
        TABLES,
        "{subject} pushes",
        "{service} pushes",
        TABLES,
        10,
        "sqs-vs-sns.columns[0].question",
        "only use the placeholder {subject}",
        id="table-placeholder",
    ),
    pytest.param(
        QUESTIONS,
        "      why: A queue delivers each message to one consumer.\n",
        "      correct: true\n",
        QUESTIONS,
        12,
        "fanout-1.choices",
        "exactly one correct choice, not 2",
        id="single-two-correct",
    ),
    pytest.param(
        QUESTIONS,
        "      why: A queue delivers each message to one consumer.\n",
        "",
        QUESTIONS,
        15,
        "fanout-1.choices[1].why",
        "needs a 'why'",
        id="wrong-choice-without-why",
    ),
    pytest.param(
        QUESTIONS,
        "    - text: Amazon SQS\n      why: A queue",
        "    - text: Amazon SNS\n      why: A queue",
        QUESTIONS,
        15,
        "fanout-1.choices[1].text",
        "two choices have the text 'Amazon SNS'",
        id="duplicate-choice",
    ),
    pytest.param(
        QUESTIONS,
        "    - text: Amazon SQS\n      why: A queue",
        "    - text: amazon sns \n      why: A queue",
        QUESTIONS,
        15,
        "fanout-1.choices[1].text",
        "two choices have the text 'amazon sns'",
        id="duplicate-choice-in-another-case",
    ),
    pytest.param(
        QUESTIONS,
        "  answer: 14\n",
        "",
        QUESTIONS,
        1,
        "sqs-retention-1.answer",
        "missing field 'answer'",
        id="numeric-without-answer",
    ),
    pytest.param(
        QUESTIONS,
        "kind: single",
        "kind: essay",
        QUESTIONS,
        10,
        "fanout-1.kind",
        "must be one of single, multiple, numeric",
        id="unknown-kind",
    ),
    pytest.param(
        QUESTIONS,
        "facts: [sns.delivery.model]",
        "facts: [sns.delivery.mode]",
        QUESTIONS,
        9,
        "fanout-1.facts",
        "fact 'sns.delivery.mode' does not exist",
        id="question-unknown-fact",
    ),
    pytest.param(
        "topics.yaml",
        "slug: scaling",
        "slug: Scaling Out",
        "topics.yaml",
        5,
        "[1].slug",
        "'Scaling Out' is not a slug",
        id="bad-topic-slug",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "reported", "line", "field", "message"), BROKEN)
def test_each_kind_of_problem_names_its_file_line_and_field(
    pack_dir, file, old, new, reported, line, field, message
):
    edit(pack_dir, file, old, new)
    found = problems(pack_dir)
    matching = [p for p in found if message in p.message]
    assert matching, f"no problem says {message!r}; got: {[str(p) for p in found]}"
    problem = matching[0]
    assert (problem.file, problem.line, problem.field) == (reported, line, field)
    assert reported in str(problem)
    assert message in str(problem)


def test_duplicate_fact_key_across_topics_is_reported(pack_dir):
    facts = (pack_dir / FACTS).read_text().split("- key: kinesis.retention.max")[0]
    (pack_dir / "scaling" / "facts.yaml").write_text(facts)
    found = problems(pack_dir)
    assert [p.message for p in found] == [
        "duplicate fact key 'sqs.retention.max' (also in queues/facts.yaml)"
    ]
    assert found[0].file == "scaling/facts.yaml"


def test_folder_for_an_unlisted_topic_is_reported(pack_dir):
    (pack_dir / "caching" / "lessons").mkdir(parents=True)
    assert [str(p) for p in problems(pack_dir)] == [
        "caching: is a folder for a topic that topics.yaml does not list"
    ]


def test_misnamed_lesson_and_content_files_are_reported(pack_dir):
    (pack_dir / "queues" / "lessons" / "intro.md").write_text("---\ntitle: x\n---\nx\n")
    (pack_dir / "queues" / "fact.yaml").write_text("[]\n")
    messages = {(p.file, p.message) for p in problems(pack_dir)}
    assert messages == {
        ("queues/lessons/intro.md", "a lesson file is named NN-lesson-slug.md"),
        ("queues/fact.yaml", "is not part of the content format"),
    }


def test_every_problem_is_collected_not_just_the_first(pack_dir):
    edit(pack_dir, FACTS, "as_of: 2026-11-01", "as_of: someday")
    edit(pack_dir, TABLES, "        consumers: Many\n", "")
    edit(pack_dir, LESSON, "(diagram:queue-flow)", "(diagram:missing)")
    edit(pack_dir, QUESTIONS, "kind: single", "kind: essay")
    found = problems(pack_dir)
    assert {p.file for p in found} == {FACTS, TABLES, LESSON, QUESTIONS}
    assert len(found) == 4


def test_missing_topics_file_is_reported(pack_dir):
    (pack_dir / "topics.yaml").unlink()
    found = problems(pack_dir)
    assert found[0].file == "topics.yaml"
    assert "is missing" in found[0].message


def test_fixture_pack_round_trips_byte_for_byte(basic_pack, tmp_path):
    out = tmp_path / "out"
    dump_pack(basic_pack, out)
    originals = sorted(p.relative_to(BASIC_PACK) for p in BASIC_PACK.rglob("*") if p.is_file())
    written = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert written == originals
    for rel in originals:
        assert (out / rel).read_bytes() == (BASIC_PACK / rel).read_bytes(), rel
    assert load_pack(out, diagrams_dir=DIAGRAMS) == basic_pack


def test_dump_pack_removes_stale_content_files_but_keeps_others(basic_pack, tmp_path):
    out = tmp_path / "out"
    (out / "gone" / "lessons").mkdir(parents=True)
    (out / "gone" / "lessons" / "01-old.md").write_text("old")
    (out / "queues" / "lessons").mkdir(parents=True)
    (out / "queues" / "lessons" / "09-removed.md").write_text("old")
    (out / "README.md").write_text("docs")
    dump_pack(basic_pack, out)
    assert not (out / "gone").exists()
    assert not (out / "queues" / "lessons" / "09-removed.md").exists()
    assert (out / "README.md").read_text() == "docs"
    assert load_pack(out, diagrams_dir=DIAGRAMS) == basic_pack


def test_decimal_values_keep_their_exact_spelling(pack_dir, tmp_path):
    edit(pack_dir, FACTS, "value: 1.5", "value: 0.10")
    pack = load_pack(pack_dir, diagrams_dir=DIAGRAMS)
    fact = next(f for f in pack.facts if f.key == "kinesis.shard.write_mb")
    assert str(fact.value) == "0.10"
    dump_pack(pack, tmp_path / "out")
    assert "  value: 0.10\n" in (tmp_path / "out" / FACTS).read_text()
