from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from studyguide.interchange import READERS, LineProblem, check_questions
from studyguide.models import AuthoredQuestion, Topic
from studyguide.services import question_drafts_import


class Command(BaseCommand):
    help = (
        "Check a GIFT or Aiken file and, only if every question in it is valid, add them all "
        "to a topic as drafts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the GIFT or Aiken file (UTF-8)")
        parser.add_argument("--topic", required=True, help="slug of the topic to add them to")
        parser.add_argument("--format", required=True, choices=sorted(READERS))

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        topic = Topic.objects.active().filter(slug=options["topic"]).first()
        if topic is None:
            raise CommandError(f"There is no topic {options['topic']!r}.")
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"{name}: cannot be read ({error.strerror}).") from error
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            self.fail(name, [LineProblem(line, "is not UTF-8 text")])
        parsed = READERS[options["format"]](text, topic=topic.slug)
        taken = set(AuthoredQuestion.objects.values_list("key", flat=True))
        questions, problems = check_questions(parsed.questions, topic=topic.slug, taken_ids=taken)
        problems = sorted([*parsed.problems, *problems], key=lambda p: p.line)
        if problems:
            self.fail(name, problems)
        if not questions:
            raise CommandError(f"{name} holds no questions; nothing was imported.")
        question_drafts_import(topic=topic, questions=questions)
        self.stdout.write(
            f"Imported {len(questions)} question(s) from {name} into {topic.slug} as drafts."
        )

    def fail(self, name: str, problems: list[LineProblem]) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem.format(name))
        raise CommandError(f"{len(problems)} problem(s) in {name}; nothing was imported.")
