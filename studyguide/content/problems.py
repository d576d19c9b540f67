"""What a content check reports: each problem with its file and line (or field)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentProblem:
    file: str  # relative to the content folder
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        if self.field:
            where += f" ({self.field})"
        return f"{where}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the content:\n" + self.report())

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class Problems:
    """Collects every problem of one check, so the author sees them all at once."""

    def __init__(self) -> None:
        self.items: list[ContentProblem] = []

    def add(self, file: str, line: int | None, field: str, message: str) -> None:
        self.items.append(ContentProblem(file=file, line=line, field=field, message=message))
