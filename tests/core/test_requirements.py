import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = {"pytest", "pytest-django", "playwright", "mypy", "ruff", "hypothesis", "factory-boy"}


def _pinned(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==(\S+)", line.strip())
        if match:
            pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return pins


def test_production_requirements_hold_no_development_tools():
    production = _pinned(ROOT / "requirements.txt")
    assert "django" in production
    assert DEV_ONLY.isdisjoint(production), DEV_ONLY & production.keys()


def test_development_requirements_pin_the_tools_and_include_production():
    development = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in development.splitlines()
    assert _pinned(ROOT / "requirements-dev.txt").keys() >= DEV_ONLY


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r ")):
                assert "==" in line, f"{name}: {line} is not pinned"
