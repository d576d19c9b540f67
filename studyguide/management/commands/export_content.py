from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from studyguide.content import dump_pack
from studyguide.selectors import content_pack_from_database


class Command(BaseCommand):
    help = "Write the fact base (everything not archived) as content files under PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="folder to write; content files in it are replaced")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        written = dump_pack(content_pack_from_database(include_unpublished=True), path)
        self.stdout.write(f"Wrote {len(written)} files to {path}.")
