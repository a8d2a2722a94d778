"""Translations are complete and compiled, using the gettext-free Babel tooling."""

import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings

from cms.core import i18n

HOW_TO_FIX = (
    "Run `manage.py messages_extract`, translate the entries in {po}, "
    "then run `manage.py messages_compile`."
)


@pytest.fixture(scope="module")
def extracted():
    return i18n.extract_messages(i18n.default_roots())


@pytest.fixture(scope="module")
def po_file():
    path = i18n.po_path(settings.LOCALE_PATHS[0])
    assert path.exists(), HOW_TO_FIX.format(po=path)
    return path


def _locations(catalog, msgid, context=None):
    message = catalog.get(msgid, context=context)
    assert message is not None, f"{msgid!r} was not extracted"
    return {filename for filename, _lineno in message.locations}


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _compiled(mo_path):
    with Path(mo_path).open("rb") as fh:
        mo = read_mo(fh)
    return {(_hashable(m.id), m.context): _hashable(m.string) for m in mo if m.id}


def test_every_message_is_translated(extracted, po_file):
    missing = i18n.untranslated_messages(po_file, extracted)
    assert not missing, (
        f"{len(missing)} message(s) untranslated or fuzzy in {po_file}:\n  "
        + "\n  ".join(missing)
        + "\n"
        + HOW_TO_FIX.format(po=po_file)
    )


def test_translations_keep_placeholders(po_file):
    with po_file.open("rb") as fh:
        po = read_po(fh)
    problems = [f"{m.id!r}: {'; '.join(map(str, errors))}" for m, errors in po.check()]
    assert not problems, "\n".join(problems)


def test_compiled_mo_is_up_to_date(po_file, tmp_path):
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists(), "Run `manage.py messages_compile`."
    fresh_po = tmp_path / po_file.name
    shutil.copy(po_file, fresh_po)
    fresh_mo = i18n.compile_po(fresh_po)
    assert _compiled(mo_file) == _compiled(fresh_mo), (
        f"{mo_file} is stale; run `manage.py messages_compile`."
    )


def test_extracts_template_string(extracted):
    assert "themes/templates/base.html" in _locations(extracted, "Skip to main content")


def test_extracts_template_plural(extracted):
    message = extracted.get("%(counter)s course")
    assert message is not None
    assert message.id == ("%(counter)s course", "%(counter)s courses")
    assert "themes/templates/catalog/catalog_index_page.html" in _locations(
        extracted, message.id
    )


def test_extracts_gettext_lazy_from_python(extracted):
    assert "cms/catalog/wagtail_hooks.py" in _locations(extracted, "Sessions")


@pytest.fixture
def sample_root(tmp_path):
    root = tmp_path / "app"
    (root / "templates").mkdir(parents=True)
    (root / "views.py").write_text(
        "from django.utils.translation import gettext_lazy as _, "
        "npgettext, pgettext_lazy\n"
        "TITLE = _('Handout')\n"
        "MONTH = pgettext_lazy('calendar', 'May')\n"
        "def n(c):\n"
        "    return npgettext('seats', '%(n)s seat', '%(n)s seats', c)\n",
        encoding="utf-8",
    )
    (root / "templates" / "page.html").write_text(
        "{% load i18n %}\n<div>\n    <p>{% translate 'Venue' context 'room' %}</p>\n"
        "  {% blocktranslate trimmed count n=2 %}\n    {{ n }} hour\n"
        "  {% plural %}\n    {{ n }} hours\n  {% endblocktranslate %}\n</div>\n",
        encoding="utf-8",
    )
    for skipped in ("migrations", "tests"):
        (root / skipped).mkdir()
        (root / skipped / "x.py").write_text("_('Skipped')\n", encoding="utf-8")
    return root


def test_extracts_contexts_and_plurals(sample_root):
    catalog = i18n.extract_messages([sample_root, sample_root / "missing"])
    found = {(m.id, m.context) for m in catalog if m.id}
    assert found == {
        ("Handout", None),
        ("May", "calendar"),
        (("%(n)s seat", "%(n)s seats"), "seats"),
        ("Venue", "room"),
        (("%(n)s hour", "%(n)s hours"), None),
    }


def test_update_po_keeps_translations_and_marks_obsolete(sample_root, tmp_path):
    locale_dir = tmp_path / "locale"
    catalog = i18n.extract_messages([sample_root])
    i18n.update_po(locale_dir, catalog)
    po_file = i18n.po_path(locale_dir)
    header = po_file.read_text(encoding="utf-8")
    assert "Language: zh_Hant" in header
    assert "Plural-Forms: nplurals=1; plural=0;" in header
    assert len(i18n.untranslated_messages(po_file, catalog)) == 5

    with po_file.open("rb") as fh:
        po = read_po(fh)
    po.get("Handout").string = "講義"
    po.get("%(n)s hour").string = ("%(n)s 小時",)
    with po_file.open("wb") as fh:
        write_po(fh, po)

    (sample_root / "views.py").write_text("_('Session')\n", encoding="utf-8")
    merged = i18n.update_po(locale_dir, i18n.extract_messages([sample_root]))
    assert merged.get("%(n)s hour").string == ("%(n)s 小時",)
    assert "Handout" in merged.obsolete

    # A msgid that comes back gets its old translation, not a blank entry.
    (sample_root / "views.py").write_text("_('Handout')\n", encoding="utf-8")
    catalog = i18n.extract_messages([sample_root])
    revived = i18n.update_po(locale_dir, catalog)
    assert revived.get("Handout").string == "講義"
    assert "Handout" not in revived.obsolete
    assert i18n.untranslated_messages(po_file, catalog) == ["Venue"]


def test_compile_all_writes_mo_beside_each_po(sample_root, tmp_path):
    locale_dir = tmp_path / "locale"
    i18n.update_po(locale_dir, i18n.extract_messages([sample_root]))
    compiled = i18n.compile_all([locale_dir, tmp_path / "absent"])
    assert compiled == [i18n.po_path(locale_dir).with_suffix(".mo")]
    assert compiled[0].stat().st_size > 0
