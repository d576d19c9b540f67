from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from studyguide.content import dump_pack
from studyguide.selectors import content_pack_from_database
from studyguide.services import content_digest, content_export_agreed


class Command(BaseCommand):
    help = (
        "Write the live course (everything not archived, browser edits included) as "
        "content files under PATH (default: CONTENT_DIR), ready to commit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="folder to write (default: CONTENT_DIR); content files in it are replaced",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or settings.CONTENT_DIR)
        since = timezone.now()
        pack = content_pack_from_database(include_unpublished=True)
        written = dump_pack(pack, path)
        self.stdout.write(f"Wrote {len(written)} files to {path}.")
        if path.resolve() == Path(settings.CONTENT_DIR).resolve():
            # The folder start-up imports from now holds the browser edits: they count as
            # agreeing with it, and its digest is recorded so start-up does not re-import.
            cleared = content_export_agreed(
                pack=pack, since=since, digest=content_digest(path=path), path=path
            )
            if cleared:
                self.stdout.write(f"{cleared} browser edit(s) are now in the files.")
        else:
            self.stdout.write(
                f"{path} is not CONTENT_DIR: browser edits stay marked until an import "
                "finds the files agree with them."
            )
