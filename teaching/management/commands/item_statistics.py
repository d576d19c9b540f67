"""Item statistics for scripts: the figures the statistics pages show, as JSON."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teaching import selectors, services
from teaching.models import Classroom, ItemStatistic


def _item(row: ItemStatistic) -> dict[str, Any]:
    return {
        "question_uid": row.question_uid,
        "version": row.version,
        "scope": row.scope,
        "topic": row.topic,
        "n": row.n,
        "facility": row.facility,
        "sd": row.sd,
        "discrimination": row.discrimination,
        "efficiency": row.efficiency,
        "choices": row.choices,
        "thirds": row.thirds,
        "needs_checking": row.needs_checking,
        "reasons": row.reasons,
        "computed_at": row.computed_at.isoformat(),
    }


class Command(BaseCommand):
    help = (
        "Recompute and print item statistics: the question bank, or with --class the "
        "assignments of one class."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON (the only format).")
        parser.add_argument("--class", dest="classroom", metavar="SLUG", help="One class.")
        parser.add_argument("--question", metavar="UID", help="One question version.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["json"]:
            raise CommandError("Say --json: the figures are printed as JSON for scripts.")
        uid = options["question"]
        if options["classroom"]:
            classroom = Classroom.objects.filter(slug=options["classroom"]).first()
            if classroom is None:
                raise CommandError(f"No class has the slug {options['classroom']!r}.")
            assignments = []
            for assignment in classroom.assignments.all():
                services.assignment_statistics_store(assignment=assignment)
                form, items = selectors.assignment_statistics(assignment=assignment)
                assignments.append(
                    {
                        "assignment": assignment.pk,
                        "title": assignment.title,
                        "fixed_form": assignment.fixed_form,
                        "n": form.n if form else 0,
                        "alpha": form.alpha if form else None,
                        "error_ratio": form.error_ratio if form else None,
                        "standard_error": form.standard_error if form else None,
                        "items": [_item(i) for i in items if uid is None or i.question_uid == uid],
                    }
                )
            payload: dict[str, Any] = {"class": classroom.slug, "assignments": assignments}
        else:
            uids = [uid] if uid else selectors.exam_question_uids()
            services.bank_statistics_store(question_uids=uids)
            payload = {"bank": [_item(i) for i in selectors.bank_statistics(question_uid=uid)]}
        self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
