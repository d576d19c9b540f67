"""Validate every authored and generated question and print a quality report per topic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizzes.generation.report import OVERLAP_LENGTH, TopicReport, pack_report
from studyguide.content import ContentError, load_pack

COLUMNS = (
    ("topic", 22),
    ("pool", 5),
    ("scenario", 9),
    ("TF false", 9),
    ("left out", 9),
    (f"{OVERLAP_LENGTH}q overlap", 12),
    ("errors", 6),
)


def _row(report: TopicReport) -> list[str]:
    return [
        report.topic,
        str(report.pool),
        f"{report.scenario_share:.0%}",
        f"{report.keyed_false}/{report.true_false}",
        str(sum(report.left_out.values())),
        f"{report.overlap}/{min(report.quiz_lengths)}",
        str(len(report.errors)),
    ]


def _as_dict(report: TopicReport) -> dict[str, Any]:
    return {
        "topic": report.topic,
        "pool": report.pool,
        "kinds": dict(report.kinds),
        "scenario_items": report.scenario_items,
        "true_false": report.true_false,
        "keyed_false": report.keyed_false,
        "left_out": dict(report.left_out),
        "quiz_lengths": list(report.quiz_lengths),
        "overlap": report.overlap,
        "errors": report.errors,
    }


class Command(BaseCommand):
    help = (
        "Check every authored and generated question against the item-writing rules and "
        "print a quality report per topic. Exits non-zero when an item breaks a rule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--content", default=str(settings.CONTENT_DIR), help="content folder")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pack = load_pack(Path(options["content"]))
        except ContentError as error:
            raise CommandError(str(error)) from None
        reports = pack_report(pack)
        errors = [f"{r.topic}: {e}" for r in reports for e in r.errors]
        if options["json"]:
            self.stdout.write(json.dumps([_as_dict(r) for r in reports], indent=2))
        else:
            self._print_table(reports)
        if errors:
            for problem in errors:
                self.stderr.write(problem)
            raise CommandError(f"{len(errors)} question problem(s); see above.")

    def _print_table(self, reports: list[TopicReport]) -> None:
        header = "  ".join(f"{name:<{width}}" for name, width in COLUMNS)
        self.stdout.write(header)
        for report in reports:
            cells = _row(report)
            self.stdout.write(
                "  ".join(f"{c:<{w}}" for c, (_, w) in zip(cells, COLUMNS, strict=True))
            )
        pool = sum(r.pool for r in reports)
        scenario = sum(r.scenario_items for r in reports)
        tf = sum(r.true_false for r in reports)
        false = sum(r.keyed_false for r in reports)
        self.stdout.write(
            f"\n{pool} questions in all; {scenario} scenario items ({scenario / pool:.0%}); "
            f"true/false keyed False {false} of {tf}."
            if pool
            else "\nno questions"
        )
        reasons: dict[str, int] = {}
        for report in reports:
            for reason, count in report.left_out.items():
                reasons[reason] = reasons.get(reason, 0) + count
        if reasons:
            self.stdout.write("Generated items left out, by rule:")
            for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
                self.stdout.write(f"  {count:>4}  {reason}")
