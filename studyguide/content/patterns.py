"""The shapes names and tokens in the content take."""

import re

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACT_KEY_RE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*(?:\.[a-z0-9]+(?:[_-][a-z0-9]+)*)+$")
COLUMN_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
LESSON_FILE_RE = re.compile(r"^(\d+)-(.+)\.md$")
# Tokens a lesson body may hold; anything else between {{ }} is a typo worth reporting.
TOKEN_RE = re.compile(r"\{\{(.*?)\}\}")
FACT_TOKEN_RE = re.compile(r"\{\{fact:([^{}\s]+)\}\}")
TABLE_TOKEN_RE = re.compile(r"\{\{table:([^{}\s]+)\}\}")
DIAGRAM_RE = re.compile(r"!\[([^\]]*)\]\(diagram:([^)\s]*)\)")
