"""Question interchange with other quiz tools: GIFT (read and write) and Aiken (read).

- `gift`, `aiken`: pure readers (text in, question records out, with line numbers) and the
  GIFT writer (records in, text out); no database
- `checking`: the records through the content importer's question rules, at file lines
- `parsed`: the records and problems the readers give back
"""

from studyguide.interchange.aiken import parse_aiken
from studyguide.interchange.checking import check_questions
from studyguide.interchange.gift import parse_gift, write_gift
from studyguide.interchange.parsed import LineProblem, ParsedQuestion, ParseResult

READERS = {"gift": parse_gift, "aiken": parse_aiken}

__all__ = [
    "READERS",
    "LineProblem",
    "ParseResult",
    "ParsedQuestion",
    "check_questions",
    "parse_aiken",
    "parse_gift",
    "write_gift",
]
