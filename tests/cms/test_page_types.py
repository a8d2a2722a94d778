from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.catalog.models import CatalogIndexPage, CoursePage
from cms.home.models import HomePage, StandardPage
from cms.news.models import NewsIndexPage, NewsPage
from portal.licensing.models import LicenseApplicationPage
from tests.factories.catalog import make_site


class PageTypeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.catalog = make_site()

    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_takes_catalog_news_standard_and_licensing_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {CatalogIndexPage, NewsIndexPage, StandardPage, LicenseApplicationPage},
        )

    def test_the_license_application_page_has_no_children(self):
        self.assertAllowedSubpageTypes(LicenseApplicationPage, set())
        self.assertCanNotCreateAt(CatalogIndexPage, LicenseApplicationPage)

    def test_course_pages_live_only_under_the_catalog(self):
        self.assertCanCreateAt(CatalogIndexPage, CoursePage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(NewsIndexPage, CoursePage)
        self.assertCanNotCreateAt(StandardPage, CoursePage)

    def test_course_pages_have_no_children(self):
        self.assertAllowedSubpageTypes(CoursePage, set())

    def test_news_items_live_only_under_the_news_index(self):
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(CatalogIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_only_one_catalog_per_home_page(self):
        self.assertFalse(CatalogIndexPage.can_create_at(self.home))
