import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from quizzes.generation import Question


def run(*args: str, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("generate_quiz", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_json_lists_the_questions_as_dicts():
    out, _ = run("--topic", "kinesis", "--count", "12", "--seed", "3", "--json")
    data = json.loads(out)
    assert len(data) == 12
    questions = [Question.from_dict(item) for item in data]
    assert {q.topic for q in questions} == {"kinesis"}
    assert len({q.uid for q in questions}) == 12
    assert all(item["explanation"] for item in data)


def test_the_same_seed_prints_the_same_quiz_and_another_seed_another():
    first, _ = run("--topic", "messaging", "--count", "10", "--seed", "5", "--json")
    again, _ = run("--topic", "messaging", "--count", "10", "--seed", "5", "--json")
    other, _ = run("--topic", "messaging", "--count", "10", "--seed", "6", "--json")
    assert first == again
    assert [q["uid"] for q in json.loads(first)] != [q["uid"] for q in json.loads(other)]


def test_text_output_marks_the_correct_choice_and_explains():
    out, _ = run("--topic", "caching", "--count", "3", "--seed", "1", "--kind", "fact_value")
    assert out.startswith("1. [fact_value · caching] What is ")
    assert " * A) " in out or " * B) " in out or " * C) " in out or " * D) " in out
    assert out.count("Explanation: ") == 3
    assert "why not: " in out


def test_text_output_shows_numeric_answers_and_worked_steps():
    out, _ = run("--topic", "dynamodb", "--count", "200", "--kind", "calculated")
    assert "Answer: " in out
    assert "step: Partitions by capacity: ceil(" in out


def test_topics_can_be_repeated_and_default_to_all():
    out, _ = run("--topic", "emr", "--topic", "caching", "--count", "30", "--json")
    assert {q["topic"] for q in json.loads(out)} == {"emr", "caching"}
    out, _ = run("--count", "60", "--json")
    assert len({q["topic"] for q in json.loads(out)}) > 5


def test_asking_for_more_than_a_topic_has_prints_all_and_says_so():
    out, err = run(
        "--topic",
        "caching",
        "--kind",
        "authored",
        "--kind",
        "fact_value",
        "--count",
        "200",
        "--json",
    )
    assert 0 < len(json.loads(out)) < 200
    assert "questions are available" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--topic", "nope"], "Unknown topic nope. Known topics: "),
        (["--count", "0"], "--count must be between 1 and 200, got 0."),
        (["--count", "201"], "--count must be between 1 and 200, got 201."),
        (["--count", "ten"], "--count must be a whole number, got 'ten'."),
        (["--count", "2.5"], "--count must be a whole number, got '2.5'."),
        (["--seed", "-1"], "--seed must be at least 0, got -1."),
        (["--seed", "x"], "--seed must be a whole number, got 'x'."),
        (["--kind", "essay"], "unknown question kind 'essay'"),
    ],
)
def test_bad_input_is_a_clear_command_error(args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert message in str(error.value)


def test_count_given_as_an_option_is_checked_too():
    with pytest.raises(CommandError, match="--count must be a whole number"):
        run(count="many")


def test_a_kind_a_topic_cannot_give_is_an_error():
    with pytest.raises(CommandError, match="yield no questions"):
        run("--topic", "messaging", "--kind", "calculated")


def test_invalid_content_is_reported_not_a_traceback(settings, tmp_path):
    (tmp_path / "topics.yaml").write_text("- slug: Not A Slug\n")
    settings.CONTENT_DIR = tmp_path
    with pytest.raises(CommandError, match="is invalid"):
        run("--count", "5")


def test_two_processes_with_different_hash_seeds_print_the_same_quiz():
    # String hashing differs between processes; a question's uid, choice order and the
    # selection must not depend on it, or statistics could not match questions across runs.
    outputs = []
    for hash_seed in ("1", "2"):
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "generate_quiz",
                "--count",
                "40",
                "--seed",
                "9",
                "--json",
            ],
            cwd=settings.BASE_DIR,
            env={**os.environ, "PYTHONHASHSEED": hash_seed, "DJANGO_DEBUG": "true"},
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) == 40
