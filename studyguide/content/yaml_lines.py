"""YAML that remembers where each mapping and key was written, for file:line problems.

Numbers stay exact Decimals as the author wrote them, and values PyYAML cannot build
(a date like 2026-13-40) come back as BadScalar for the checks to report.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from studyguide.content.problems import Problems

NUL = "\x00"


class LineMapping(dict[Any, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


@dataclass(frozen=True)
class BadScalar:
    """A scalar PyYAML recognised but could not build (a date like 2026-13-40)."""

    text: str


class _Loader(yaml.SafeLoader):
    duplicate_keys: list[tuple[Any, int]]


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineMapping:
    loader.flatten_mapping(node)
    mapping = LineMapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            loader.duplicate_keys.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> Decimal | BadScalar:
    # Keep the exact decimal the author wrote (0.1, 1.50): binary floats would not.
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return BadScalar(text)
    if not number.is_finite():
        return BadScalar(text)
    if "e" in text.lower() and -40 <= number.adjusted() <= 40:
        # 1e3 means 1000: keep it in plain digits, as the value's text is stored and shown.
        # Far larger or smaller numbers stay as they are for the range check to report.
        return Decimal(format(number, "f"))
    return number


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return BadScalar(str(node.value))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
# YAML 1.1 reads 1e400 and 2E5 (no point, no exponent sign) as text; they are numbers, so
# they must be checked against the number columns rather than stored as words.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


def line_of(container: Any, key: Any = None) -> int | None:
    if isinstance(container, LineMapping):
        if key is not None and key in container.key_lines:
            return container.key_lines[key]
        return container.line or None
    return None


def line_in(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def check_no_nul(problems: Problems, rel: str, text: str, *, line_offset: int = 0) -> bool:
    """A NUL character cannot be stored in a PostgreSQL text column: report where it is."""
    index = text.find(NUL)
    if index < 0:
        return True
    problems.add(rel, line_in(text, index) + line_offset, "", "contains a NUL character")
    return False


def _check_no_nul_in_values(problems: Problems, rel: str, data: Any, line: int | None) -> None:
    # A "\0" escape in a quoted YAML string makes a NUL the raw text does not show.
    if isinstance(data, LineMapping):
        for key, value in data.items():
            key_line = data.key_lines.get(key, data.line)
            if NUL in key:
                problems.add(rel, key_line, "", "contains a NUL character")
            _check_no_nul_in_values(problems, rel, value, key_line)
    elif isinstance(data, list):
        for value in data:
            _check_no_nul_in_values(problems, rel, value, line)
    elif isinstance(data, str) and NUL in data:
        problems.add(rel, line, "", "contains a NUL character")


def read_text(problems: Problems, root: Path, path: Path) -> str | None:
    """The file's text, or None after reporting why it cannot be content."""
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(rel, None, "", "is not UTF-8 text")
        return None
    if not check_no_nul(problems, rel, text):
        return None
    return text


def read_yaml(problems: Problems, root: Path, path: Path) -> tuple[Any, bool]:
    """The parsed file and whether it parsed; YAML errors become problems."""
    text = read_text(problems, root, path)
    if text is None:
        return None, False
    return parse_yaml(problems, path.relative_to(root).as_posix(), text, line_offset=0)


def parse_yaml(problems: Problems, rel: str, text: str, *, line_offset: int) -> tuple[Any, bool]:
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None
        if mark is not None:
            line = mark.line + 1 + line_offset
        elif isinstance(error, yaml.reader.ReaderError):
            line = line_in(text, error.position) + line_offset
        reason = getattr(error, "problem", None) or getattr(error, "reason", None) or str(error)
        problems.add(rel, line, "", f"is not valid YAML: {reason}")
        return None, False
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        problems.add(rel, line + line_offset, str(key), f"field {key!r} appears twice")
    if line_offset:
        _shift_lines(data, line_offset)
    before = len(problems.items)
    _check_no_nul_in_values(problems, rel, data, None)
    return data, len(problems.items) == before


def _shift_lines(data: Any, offset: int) -> None:
    if isinstance(data, LineMapping):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, list):
        for value in data:
            _shift_lines(value, offset)


def read_list_file(problems: Problems, root: Path, path: Path) -> tuple[list[Any], bool]:
    data, parsed = read_yaml(problems, root, path)
    if not parsed:
        return [], False
    if data is None:
        return [], True
    if not isinstance(data, list):
        problems.add(path.relative_to(root).as_posix(), None, "", "must be a list of items")
        return [], False
    return data, True
