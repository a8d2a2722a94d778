"""Editorial content asks portal/ through cms.core.people and never imports it."""

import ast
from pathlib import Path

import pytest

from cms.core import people

ROOT = Path(__file__).resolve().parents[3]
# The project-level URLconf and settings wire the two halves together.
ALLOWED = ("cms/settings/", "cms/urls.py", "cms/wsgi.py", "cms/asgi.py")


def portal_imports(source: str) -> list[str]:
    """The portal modules a source file imports, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "portal"]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == "portal"
        ):
            found.append(node.module)
    return found


def test_cms_apps_never_import_portal():
    offenders = {}
    for path in sorted((ROOT / "cms").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(ALLOWED) or "/migrations/" in relative:
            continue
        modules = portal_imports(path.read_text(encoding="utf-8"))
        if modules:
            offenders[relative] = modules
    assert offenders == {}


def test_the_import_check_finds_a_planted_import():
    planted = "def get_context(self):\n    from portal.enrolment import selectors\n"
    assert portal_imports(planted) == ["portal.enrolment"]
    assert portal_imports("import portal.accounts.access as a\n") == [
        "portal.accounts.access"
    ]
    assert portal_imports("from .models import Handout\nimport cms.core\n") == []


def test_portal_answers_every_question():
    assert people.answered() == set(people.DEFAULTS)


def test_unanswered_questions_get_the_cautious_default(monkeypatch):
    monkeypatch.setattr(people, "_answers", {})
    assert people.ask("is_institute_staff", user=object()) is False
    assert people.ask("enrolment_is_active", user=object(), course_id=1) is False
    assert people.ask("active_session_ids", user=object(), course_id=1) == set()
    assert people.ask("recommendation_list", user=object()) == []
    assert people.ask("viewer_role", user=None) == {
        "agency_pages": False,
        "licensee": False,
    }


def test_an_unknown_question_is_refused():
    with pytest.raises(KeyError):
        people.answer("is_lecturer", lambda *, user: True)
    with pytest.raises(KeyError):
        people.ask("is_lecturer", user=None)
