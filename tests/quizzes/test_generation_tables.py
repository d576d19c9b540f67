from dataclasses import replace
from datetime import date

from quizzes.generation import AnswerMode, QuestionKind
from quizzes.generation.scenario import scenario_questions
from quizzes.generation.table_cell import (
    matching_cell,
    row_from_cell_questions,
    table_cell_questions,
)
from studyguide.records import TableColumn, TableData, TableRow
from tests.quizzes.generation_pack import ENGINES, MESSAGING, SCALING_TYPES, make_pack


def by_prompt(questions):
    return {q.prompt: q for q in questions}


def correct(question):
    return sorted(c.text for c in question.correct_choices)


def test_a_complete_column_question_is_asked_as_written_about_its_cell():
    questions = by_prompt(table_cell_questions(make_pack(), "caching"))
    question = questions["Which engine is multithreaded?"]
    assert question.kind == QuestionKind.TABLE_CELL
    assert correct(question) == ["Memcached"]
    assert {c.text for c in question.choices} == {"Memcached", "Redis OSS", "Valkey"}
    assert question.table_cells == (("memcached-vs-redis", "Memcached", "threads"),)
    valkey = next(c for c in question.choices if c.text == "Valkey")
    assert "one main thread" in valkey.why


def test_other_cells_of_a_complete_question_column_show_the_cell_instead():
    questions = by_prompt(table_cell_questions(make_pack(), "caching"))
    prompt = "Which engine replicates like this? “None”"
    assert correct(questions[prompt]) == ["Memcached"]


def test_a_near_identical_cell_makes_both_rows_right():
    # Valkey's "one main thread; multithreaded I/O" also runs commands on one main thread.
    questions = by_prompt(table_cell_questions(make_pack(), "caching"))
    prompt = "Threads: “Commands run on one main thread”. Which engine is this? Choose two."
    assert correct(questions[prompt]) == ["Redis OSS", "Valkey"]
    valkey = questions["Threads: which one is true of Valkey?"]
    assert [c.text for c in valkey.choices if not c.correct] == ["Multithreaded"]


def test_a_shared_cell_becomes_a_choose_n_question_that_states_the_count():
    questions = by_prompt(table_cell_questions(make_pack(), "caching"))
    prompt = (
        "Which engine replicates like this? “One primary and up to 5 replicas per shard” "
        "Choose two."
    )
    question = questions[prompt]
    assert question.answer_mode == AnswerMode.MULTIPLE
    assert correct(question) == ["Redis OSS", "Valkey"]
    assert len(question.table_cells) == 2


def test_a_cell_every_row_shares_asks_nothing():
    questions = table_cell_questions(make_pack(), "caching")
    assert not [q for q in questions if "ElastiCache" in q.prompt]
    assert not [q for q in questions if q.uid.startswith("table-cell:memcached-vs-redis:managed")]


def test_a_column_without_a_template_still_asks_with_its_label():
    questions = by_prompt(table_cell_questions(make_pack(), "caching"))
    question = questions["Cluster mode: “Client-side sharding only”. Which engine is this?"]
    assert correct(question) == ["Memcached"]


def test_the_scenario_column_asks_which_scaling_type():
    questions = by_prompt(table_cell_questions(make_pack(), "auto-scaling"))
    prompt = (
        "Which scaling type fits this situation? "
        "“Every Monday morning we get a rush on our website.”"
    )
    question = questions[prompt]
    assert correct(question) == ["Scheduled"]
    assert len(question.choices) == 4


def test_reverse_questions_ask_for_the_rows_cell():
    questions = by_prompt(table_cell_questions(make_pack(), "auto-scaling"))
    question = questions["When you would use it: which one is true of Scheduled?"]
    assert correct(question) == ['"Every Monday morning we get a rush on our website."']
    wrong = next(c for c in question.choices if not c.correct)
    assert wrong.why.startswith("That is true of ")
    assert wrong.why.endswith("not Scheduled.")


def test_reverse_question_choices_are_distinct_cells():
    for question in table_cell_questions(make_pack(), "caching"):
        texts = [c.text.casefold() for c in question.choices]
        assert len(texts) == len(set(texts))
        if question.answer_mode == AnswerMode.SINGLE:
            assert len(question.correct_choices) == 1


def test_a_table_with_two_rows_of_one_label_is_skipped():
    twin = replace(SCALING_TYPES, rows=(*SCALING_TYPES.rows, TableRow("Manual", {"when": "x"})))
    assert table_cell_questions(make_pack(tables=(twin,)), "auto-scaling") == []


def test_matching_cell_needs_a_clear_winner():
    cells = {"a": "Multithreaded", "b": "Single-threaded"}
    assert matching_cell("Which engine is multithreaded?", cells) == "a"
    assert matching_cell("Which engine is fastest?", cells) is None
    assert matching_cell("Which engine uses threads?", {"a": "threads", "b": "threads"}) is None


def test_scenario_tables_ask_which_service_as_scenarios():
    questions = scenario_questions(make_pack(), "messaging")
    assert questions
    assert all(q.kind == QuestionKind.SCENARIO for q in questions)
    prompts = by_prompt(questions)
    question = prompts["Which service is the typical choice for this? “Real-time analytics”"]
    assert correct(question) == ["Kinesis Data Streams"]
    # Only the reverse questions of a scenario table stay table-cell questions.
    table = table_cell_questions(make_pack(), "messaging")
    assert all(q.uid.startswith("table-cell:") for q in table)
    assert not {q.prompt for q in table} & set(prompts)


def test_scenario_requirements_name_two_cells_of_one_row():
    questions = [q for q in scenario_questions(make_pack(), "messaging") if "both" in q.prompt]
    prompts = by_prompt(questions)
    question = prompts["Which service has both of these? Model: “Queue”; Replay: “No”"]
    assert correct(question) == ["Amazon SQS"]
    assert question.table_cells == (
        ("sqs-vs-sns-vs-kinesis", "Amazon SQS", "model"),
        ("sqs-vs-sns-vs-kinesis", "Amazon SQS", "replay"),
    )


def test_scenarios_come_only_from_the_two_scenario_tables():
    moved = replace(MESSAGING, slug="another-table")
    assert scenario_questions(make_pack(tables=(moved, ENGINES)), "messaging") == []
    assert table_cell_questions(make_pack(tables=(moved,)), "messaging")


def test_the_shown_cell_never_names_its_own_answer():
    table = TableData(
        slug="fanout",
        topic="messaging",
        title="Who delivers",
        subject="service",
        caption="",
        source_url="https://docs.aws.amazon.com/sns/latest/dg/welcome.html",
        as_of=date(2026, 11, 1),
        columns=(TableColumn(key="model", label="Delivery"),),
        rows=(
            TableRow(label="Amazon SNS", cells={"model": "SNS pushes to every subscriber"}),
            TableRow(label="Amazon SQS", cells={"model": "Consumers poll"}),
            TableRow(label="Amazon Kinesis", cells={"model": "Readers pull from shards"}),
            TableRow(label="Amazon MQ", cells={"model": "A broker routes to queues"}),
        ),
    )
    questions = row_from_cell_questions(table, kind=QuestionKind.TABLE_CELL, uid_prefix="t")
    sns = next(q for q in questions if correct(q) == ["Amazon SNS"])
    assert "SNS" not in sns.prompt
    assert "This service pushes to every subscriber" in sns.prompt


def test_cells_with_different_figures_are_never_near_the_same():
    from quizzes.generation.table_cell import near_same

    assert not near_same("0.5 RCU", "1 RCU")
    assert not near_same("2 WCU", "1 WCU")
    assert near_same("Commands run on one main thread", "Commands run on one main thread; I/O")
