"""Every URL pattern of the site (the admin aside), found from the URLconf, so that a test
over "every page" or "every form" covers pages added later without being told."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class SitePattern:
    route: str  # e.g. "quizzes/attempts/<int:pk>/q/<int:position>/"
    name: str  # "namespace:name"
    view: object

    @property
    def parameters(self) -> list[tuple[str, str]]:
        """(converter, name) of each path parameter, in order."""
        return [
            (converter or "str", name)
            for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", self.route)
        ]

    def path(self, values: Mapping[str, object] | None = None) -> str:
        """The pattern with each parameter filled from values (by name), else a placeholder
        of the right type."""
        values = values or {}

        def fill(match: re.Match[str]) -> str:
            converter, name = match.group(1) or "str", match.group(2)
            if name in values:
                return str(values[name])
            return "1" if converter == "int" else "x"

        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, self.route)


def site_patterns() -> list[SitePattern]:
    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> Iterator[SitePattern]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if str(entry.pattern).startswith("admin/"):
                    continue
                yield from walk(
                    entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace
                )
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
                yield SitePattern(prefix + str(entry.pattern), name, entry.callback)

    return list(walk(get_resolver().url_patterns, "", None))
