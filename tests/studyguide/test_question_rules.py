"""questions.yaml: exam-style scenario items, lesson links and the stated answer count
(issue 10), checked on the fixture pack and on the real content."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from studyguide.content import load_pack
from studyguide.content.questions import CHOOSE_RE, count_word
from studyguide.models import AuthoredQuestion
from studyguide.records import ChoiceData
from tests.studyguide.conftest import DIAGRAMS
from tests.studyguide.test_content import QUESTIONS, edit, problems

SCENARIO_WHY = (
    "      why: It works, but running brokers is more operational overhead than a managed queue.\n"
)
EXTRA_CHOICE = "    - text: Amazon MQ\n      why: A broker is more to run than SQS.\n"

BROKEN = [
    # (old text, new text, line, field, message part)
    pytest.param(
        "  style: scenario",
        "  style: essay",
        33,
        "orders-queue-scenario-1.style",
        "must be one of recall, scenario",
        id="unknown-style",
    ),
    pytest.param(
        SCENARIO_WHY,
        "",
        43,
        "orders-queue-scenario-1.choices[3].why",
        "a scenario explains every option: 'A self-managed RabbitMQ cluster on EC2' needs a 'why'",
        id="scenario-wrong-choice-without-why",
    ),
    pytest.param(
        "      why: A queue gives each message to one worker and keeps it for up to 14 days.\n",
        "",
        36,
        "orders-queue-scenario-1.choices[0].why",
        "a scenario explains every option: 'An Amazon SQS standard queue' needs a 'why'",
        id="scenario-correct-choice-without-why",
    ),
    pytest.param(
        "    - text: A self-managed RabbitMQ cluster on EC2\n" + SCENARIO_WHY,
        "",
        35,
        "orders-queue-scenario-1.choices",
        "a scenario with one answer offers at least 4 choices, not 3",
        id="scenario-single-with-3-choices",
    ),
    pytest.param(
        "Which of these keep data for later reading? Choose two.",
        "Which of these keep data for later reading? Choose all that apply.",
        21,
        "streams-1.prompt",
        '"Choose all that apply" does not say how many: the exam states the count, here '
        '"Choose two."',
        id="choose-all-that-apply",
    ),
    pytest.param(
        "Which of these keep data for later reading? Choose two.",
        "Which of these keep data for later reading?",
        21,
        "streams-1.prompt",
        'must say how many answers to choose: "Choose two."',
        id="count-not-stated",
    ),
    pytest.param(
        "Which of these keep data for later reading? Choose two.",
        "Which of these keep data for later reading? Choose three.",
        21,
        "streams-1.prompt",
        'says "Choose three." but 2 choices are correct: "Choose two."',
        id="count-wrong",
    ),
    pytest.param(
        "  lesson: sqs-basics",
        "  lesson: sqs-advanced",
        31,
        "orders-queue-scenario-1.lesson",
        "lesson 'sqs-advanced' does not exist in topic 'queues'",
        id="unknown-lesson",
    ),
    pytest.param(
        "  lesson: sqs-basics",
        "  lesson: scale-out",
        31,
        "orders-queue-scenario-1.lesson",
        "lesson 'scale-out' does not exist in topic 'queues'",
        id="lesson-of-another-topic",
    ),
    pytest.param(
        "  lesson: sqs-basics",
        "  lesson: SQS Basics",
        46,
        "orders-queue-scenario-1.lesson",
        "'SQS Basics' is not a slug",
        id="lesson-not-a-slug",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "field", "message"), BROKEN)
def test_each_question_rule_names_its_file_line_and_field(pack_dir, old, new, line, field, message):
    edit(pack_dir, QUESTIONS, old, new)
    found = problems(pack_dir)
    matching = [p for p in found if message in p.message]
    assert matching, f"no problem says {message!r}; got: {[str(p) for p in found]}"
    assert (matching[0].file, matching[0].line, matching[0].field) == (QUESTIONS, line, field)


def test_a_multiple_answer_scenario_needs_five_choices(pack_dir):
    edit(pack_dir, QUESTIONS, "  kind: multiple\n", "  kind: multiple\n  style: scenario\n")
    edit(
        pack_dir,
        QUESTIONS,
        "    - text: Amazon SQS\n      correct: true\n",
        "    - text: Amazon SQS\n      correct: true\n      why: It keeps messages.\n",
    )
    edit(
        pack_dir,
        QUESTIONS,
        "    - text: Kinesis Data Streams\n      correct: true\n",
        "    - text: Kinesis Data Streams\n      correct: true\n      why: It keeps records.\n",
    )
    edit(
        pack_dir,
        QUESTIONS,
        "  explanation: Queues and streams",
        EXTRA_CHOICE + "  explanation: Queues and streams",
    )
    messages = [p.message for p in problems(pack_dir)]
    assert messages == ["a scenario with several answers offers at least 5 choices, not 4"]
    edit(
        pack_dir,
        QUESTIONS,
        "  explanation: Queues and streams",
        "    - text: Amazon S3\n      why: An object store, not a stream.\n"
        "  explanation: Queues and streams",
    )
    pack = load_pack(pack_dir, diagrams_dir=DIAGRAMS)
    assert next(q for q in pack.questions if q.id == "streams-1").style == "scenario"


def test_style_lesson_and_every_why_are_read_with_recall_as_the_default(basic_pack):
    questions = {q.id: q for q in basic_pack.questions}
    scenario = questions["orders-queue-scenario-1"]
    assert (scenario.style, scenario.lesson) == ("scenario", "sqs-basics")
    assert scenario.choices[0] == ChoiceData(
        text="An Amazon SQS standard queue",
        correct=True,
        why="A queue gives each message to one worker and keeps it for up to 14 days.",
    )
    assert (questions["fanout-1"].style, questions["fanout-1"].lesson) == ("recall", "")


def test_a_recall_item_may_explain_its_correct_choice(pack_dir, tmp_path):
    edit(
        pack_dir,
        QUESTIONS,
        "    - text: Amazon SNS\n      correct: true\n",
        "    - text: Amazon SNS\n      correct: true\n      why: It is publish/subscribe.\n",
    )
    pack = load_pack(pack_dir, diagrams_dir=DIAGRAMS)
    fanout = next(q for q in pack.questions if q.id == "fanout-1")
    assert fanout.choices[0].why == "It is publish/subscribe."


def test_style_and_lesson_are_imported_and_exported_back(db, diagrams_dir, pack_dir, tmp_path):
    edit(
        pack_dir,
        QUESTIONS,
        "    - text: Amazon SNS\n      correct: true\n",
        "    - text: Amazon SNS\n      correct: true\n      why: It is publish/subscribe.\n",
    )
    call_command("import_content", str(pack_dir), stdout=StringIO())
    scenario = AuthoredQuestion.objects.get(key="orders-queue-scenario-1")
    assert (scenario.style, scenario.lesson_slug) == ("scenario", "sqs-basics")
    assert AuthoredQuestion.objects.get(key="fanout-1").style == "recall"
    out = tmp_path / "out"
    call_command("export_content", str(out), stdout=StringIO())
    # recall is the default and is left out; scenario, lesson and a correct why come back
    assert (out / QUESTIONS).read_text() == (pack_dir / QUESTIONS).read_text()


# --- the real content ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_pack():
    return load_pack(settings.CONTENT_DIR)


def test_every_real_multiple_answer_item_states_its_count(real_pack):
    multiple = [q for q in real_pack.questions if q.kind == "multiple"]
    assert multiple
    for question in multiple:
        correct = sum(c.correct for c in question.choices)
        assert CHOOSE_RE.findall(question.prompt)[-1:] == [count_word(correct)], question.id
