from portal.accounts.roles import LICENSEES, ORGANIZERS
from portal.licensing.models import LicenseApplicationPage
from tests.factories.authorizations import author, authorize
from tests.factories.catalog import make_course
from tests.factories.handouts import make_handout
from tests.factories.people import make_agencies, make_person
from tests.factories.users import make_user


def make_licensing_world(site_tree):
    """A licensing page, licensable and other handouts, licensees of two agencies,
    a trainee and an organizer (the reviewer)."""
    home, catalog = site_tree
    page = LicenseApplicationPage(
        title="教材授權申請",
        slug="licensing",
        terms="<p>僅限申請用途使用。</p>",
        account_request_text="<p>請來信申請機關帳號。</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    agencies = make_agencies()
    course = make_course(catalog, title="資訊安全基礎班")
    ok = make_handout(course, title="資安講義")
    ok2 = make_handout(course, title="資安案例集", name="cases.pdf")
    # Signed, but for class and the site only: not for other agencies.
    unauthorized = make_handout(course, title="未授權講義")
    # A lecturer's material with no authorization at all.
    closed = make_handout(course, title="內部講義")
    # One authorization each, so that one can be withdrawn alone.
    lecturer = authorize(ok).lecturer
    authorize(ok2, lecturer=lecturer)
    authorize(unauthorized, scopes=("class", "site"))
    author(closed)
    return {
        "page": page,
        "agencies": agencies,
        "course": course,
        "ok": ok,
        "ok2": ok2,
        "unauthorized": unauthorized,
        "closed": closed,
        "licensee": make_person("lic", agencies["edu"], LICENSEES),
        "colleague": make_person("lic2", agencies["edu"], LICENSEES),
        "other_agency": make_person("lic3", agencies["it"], LICENSEES),
        "trainee": make_person("trainee", agencies["it"]),
        "organizer": make_user("organizer", ORGANIZERS),
    }
