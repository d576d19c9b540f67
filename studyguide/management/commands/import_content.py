from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from studyguide.content import ContentError, load_pack
from studyguide.content.patterns import TABLE_TOKEN_RE
from studyguide.services import content_digest, content_import, content_import_last


class Command(BaseCommand):
    help = (
        "Validate the content folder and, only if it has no problems, import it. Rows "
        "edited in the browser since are kept (and listed) unless --overwrite is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="content folder (default: CONTENT_DIR)")
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="import only if the files differ from the last import (what start-up runs)",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="take the files' values even for rows edited in the browser since",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or settings.CONTENT_DIR)
        digest = content_digest(path=path) if path.is_dir() else ""
        last = content_import_last()
        if options["if_changed"] and digest and last is not None and last.digest == digest:
            when = timezone.localtime(last.imported_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"Skipped {path}: its files are unchanged since the import at {when} "
                f"(digest {digest[:12]}). Run import_content without --if-changed to "
                "import them anyway."
            )
            return
        try:
            pack = load_pack(path)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(error.problems)} problem(s) in {path}; nothing was imported."
            ) from error
        report = content_import(pack=pack, overwrite=options["overwrite"], digest=digest, path=path)
        self.stdout.write(f"Imported {path}:\n{report.summary()}")
        for conflict in report.conflicts:
            self.stdout.write(f"Note: {conflict}.")
        if report.kept:
            self.stdout.write(
                f"{report.kept} browser edit(s) kept: run export_content to write them to "
                "the files, or import_content --overwrite to take the files' values."
            )
        placed = {slug for lesson in pack.lessons for slug in TABLE_TOKEN_RE.findall(lesson.body)}
        for table in pack.tables:
            if table.slug not in placed:
                self.stdout.write(
                    f"Note: table {table.slug!r} is shown only on its topic page; "
                    f"add {{{{table:{table.slug}}}}} to a lesson to show it there."
                )
