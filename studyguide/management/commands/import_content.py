from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from studyguide.content import ContentError, load_pack
from studyguide.content.patterns import TABLE_TOKEN_RE
from studyguide.services import content_import


class Command(BaseCommand):
    help = "Validate the content folder and, only if it has no problems, import it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="content folder (default: CONTENT_DIR)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or settings.CONTENT_DIR)
        try:
            pack = load_pack(path)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(error.problems)} problem(s) in {path}; nothing was imported."
            ) from error
        report = content_import(pack=pack)
        self.stdout.write(f"Imported {path}:\n{report.summary()}")
        placed = {slug for lesson in pack.lessons for slug in TABLE_TOKEN_RE.findall(lesson.body)}
        for table in pack.tables:
            if table.slug not in placed:
                self.stdout.write(
                    f"Note: table {table.slug!r} is shown only on its topic page; "
                    f"add {{{{table:{table.slug}}}}} to a lesson to show it there."
                )
