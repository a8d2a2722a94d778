"""Gettext-free message extraction and compilation, built on Babel.

Equivalent to ``makemessages`` + ``compilemessages`` for this project, without
needing GNU gettext (xgettext, msgmerge, msgfmt) on the machine.
"""

import io
import tokenize
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.utils.translation.template import templatize

PROJECT_DIR = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ("cms", "portal", "api", "search", "themes")
SKIP_DIRS = {"migrations", "tests", ".venv", "node_modules", "__pycache__"}
TEMPLATE_SUFFIXES = {".html"}

LOCALE = "zh_Hant"
DOMAIN = "django"
PROJECT = "CivicLearn"

# Same keyword set as Django's makemessages passes to xgettext.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("Translators",)


def default_roots() -> list[Path]:
    """Return the project's source roots (missing ones are skipped later)."""
    return [PROJECT_DIR / name for name in SOURCE_ROOTS]


def _source_files(roots: Iterable[Path]) -> list[Path]:
    files = []
    for root in map(Path, roots):
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            rel_parts = path.relative_to(root).parts[:-1]
            if any(part in SKIP_DIRS or part.startswith(".") for part in rel_parts):
                continue
            if path.is_file() and path.suffix in {".py", *TEMPLATE_SUFFIXES}:
                files.append(path)
    return sorted(files)


def _location(path: Path) -> str:
    try:
        return path.resolve().relative_to(PROJECT_DIR).as_posix()
    except ValueError:
        return path.as_posix()


def _python_source(path: Path) -> bytes:
    if path.suffix == ".py":
        return path.read_bytes()
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    # templatize keeps the template's indentation, which the Python tokenizer
    # rejects as inconsistent dedents; it emits one-line literals, so this is safe.
    lines = (line.lstrip() for line in source.split("\n"))
    return "\n".join(lines).encode("utf-8")


def extract_messages(roots: Iterable[Path] | None = None) -> Catalog:
    """Extract translatable messages from the project's .py and template files."""
    catalog = Catalog(locale=LOCALE, domain=DOMAIN, project=PROJECT, fuzzy=False)
    for path in _source_files(default_roots() if roots is None else roots):
        fileobj = io.BytesIO(_python_source(path))
        try:
            found = list(
                extract(
                    "python",
                    fileobj,
                    keywords=KEYWORDS,
                    comment_tags=COMMENT_TAGS,
                    options={"encoding": "utf-8"},
                    strip_comment_tags=True,
                )
            )
        except (SyntaxError, tokenize.TokenError, UnicodeDecodeError) as error:
            raise ValueError(f"Cannot extract messages from {path}: {error}") from error
        location = _location(path)
        for lineno, message, comments, context in found:
            catalog.add(
                message,
                locations=[(location, lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def po_path(locale_dir: Path, locale: str = LOCALE) -> Path:
    """Return the path of the project's .po file for a locale."""
    return Path(locale_dir) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _new_po_catalog() -> Catalog:
    return Catalog(
        locale=LOCALE,
        domain=DOMAIN,
        project=PROJECT,
        header_comment=(
            f"# Traditional Chinese (Taiwan) translations for {PROJECT}.\n"
            "# Update with `manage.py messages_extract`, then compile with\n"
            "# `manage.py messages_compile`."
        ),
        language_team="zh_Hant",
        fuzzy=False,
    )


def _write_if_changed(path: Path, content: bytes) -> bool:
    # Skipping identical writes keeps reruns from touching files in the tree.
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def update_po(locale_dir: Path, catalog: Catalog) -> Catalog:
    """Merge extracted messages into the zh_Hant .po, keeping translations."""
    path = po_path(locale_dir)
    if path.exists():
        with path.open("rb") as fh:
            po = read_po(fh, locale=LOCALE, domain=DOMAIN)
    else:
        po = _new_po_catalog()

    # Babel does not reuse obsolete (#~) entries, so revive those whose msgid is
    # back in the code before merging, as msgmerge would.
    for key, message in list(po.obsolete.items()):
        if catalog.get(message.id, context=message.context) is not None:
            del po.obsolete[key]
            po[message.id] = message

    po.update(catalog, update_creation_date=False)
    buffer = io.BytesIO()
    write_po(buffer, po, include_previous=True)
    _write_if_changed(path, buffer.getvalue())
    return po


def compile_po(po_path: Path) -> Path:
    """Compile a .po file to the .mo file beside it; return the .mo path."""
    po_path = Path(po_path)
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    mo_path = po_path.with_suffix(".mo")
    _write_if_changed(mo_path, buffer.getvalue())
    return mo_path


def compile_all(locale_paths: Iterable[Path]) -> list[Path]:
    """Compile every .po file under the given locale directories."""
    compiled = []
    for locale_dir in map(Path, locale_paths):
        if locale_dir.is_dir():
            compiled.extend(compile_po(po) for po in sorted(locale_dir.rglob("*.po")))
    return compiled


def untranslated_messages(po_path: Path, catalog: Catalog) -> list[str]:
    """List msgids of the catalog that are missing, empty or fuzzy in the .po."""
    with Path(po_path).open("rb") as fh:
        po = read_po(fh)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        found = po.get(message.id, context=message.context)
        if found is None or found.fuzzy or found.pluralizable != message.pluralizable:
            translated = False
        elif found.pluralizable:
            translated = all(found.string)
        else:
            translated = bool(found.string)
        if not translated:
            missing.append(message.id[0] if message.pluralizable else message.id)
    return missing
