import ast
from pathlib import Path

from django.contrib.auth import get_user_model

from accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "core", "studyguide", "calculators", "quizzes", "progress", "config")


def test_the_user_model_is_the_project_own():
    assert get_user_model() is User
    assert User._meta.db_table == "accounts_user"


def test_no_module_imports_django_auth_user_directly():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module == "django.contrib.auth.models"
                    and any(alias.name == "User" for alias in node.names)
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
