"""import_questions and export_questions: drafts in, GIFT out, all or nothing."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from studyguide.models import AuthoredQuestion
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "interchange"


@pytest.fixture
def topic():
    return TopicFactory(slug="messaging")


def import_questions(path: Path | str, *args: str) -> str:
    out = StringIO()
    call_command("import_questions", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(path: Path | str, *args: str) -> list[str]:
    """Run an import that must fail; return the problem lines it printed."""
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_questions", str(path), *args, stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def export(*args: str) -> str:
    out = StringIO()
    call_command("export_questions", *args, stdout=out)
    return out.getvalue()


def keys() -> list[str]:
    return list(AuthoredQuestion.objects.order_by("key").values_list("key", flat=True))


def test_gift_import_creates_drafts_in_the_topic_in_file_order(topic):
    other = TopicFactory()
    AuthoredQuestion.objects.create(
        topic=topic, key="existing", kind="single", prompt="p", explanation="e", order=5
    )
    output = import_questions(CORPUS / "multiple.gift", "--topic", "messaging", "--format", "gift")
    assert "Imported 3 question(s)" in output
    assert "as drafts" in output
    imported = list(topic.authoredquestions.exclude(key="existing").order_by("order"))
    assert [q.key for q in imported] == ["choose-two", "choose-three", "one-right-by-weight"]
    assert [q.order for q in imported] == [6, 7, 8]
    assert {q.status for q in imported} == {AuthoredQuestion.Status.DRAFT}
    assert imported[0].kind == "multiple"
    assert imported[0].choices[0] == {
        "text": "It is multithreaded",
        "correct": True,
        "why": "It uses every core.",
    }
    assert not other.authoredquestions.exists()


def test_numeric_import_keeps_answer_tolerance_and_unit(topic):
    import_questions(CORPUS / "numeric.gift", "--topic", "messaging", "--format", "gift")
    question = AuthoredQuestion.objects.get(key="rcu-strong")
    data = question.to_data(topic_slug="messaging")
    assert (data.answer, data.tolerance, data.unit) == (Decimal(120), Decimal(0), "RCU")


def test_aiken_import_creates_drafts(topic):
    import_questions(CORPUS / "questions.aiken", "--topic", "messaging", "--format", "aiken")
    questions = AuthoredQuestion.objects.all()
    assert questions.count() == 2
    assert all(q.status == "draft" and q.key.startswith("messaging-") for q in questions)


def test_refused_features_print_file_and_line_and_import_nothing(topic):
    path = CORPUS / "refused.gift"
    lines = refused(path, "--topic", "messaging", "--format", "gift")
    assert lines[0] == (
        f"{path}:1: a matching question (=... -> ...) is refused: the app has no matching items"
    )
    assert f"{path}:14: partial credit (50%, 25%) is refused" in lines[4]
    assert len(lines) == 20
    assert keys() == []


def test_one_invalid_item_among_valid_ones_refuses_the_whole_file(topic, tmp_path):
    good = (CORPUS / "multiple.gift").read_text(encoding="utf-8")
    path = tmp_path / "mixed.gift"
    path.write_text(good + "\n::bad::Which?{=a ~b ####c}\n", encoding="utf-8")
    bad_line = good.count("\n") + 2
    assert refused(path, "--topic", "messaging", "--format", "gift") == [
        f"{path}:{bad_line}: why: wrong choice 'b' needs a 'why' saying why it is wrong "
        "(an answer's feedback: #... in GIFT, WHY X: in Aiken)"
    ]
    assert keys() == []


def test_content_rule_problems_come_sorted_by_line_with_parse_problems(topic, tmp_path):
    path = tmp_path / "both.gift"
    path.write_text("::a::Which?{=a ~b ####c}\n\n::b::Essay.{}\n", encoding="utf-8")
    lines = refused(path, "--topic", "messaging", "--format", "aiken")
    assert lines[0].startswith(f"{path}:1: ")
    lines = refused(path, "--topic", "messaging", "--format", "gift")
    assert [line.split(": ")[0] for line in lines] == [f"{path}:1", f"{path}:3"]


def test_an_id_that_exists_in_any_topic_is_refused(topic):
    AuthoredQuestion.objects.create(
        topic=TopicFactory(), key="choose-two", kind="single", prompt="p", explanation="e"
    )
    lines = refused(CORPUS / "multiple.gift", "--topic", "messaging", "--format", "gift")
    assert lines == [
        f"{CORPUS / 'multiple.gift'}:1: a question with the id 'choose-two' already exists"
    ]
    assert keys() == ["choose-two"]


def test_importing_the_same_file_twice_is_refused_the_second_time(topic):
    args = ("--topic", "messaging", "--format", "gift")
    import_questions(CORPUS / "feedback.gift", *args)
    lines = refused(CORPUS / "feedback.gift", *args)
    assert len(lines) == 6
    assert all("already exists" in line for line in lines)


def test_unknown_or_archived_topic_is_an_error(topic):
    TopicFactory(slug="old", archived=True)
    for slug in ("nope", "old"):
        with pytest.raises(CommandError, match=f"There is no topic '{slug}'"):
            import_questions(CORPUS / "feedback.gift", "--topic", slug, "--format", "gift")
        with pytest.raises(CommandError, match=f"There is no topic '{slug}'"):
            export("--topic", slug)


def test_unknown_format_is_an_error(topic):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        import_questions(CORPUS / "feedback.gift", "--topic", "messaging", "--format", "xml")


def test_missing_file_is_an_error(topic, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        import_questions(tmp_path / "none.gift", "--topic", "messaging", "--format", "gift")


def test_file_that_is_not_utf8_is_refused_at_the_line_of_the_bad_byte(topic, tmp_path):
    path = tmp_path / "latin1.gift"
    path.write_bytes(b"::a::Which?{=a ~b#c ####d}\n\n::b::Caf\xe9?{=a ~b#c ####d}\n")
    assert refused(path, "--topic", "messaging", "--format", "gift") == [
        f"{path}:3: is not UTF-8 text"
    ]


def test_file_without_questions_is_an_error(topic, tmp_path):
    path = tmp_path / "empty.gift"
    path.write_text("// only a comment\n\n$CATEGORY: $course$/top/x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="holds no questions"):
        import_questions(path, "--topic", "messaging", "--format", "gift")


def test_export_prints_the_topics_questions_as_gift(topic):
    import_questions(CORPUS / "feedback.gift", "--topic", "messaging", "--format", "gift")
    text = export("--topic", "messaging", "--format", "gift")
    assert text.startswith("$CATEGORY: $course$/top/messaging\n\n::kinesis-shard-write::")
    assert "::tf-true::[markdown]Kinesis keeps records in order within a shard.{TRUE#" in text
    assert text.count("::[markdown]") == 6


def test_export_leaves_out_archived_questions_and_filters_by_status(topic):
    import_questions(CORPUS / "feedback.gift", "--topic", "messaging", "--format", "gift")
    AuthoredQuestion.objects.filter(key="tf-true").update(status="published")
    AuthoredQuestion.objects.filter(key="tf-false").update(archived=True)
    everything = export("--topic", "messaging")
    assert "::tf-true::" in everything
    assert "::tf-false::" not in everything
    published = export("--topic", "messaging", "--status", "published")
    assert published.count("::[markdown]") == 1
    assert "::tf-true::" in published
    drafts = export("--topic", "messaging", "--status", "draft", "--status", "retired")
    assert drafts.count("::[markdown]") == 4
    assert "::tf-true::" not in drafts


def test_export_writes_a_file_with_output(topic, tmp_path):
    import_questions(CORPUS / "numeric.gift", "--topic", "messaging", "--format", "gift")
    target = tmp_path / "out.gift"
    assert export("--topic", "messaging", "--output", str(target)) == ""
    assert target.read_text(encoding="utf-8") == export("--topic", "messaging")


def test_export_to_an_unwritable_place_is_an_error(topic, tmp_path):
    with pytest.raises(CommandError, match="cannot be written"):
        export("--topic", "messaging", "--output", str(tmp_path / "missing" / "out.gift"))


@pytest.mark.parametrize("name", ["escapes.gift", "feedback.gift", "numeric.gift"])
def test_export_import_export_through_the_database_gives_the_same_file(topic, tmp_path, name):
    args = ("--topic", "messaging", "--format", "gift")
    import_questions(CORPUS / name, *args)
    first = tmp_path / "first.gift"
    export("--topic", "messaging", "--output", str(first))
    AuthoredQuestion.objects.all().delete()
    import_questions(first, *args)
    assert export("--topic", "messaging") == first.read_text(encoding="utf-8")
