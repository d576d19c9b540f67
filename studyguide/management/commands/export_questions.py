from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from studyguide.interchange import write_gift
from studyguide.models import AuthoredQuestion, Topic


class Command(BaseCommand):
    help = "Write a topic's authored questions (not archived) as GIFT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--topic", required=True, help="slug of the topic")
        parser.add_argument("--format", default="gift", choices=["gift"])
        parser.add_argument(
            "--status",
            action="append",
            choices=AuthoredQuestion.Status.values,
            help="only questions with this status (repeat for several; default: all)",
        )
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        topic = Topic.objects.active().filter(slug=options["topic"]).first()
        if topic is None:
            raise CommandError(f"There is no topic {options['topic']!r}.")
        questions = AuthoredQuestion.objects.live().filter(topic=topic).order_by("order", "key")
        if options["status"]:
            questions = questions.filter(status__in=options["status"])
        text = write_gift(
            (q.to_data(topic_slug=topic.slug) for q in questions),
            category=f"$course$/top/{topic.slug}",
        )
        if options["output"]:
            try:
                Path(options["output"]).write_text(text, encoding="utf-8", newline="\n")
            except OSError as error:
                raise CommandError(
                    f"{options['output']}: cannot be written ({error.strerror})."
                ) from error
        else:
            self.stdout.write(text, ending="")
