import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.catalog.models import CoursePage
from portal.accounts import roles
from tests.factories.catalog import make_course
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_editors_need_a_moderator_to_publish(catalog):
    course = make_course(catalog)
    editor = make_user("editor_only", roles.EDITORS)
    moderator = make_user("moderator", roles.MODERATORS)
    assert course.permissions_for_user(editor).can_edit()
    assert not course.permissions_for_user(editor).can_publish()
    assert course.permissions_for_user(moderator).can_publish()
    assert course.get_workflow() is not None


def test_editor_opens_the_course_editor_and_previews_a_course(client, catalog):
    course = make_course(catalog, title="公文寫作實務班")
    make_user("editor", roles.EDITORS, roles.MODERATORS)
    client.login(username="editor", password=PASSWORD)
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert (
        client.get(f"/admin/pages/add/catalog/coursepage/{catalog.pk}/").status_code
        == 200
    )
    preview = course.make_preview_request()
    assert preview.status_code == 200
    assert "公文寫作實務班" in preview.content.decode()


def test_scheduled_course_goes_live_when_its_time_comes(catalog):
    course = make_course(catalog, live=False, title="排程課程")
    course.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = course.save_revision()
    revision.publish()  # with a future go-live time, publishing only schedules
    assert not CoursePage.objects.get(pk=course.pk).live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    # An hour later, as the cron job sees it:
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", verbosity=0)
    assert CoursePage.objects.get(pk=course.pk).live
