"""The content folder (see content/README.md) as files: read, check and write.

- `yaml_lines`: YAML that keeps the line of every mapping and key, exact decimals
- `fields`: typed reading of one mapping, checked against the database columns
- `loading`: `load_pack`, the whole folder: topics, facts, tables and cross-checks
- `lessons`, `questions`: lesson files and questions.yaml, with their own rules
- `writing`: `dump_pack`, the pack back to files in one canonical style
- `problems`: `ContentProblem` (file, line, field, message) and `ContentError`
- `patterns`: the shapes of slugs, keys and lesson tokens (also used when rendering)
"""

from studyguide.content.loading import load_pack
from studyguide.content.problems import ContentError, ContentProblem
from studyguide.content.writing import dump_pack

__all__ = ["ContentError", "ContentProblem", "dump_pack", "load_pack"]
