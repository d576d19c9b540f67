"""GIFT: reading Moodle's format into question records, refusing what the app cannot mark
(at the file's line, saying why), checking with the content rules, and writing it back."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from studyguide.content import load_pack
from studyguide.interchange import check_questions, parse_gift, write_gift
from studyguide.interchange.gift import escape
from studyguide.records import AuthoredQuestionData, ChoiceData

CORPUS = Path(__file__).parent / "interchange"
VALID_FILES = ["escapes.gift", "feedback.gift", "numeric.gift", "multiple.gift"]


def parse(text: str, topic: str = "kinesis"):
    return parse_gift(text, topic=topic)


def one(text: str) -> AuthoredQuestionData:
    result = parse(text)
    assert result.problems == []
    assert len(result.questions) == 1
    question: AuthoredQuestionData = result.questions[0].question
    return question


def corpus(name: str) -> dict[str, AuthoredQuestionData]:
    result = parse((CORPUS / name).read_text(encoding="utf-8"))
    assert result.problems == []
    return {p.question.id: p.question for p in result.questions}


def import_export(text: str, topic: str) -> str:
    """What an import of `text` followed by an export of the imported questions gives."""
    result = parse(text, topic)
    checked, problems = check_questions(result.questions, topic=topic, taken_ids=set())
    assert result.problems == []
    assert problems == []
    return write_gift(checked, category=f"$course$/top/{topic}")


# --- multiple choice and multiple response ------------------------------------------------


def test_multiple_choice_marks_equals_right_and_tildes_wrong_with_their_feedback():
    question = corpus("feedback.gift")["kinesis-shard-write"]
    assert question.kind == "single"
    assert question.prompt == "Each Kinesis shard accepts how much written data per second?"
    assert [(c.text, c.correct) for c in question.choices] == [
        ("1 MB", True),
        ("2 MB", False),
        ("10 MB", False),
    ]
    assert question.choices[1].why == "2 MB per second is the read limit of a shard."
    assert question.explanation == "Writes: 1 MB or 1,000 records per second per shard."


def test_comment_lines_and_category_are_not_part_of_any_question():
    questions = corpus("feedback.gift")
    assert "comment" not in repr(questions)
    assert "CATEGORY" not in repr(questions)
    assert len(questions["kinesis-shard-write"].choices) == 3


def test_missing_word_question_puts_a_blank_where_the_answers_were():
    question = corpus("feedback.gift")["missing-word"]
    assert question.prompt == "A Kinesis shard accepts _____ records per second."
    assert [c.text for c in question.choices if c.correct] == ["1,000"]


def test_equal_weights_make_a_choose_n_item_and_the_prompt_states_the_count():
    questions = corpus("multiple.gift")
    two = questions["choose-two"]
    assert two.kind == "multiple"
    assert two.prompt == "Which statements about Memcached are true? Choose two."
    assert [c.correct for c in two.choices] == [True, True, False, False]
    three = questions["choose-three"]
    assert three.prompt == "Which are AWS messaging services? Choose three."  # not stated twice
    assert [c.text for c in three.choices if c.correct] == ["SNS", "SQS", "Amazon MQ"]


def test_weights_without_an_equals_sign_make_a_multiple_item_even_with_one_right_answer():
    # Moodle's rule: only an "=" makes a one-answer item.
    question = corpus("multiple.gift")["one-right-by-weight"]
    assert question.kind == "multiple"
    assert question.prompt.endswith("Choose one.")


def test_negative_weights_on_wrong_answers_are_allowed_with_an_equals_answer():
    question = one("Which?{=SQS#Yes. ~%-50%SNS#No. ####SQS queues.}")
    assert question.kind == "single"
    assert [c.correct for c in question.choices] == [True, False]


# --- true/false ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "truth"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_becomes_a_single_item_with_choices_true_and_false(answer, truth):
    question = one(f"Kinesis keeps order per shard.{{{answer}#wrong#right####general}}")
    assert question.kind == "single"
    assert [(c.text, c.correct) for c in question.choices] == [
        ("True", truth),
        ("False", not truth),
    ]
    right = next(c for c in question.choices if c.correct)
    wrong = next(c for c in question.choices if not c.correct)
    # Moodle: the first feedback is for a wrong answer, the second for the right one.
    assert (right.why, wrong.why) == ("right", "wrong")
    assert question.explanation == "general"


def test_false_item_gives_the_right_feedback_to_the_false_choice():
    question = corpus("feedback.gift")["tf-false"]
    false = question.choices[1]
    assert false.correct
    assert false.why == "Yes, at least once, so consumers must be idempotent."
    assert question.choices[0].why == "No: a standard queue delivers at least once."


# --- numeric ------------------------------------------------------------------------------


def test_numeric_answer_with_tolerance_and_its_unit_comment():
    question = corpus("numeric.gift")["rcu-strong"]
    assert question.kind == "numeric"
    assert (question.answer, question.tolerance, question.unit) == (
        Decimal(120),
        Decimal(0),
        "RCU",
    )
    assert question.explanation == "9 KB is three 4 KB units: 40 × 3 = 120."


def test_numeric_range_becomes_its_midpoint_and_half_width():
    questions = corpus("numeric.gift")
    assert questions["range-item"].answer == Decimal(96)
    assert questions["range-item"].tolerance == Decimal(72)
    assert questions["half-range"].answer == Decimal("1.5")
    assert questions["half-range"].tolerance == Decimal("0.5")


def test_numeric_answer_feedback_leads_the_explanation():
    question = corpus("numeric.gift")["range-item"]
    assert question.explanation == (
        "Within the range.\n\nKinesis keeps data from 24 hours up to 365 days."
    )


def test_several_numeric_answers_are_taken_when_one_is_worth_100_percent():
    question = corpus("numeric.gift")["several-answers"]
    assert question.answer == Decimal(14)
    assert question.tolerance == Decimal(0)
    # The 0% answer and the "~#" catch-all only give feedback on wrong values.
    assert question.explanation == "Right.\n\nThe maximum retention is 14 days."


def test_numeric_tolerance_defaults_to_zero_and_accepts_decimals_and_signs():
    assert one("How cold?{#-2.5####x}").answer == Decimal("-2.5")
    assert one("How cold?{#-2.5####x}").tolerance == 0
    assert one("How much?{#1e3:0.5####x}").answer == 1000


# --- texts: escapes, formats, titles ------------------------------------------------------


def test_escapes_are_undone_everywhere_and_do_not_start_answers():
    question = corpus("escapes.gift")["escapes-all-of-them"]
    assert question.prompt == (
        "In a GIFT file, which character starts a wrong answer ~ or a right one =?"
    )
    assert question.choices[0].text == "Both are escaped with a backslash: \\~ and \\="
    assert question.choices[0].why == "Right: {braces}, #, : too."
    assert question.choices[1].why == "They can, escaped: a~b and a=b."
    assert question.explanation == (
        "Escape ~ = # { } : and the backslash itself (\\\\); \\n is a new line."
    )


def test_escaped_newline_becomes_a_line_break():
    question = corpus("escapes.gift")["escaped-newline"]
    assert question.prompt == "First paragraph.\n\nSecond paragraph with `code {x}`."
    assert question.choices[0].why == "Kept\nover two lines."


def test_title_becomes_the_slugified_id():
    assert "escapes-all-of-them" in corpus("escapes.gift")  # from "Escapes\: all of them"


def test_question_without_title_gets_an_id_from_the_topic_and_a_hash_of_its_text():
    first = one("Which?{=a ~b#c ####d}")
    again = one("// same text, same id\nWhich?{=x ~y#z ####w}")
    other = one("Which one?{=a ~b#c ####d}")
    assert first.id.startswith("kinesis-")
    assert len(first.id) == len("kinesis-") + 8
    assert first.id == again.id
    assert first.id != other.id


def test_title_without_letters_or_digits_falls_back_to_the_hashed_id():
    untitled = one("Which?{=a ~b#c ####d}")
    assert one("::???::Which?{=a ~b#c ####d}").id == untitled.id


def test_html_is_turned_into_markdown():
    question = corpus("feedback.gift")["html-item"]
    assert question.prompt == "Which **queue** keeps order?"
    assert question.choices[1].why == "It gives *best-effort* ordering only."
    assert question.explanation == "FIFO queues keep order & deduplicate."


def test_plain_and_markdown_markers_are_dropped_from_the_text():
    assert corpus("feedback.gift")["plain-item"].prompt.startswith("Which service fans")
    assert one("[markdown]Is **this** bold?{T#no#yes####x}").prompt == "Is **this** bold?"


def test_questions_are_separated_by_blank_lines_and_may_span_lines():
    result = parse("First\nline?{=a ~b#c ####d}\n\n\n::two::Second?{\n=a\n~b#c\n####d\n}\n")
    assert [p.question.prompt for p in result.questions] == ["First\nline?", "Second?"]
    assert [p.line for p in result.questions] == [1, 5]
    assert result.questions[1].choice_lines == (6, 7)


# --- refused, each at its line ------------------------------------------------------------

REFUSED = [
    (1, "a matching question (=... -> ...) is refused: the app has no matching items"),
    (6, "a short-answer or missing-word question (only = answers) is refused"),
    (8, "an essay question ({}) is refused"),
    (10, "a description (text without an answer block {...}) is refused"),
    (14, "partial credit (50%, 25%) is refused: the app marks an item all or nothing"),
    (20, "partial credit (50%) is refused"),
    (23, "2 answers are fully right in a one-answer item"),
    (25, "2 answers are worth 100% each, so any one of them alone scores full marks"),
    (27, "2 numeric answers are worth 100%"),
    (29, "for a true/false item write TRUE in capitals"),
    (31, "{ has no closing }"),
    (33, "a second answer block is refused"),
    (35, "HTML <img> cannot be imported"),
    (37, "'many' is not a number"),
    (39, "the range 5..1 runs backwards"),
    (41, "no answer is marked right"),
    (43, "the title ::... has no closing ::"),
    (45, "[unit:...] belongs to a numeric question"),
    (48, "weight 150% is more than 100%"),
    (50, "'stray' is not an answer: each answer starts with = or ~"),
]


def test_every_refused_feature_is_reported_at_its_line_with_the_reason():
    result = parse((CORPUS / "refused.gift").read_text(encoding="utf-8"))
    assert result.questions == []
    assert len(result.problems) == len(REFUSED)
    for problem, (line, message) in zip(result.problems, REFUSED, strict=True):
        assert problem.line == line
        assert message in problem.message


def test_closing_brace_without_an_opening_one_is_refused():
    [problem] = parse("\n\nWhich } is this?").problems
    assert problem.line == 3
    assert "} has no { before it" in problem.message


def test_nul_character_is_refused_at_its_line():
    [problem] = parse("Which?{=a ~b#c ####d}\n\nWhich\x00?{=a ~b#c ####d}").problems
    assert (problem.line, problem.message) == (3, "contains a NUL character")


def test_refused_questions_do_not_hide_the_valid_ones_around_them():
    result = parse("::a::Which?{=a ~b#c ####d}\n\n::b::Essay.{}\n\n::c::Which?{=a ~b#c ####d}")
    assert [p.question.id for p in result.questions] == ["a", "c"]
    assert [p.line for p in result.problems] == [3]


# --- the content rules, at the file's lines -----------------------------------------------

INVALID = [
    (1, "explanation: must not be empty (general feedback: #### in GIFT"),
    (5, "why: wrong choice 'SNS' needs a 'why'"),
    (9, 'prompt: says "Choose three." but 2 choices are correct: "Choose two."'),
    (16, '"Choose all that apply" does not say how many'),
    (23, "two choices have the text 'SQS'"),
    (25, "the id 'count-mismatch' is also the id of the question at line 9"),
    (27, "why: wrong choice 'False' needs a 'why'"),
]


def test_imported_items_go_through_the_content_importers_question_rules():
    result = parse((CORPUS / "invalid.gift").read_text(encoding="utf-8"))
    assert result.problems == []
    _, problems = check_questions(result.questions, topic="kinesis", taken_ids=set())
    assert len(problems) == len(INVALID)
    for problem, (line, message) in zip(problems, INVALID, strict=True):
        assert problem.line == line
        assert message in problem.message


def test_a_choice_rule_is_reported_at_the_choices_own_line():
    result = parse("::q::Which?{\n=a\n~b\n####d\n}")
    _, [problem] = check_questions(result.questions, topic="kinesis", taken_ids=set())
    assert problem.line == 3


def test_an_id_already_in_use_is_refused():
    result = parse("::Taken::Which?{=a ~b#c ####d}")
    _, [problem] = check_questions(result.questions, topic="kinesis", taken_ids={"taken"})
    assert (problem.line, problem.message) == (1, "a question with the id 'taken' already exists")


def test_valid_corpus_files_pass_every_rule():
    for name in VALID_FILES:
        result = parse((CORPUS / name).read_text(encoding="utf-8"))
        checked, problems = check_questions(result.questions, topic="kinesis", taken_ids=set())
        assert problems == [], name
        assert checked == [p.question for p in result.questions]


# --- writing and the round trip -----------------------------------------------------------


def test_writer_escapes_reserved_characters_and_line_breaks():
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


def test_writer_gives_choose_n_items_equal_weights_and_wrong_answers_minus_100():
    question = AuthoredQuestionData(
        id="three",
        topic="kinesis",
        kind="multiple",
        prompt="Which? Choose three.",
        explanation="x",
        choices=(
            ChoiceData("a", True),
            ChoiceData("b", True),
            ChoiceData("c", True),
            ChoiceData("d", why="no"),
        ),
    )
    text = write_gift([question])
    assert "\t~%33.33333%a\n\t~%33.33333%b\n\t~%33.33333%c\n\t~%-100%d#no\n" in text
    assert one(text) == question


def test_writer_writes_true_false_items_as_moodle_does():
    question = corpus("feedback.gift")["tf-true"]
    text = write_gift([question])
    assert (
        "::tf-true::[markdown]Kinesis keeps records in order within a shard."
        "{TRUE#Wrong\\: order holds per shard.#Right\\: per-shard order is kept."
        "####Order is guaranteed within a shard, not across shards.}"
    ) in text


def test_writer_puts_the_numeric_unit_in_a_comment_moodle_ignores():
    text = write_gift([corpus("numeric.gift")["rcu-strong"]])
    assert text.startswith("// [unit:RCU]\n::rcu-strong::[markdown]")
    assert "{#\n\t=120:0\n" in text


@pytest.mark.parametrize("name", VALID_FILES)
def test_round_trip_of_the_tricky_corpus_gives_the_same_file(name):
    imported = (CORPUS / name).read_text(encoding="utf-8")
    first = import_export(imported, "kinesis")
    assert import_export(first, "kinesis") == first


@pytest.mark.parametrize("topic", ["dynamodb", "caching"])
def test_round_trip_of_a_real_topics_questions_gives_the_same_file(topic):
    pack = load_pack(Path(settings.CONTENT_DIR))
    questions = [q for q in pack.questions if q.topic == topic]
    assert {q.kind for q in questions} == {"single", "multiple", "numeric"}
    exported = write_gift(questions, category=f"$course$/top/{topic}")
    assert import_export(exported, topic) == exported
    # What GIFT carries comes back unchanged; facts, lesson and style stay in the app.
    back = parse(exported, topic).questions
    for original, parsed in zip(questions, back, strict=True):
        assert parsed.question.id == original.id
        assert parsed.question.prompt == original.prompt
        assert parsed.question.choices == original.choices
        assert parsed.question.explanation == original.explanation
        assert (parsed.question.answer, parsed.question.tolerance, parsed.question.unit) == (
            original.answer,
            original.tolerance,
            original.unit,
        )
