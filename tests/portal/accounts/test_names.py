"""One naming rule for people on every face (portal.accounts.names)."""

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from portal.accounts.names import display_name, person_label
from tests.factories.people import make_agencies, make_person, valid_national_id

pytestmark = pytest.mark.django_db


def test_a_person_is_named_by_their_profile():
    person = make_person("wang", make_agencies()["it"], name="王小明")
    assert display_name(person.user) == "王小明"


def test_a_user_without_profile_is_named_by_full_name_then_username():
    user = get_user_model().objects.create(username="editor")
    assert display_name(user) == "editor"
    user.first_name, user.last_name = "Ada", "Lovelace"
    assert display_name(user) == "Ada Lovelace"


def test_labels_to_pick_a_person_from_a_list():
    number = valid_national_id(42)
    person = make_person("lin", make_agencies()["it"], name="林", national_id=number)
    assert person_label(person) == "林（資訊局）"
    assert person_label(person, with_national_id=True) == (
        f"林（資訊局，{person.national_id_masked}）"
    )
    person.national_id_masked = ""
    assert person_label(person, with_national_id=True) == "林（資訊局，—）"


def test_templates_use_the_same_rule():
    person = make_person("chen", make_agencies()["it"], name="陳")
    template = Template("{% load people_tags %}[{{ user|display_name }}]")
    assert template.render(Context({"user": person.user})) == "[陳]"
    assert template.render(Context({"user": None})) == "[]"
