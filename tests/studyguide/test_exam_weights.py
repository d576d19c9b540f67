"""exam_weight in topics.yaml: validated, imported into Topic and exported back."""

from io import StringIO

import pytest
from django.core.management import call_command

from studyguide.models import Topic
from tests.studyguide.test_content import edit, problems


@pytest.mark.parametrize(
    "weight", ["0", "-1", "three", "true", "1.5", "101", '"2"'], ids=lambda w: f"weight={w}"
)
def test_exam_weight_must_be_a_whole_number_from_1_to_100(pack_dir, weight):
    edit(pack_dir, "topics.yaml", "  exam_weight: 1\n", f"  exam_weight: {weight}\n")
    assert [str(p) for p in problems(pack_dir)] == [
        "topics.yaml:8 ([1].exam_weight): must be a whole number from 1 to 100"
    ]


def test_every_topic_states_its_exam_weight(pack_dir):
    edit(pack_dir, "topics.yaml", "  exam_weight: 1\n", "")
    assert [str(p) for p in problems(pack_dir)] == [
        "topics.yaml:5 ([1].exam_weight): missing field 'exam_weight'"
    ]


@pytest.mark.django_db
def test_exam_weight_is_imported_and_exported_back(diagrams_dir, pack_dir, tmp_path):
    edit(pack_dir, "topics.yaml", "  exam_weight: 1\n", "  exam_weight: 5\n")
    call_command("import_content", str(pack_dir), stdout=StringIO())
    assert dict(Topic.objects.values_list("slug", "exam_weight")) == {"queues": 3, "scaling": 5}
    call_command("export_content", str(tmp_path / "out"), stdout=StringIO())
    exported = (tmp_path / "out" / "topics.yaml").read_text()
    assert exported == (pack_dir / "topics.yaml").read_text()
