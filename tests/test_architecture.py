"""The layering rules of docs/architecture.md hold, and the checker catches breaks."""

import pytest

from tests import architecture
from tests.architecture import Violation, violations

pytestmark = pytest.mark.django_db(databases=[])


@pytest.fixture(scope="module")
def tree():
    return architecture.project_sources()


@pytest.fixture(scope="module")
def personal():
    return architecture.personal_models()


def test_the_tree_keeps_every_layering_rule(tree, personal):
    assert [str(v) for v in violations(tree, personal)] == []


def test_personal_models_are_found_through_their_links_to_people(personal):
    assert {"Person", "Enrolment", "TrainingRecord", "LicenseApplication"} <= personal
    assert (
        not {"Session", "CoursePage", "Agency", "Venue", "Vote", "Questionnaire"}
        & personal
    )


def plant(tree, module, code):
    planted = dict(tree)
    planted[module] = planted.get(module, "") + "\n" + code + "\n"
    return planted


def rules(found):
    return {(v.rule, v.module) for v in found}


@pytest.fixture(scope="module")
def before(tree, personal):
    return set(violations(tree, personal))


def test_a_planted_cms_import_of_portal_is_caught(tree, personal, before):
    planted = plant(
        tree,
        "cms.catalog.models",
        "def helper():\n    from portal.enrolment import models\n",
    )
    assert ("cms-imports-portal", "cms.catalog.models") in rules(
        set(violations(planted, personal)) - before
    )


def test_a_model_importing_a_service_is_caught_but_a_page_face_may(
    tree, personal, before
):
    planted = plant(tree, "cms.news.models", "from cms.news import selectors as s\n")
    assert ("model-imports-face", "cms.news.models") in rules(
        set(violations(planted, personal)) - before
    )
    page_face = (
        "class Planted:\n"
        "    def get_context(self, request):\n"
        "        from cms.catalog import selectors\n"
    )
    found = set(violations(plant(tree, "cms.news.models", page_face), personal))
    assert ("model-imports-face", "cms.news.models") not in rules(found - before)


def test_a_selector_importing_a_service_or_taking_a_request_is_caught(
    tree, personal, before
):
    planted = plant(
        tree,
        "portal.records.selectors",
        "def planted_list(*, request):\n    from . import services\n",
    )
    found = rules(set(violations(planted, personal)) - before)
    assert ("selector-imports-service", "portal.records.selectors") in found
    assert ("selector-takes-request", "portal.records.selectors") in found


@pytest.mark.parametrize(
    "code",
    [
        "def v(request):\n    return Enrolment.objects.all()\n",
        "def v(request, e):\n    return type(e).objects.filter(pk=e.pk)\n",
        "def v(request, pk):\n    return get_object_or_404(Person, pk=pk)\n",
        "def v(request):\n    return models.TrainingRecord._default_manager.all()\n",
    ],
)
def test_a_face_querying_personal_data_is_caught(tree, personal, before, code):
    planted = plant(tree, "api.views.catalog", code)
    assert ("face-queries-personal-data", "api.views.catalog") in rules(
        set(violations(planted, personal)) - before
    )


def test_a_face_may_query_content(tree, personal, before):
    planted = plant(
        tree, "api.views.catalog", "def v(request):\n    return Venue.objects.all()\n"
    )
    assert ("face-queries-personal-data", "api.views.catalog") not in rules(
        set(violations(planted, personal)) - before
    )


def test_a_planted_cycle_is_caught(tree, personal, before):
    planted = plant(tree, "portal.records.models", "from portal.records import tasks\n")
    planted["portal.records.tasks"] = "from portal.records.models import X\n"
    found = set(violations(planted, personal)) - before
    cycles = [v for v in found if v.rule == "cycle"]
    assert any("portal.records.models" in v.detail for v in cycles)


def test_nothing_but_tests_imports_the_demo(tree, personal, before):
    planted = plant(
        tree, "portal.accounts.services", "from portal.demo import people\n"
    )
    assert ("demo-is-imported", "portal.accounts.services") in rules(
        set(violations(planted, personal)) - before
    )


def test_type_checking_imports_do_not_count():
    sources = {
        "portal": "",
        "portal.a": "",
        "portal.a.models": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from portal.a import services\n"
        ),
        "portal.a.services": "from portal.a import models\n",
    }
    assert violations(sources, set()) == []


def test_relative_imports_resolve_to_modules():
    sources = {
        "portal": "",
        "portal.a": "",
        "portal.a.selectors": "from . import services\nfrom .models import X\n",
        "portal.a.services": "",
        "portal.a.models": "",
    }
    assert violations(sources, set()) == [
        Violation("selector-imports-service", "portal.a.selectors", "portal.a.services")
    ]
