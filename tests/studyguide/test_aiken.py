"""Aiken: single-answer questions read into records, with every problem at its line."""

from pathlib import Path

from studyguide.interchange import check_questions, parse_aiken

CORPUS = Path(__file__).parent / "interchange"


def read(name: str):
    return parse_aiken((CORPUS / name).read_text(encoding="utf-8"), topic="messaging")


def test_options_with_dot_or_bracket_and_the_answer_letter_make_a_single_item():
    result = read("questions.aiken")
    assert result.problems == []
    question = result.questions[0].question
    assert question.kind == "single"
    assert question.topic == "messaging"
    assert question.prompt == "Which service fans one message out to many subscribers?"
    assert [(c.text, c.correct) for c in question.choices] == [
        ("Amazon SQS", False),
        ("Amazon SNS", True),
        ("Amazon Kinesis", False),
    ]
    assert result.questions[0].line == 1
    assert result.questions[0].choice_lines == (2, 3, 4)


def test_why_and_explanation_lines_after_the_answer_give_the_feedback_in_any_order():
    first, second = (p.question for p in read("questions.aiken").questions)
    assert first.choices[0].why == "A queue hands each message to one consumer."
    assert first.choices[1].why == ""
    assert first.explanation == "SNS pushes each message to every subscriber."
    assert second.explanation == "14 days is the maximum; 4 days is the default."
    assert [c.why for c in second.choices] == [
        "4 days is the default retention.",
        "The maximum is 14 days.",
    ]


def test_question_text_may_span_lines():
    second = read("questions.aiken").questions[1]
    assert second.question.prompt == "How long does SQS keep a message\nat most?"
    assert second.line == 10


def test_ids_come_from_the_topic_and_a_hash_of_the_question():
    first, second = (p.question.id for p in read("questions.aiken").questions)
    assert first.startswith("messaging-")
    assert second.startswith("messaging-")
    assert first != second
    again = parse_aiken(
        "Which service fans one message out to many subscribers?\nA. x\nB. y\nANSWER: A",
        topic="messaging",
    )
    assert again.questions[0].question.id == first


def test_valid_aiken_file_passes_the_content_rules():
    result = read("questions.aiken")
    checked, problems = check_questions(result.questions, topic="messaging", taken_ids=set())
    assert problems == []
    assert len(checked) == 2


def test_plain_aiken_without_feedback_is_refused_by_the_content_rules_at_its_lines():
    result = read("incomplete.aiken")
    assert result.problems == []
    _, problems = check_questions(result.questions, topic="messaging", taken_ids=set())
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (1, "explanation: must not be empty"),
        (3, "why: wrong choice 'SNS' needs a 'why' saying why it is wrong"),
    ]
    assert "EXPLANATION: in Aiken" in problems[0].message
    assert "WHY X: in Aiken" in problems[1].message


REFUSED = [
    (1, "an option or ANSWER line needs a question above it"),
    (4, "option C is out of order: expected B"),
    (10, "ANSWER: A, B is not one letter: an Aiken question has one right answer"),
    (15, "ANSWER: D names no option (options: A, B)"),
    (21, "WHY C: there is no option C"),
    (23, "WHY B is given twice"),
    (25, "EXPLANATION is given twice"),
    (27, "an option or ANSWER line needs a question above it"),
    (30, "ANSWER comes before any option"),
    (35, "'stray text between options and the answer' is neither an option"),
    (38, "this question has no ANSWER: line"),
]


def test_every_problem_is_reported_at_its_line_and_no_broken_question_is_kept():
    result = read("refused.aiken")
    assert result.questions == []
    assert len(result.problems) == len(REFUSED)
    for problem, (line, message) in zip(result.problems, REFUSED, strict=True):
        assert problem.line == line
        assert message in problem.message


def test_nul_character_is_refused_at_its_line():
    result = parse_aiken("Which?\nA. a\x00\nB. b\nANSWER: A", topic="messaging")
    assert [(p.line, p.message) for p in result.problems] == [(2, "contains a NUL character")]
    assert result.questions == []


def test_byte_order_mark_and_windows_line_ends_are_read():
    result = parse_aiken("\ufeffWhich?\r\nA. a\r\nB. b\r\nANSWER: B\r\n", topic="messaging")
    assert result.problems == []
    question = result.questions[0].question
    assert question.prompt == "Which?"
    assert [c.correct for c in question.choices] == [False, True]
