import shutil
from pathlib import Path

import pytest

from studyguide.content import load_pack
from studyguide.services import content_import

PACKS = Path(__file__).parent / "packs"
BASIC_PACK = PACKS / "basic"
DIAGRAMS = PACKS / "diagrams"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    """A writable copy of the basic fixture pack, for tests that break it."""
    target = tmp_path / "content"
    shutil.copytree(BASIC_PACK, target)
    return target


@pytest.fixture
def diagrams_dir(settings, tmp_path: Path) -> Path:
    """The fixture diagrams, where load_pack looks by default (BASE_DIR/static/diagrams)."""
    base = tmp_path / "base"
    shutil.copytree(DIAGRAMS, base / "static" / "diagrams")
    settings.BASE_DIR = base
    return base / "static" / "diagrams"


@pytest.fixture
def basic_pack():
    return load_pack(BASIC_PACK, diagrams_dir=DIAGRAMS)


@pytest.fixture
def imported(db, basic_pack):
    content_import(pack=basic_pack)
    return basic_pack
