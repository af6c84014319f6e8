"""English and French ship complete: every catalogue translated, placeholders intact, compiled.

CI refreshes the catalogues from the code (makemessages) before the tests, so a string added
without its French translation fails here.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "var", "static", ".git"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}|</?\w+[^>]*>")


def catalogues():
    return sorted(
        path
        for path in ROOT.rglob("locale/fr/LC_MESSAGES/*.po")
        if not SKIP.intersection(path.relative_to(ROOT).parts)
    )


def test_there_is_a_french_catalogue():
    assert ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po" in catalogues()


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"
    for entry in po.translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in translations:
            found = PLACEHOLDER.findall(text)
            assert sorted(set(found)) == sorted(set(expected)) or entry.msgid_plural, (
                f"placeholders differ in {path}: {entry.msgid!r} -> {text!r}"
            )
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is not compiled"
    compiled = {(e.msgctxt, e.msgid) for e in polib.mofile(str(mo_path))}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"{mo_path} is older than its .po"


def test_one_translation_per_string_across_apps():
    """Django merges every app's catalogue into one: a string translated two ways by two apps
    gets whichever app comes first, so the other app shows the wrong word (a test's "published"
    checkbox read "publiée le", an announcement's date). Words whose sense differs by tool
    carry a context (pgettext: "verb", "lesson", "date"...)."""
    seen: dict[tuple, dict[str, str]] = {}
    for path in catalogues():
        app = str(path.relative_to(ROOT).parts[0])
        for entry in polib.pofile(str(path)).translated_entries():
            text = str(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
            seen.setdefault((entry.msgctxt, entry.msgid), {})[app] = text
    clashes = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not clashes, f"{len(clashes)} translated two ways: {list(clashes.items())[:5]}"
