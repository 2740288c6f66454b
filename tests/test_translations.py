"""The catalogues: every text the pages mark is translated into Vietnamese and Indonesian, and the pages show it."""

from __future__ import annotations

import contextlib
import gettext
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import translation

import povmis
from povmis.registry.models import Stage

PACKAGE = Path(povmis.__file__).resolve().parent
LANGUAGES = ["vi", "id"]
# The options of the Makefile's `messages` target (`--ignore api --add-location file --no-wrap --no-obsolete`).
EXTRACT_OPTIONS = {"ignore_patterns": ["api"], "add_location": "file", "no_wrap": True, "no_obsolete": True}
# A named or positional %-placeholder, a str.format field, or a literal "%%" (dropped before comparing).
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[a-z]|%[a-z]|\{\w*\}")

Key = tuple[str | None, str, str]  # (context, msgid, msgid_plural)


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _entries(catalogue: polib.POFile) -> Iterator[polib.POEntry]:
    return (entry for entry in catalogue if not entry.obsolete)


def _forms(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def _placeholders(text: str) -> set[str]:
    return {found for found in PLACEHOLDER.findall(text) if found != "%%"}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[Key]:
    """What `makemessages` finds in the source today, run on a copy so the committed catalogues stay untouched."""
    copy = tmp_path_factory.mktemp("extract") / "povmis"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    with contextlib.chdir(copy), override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["vi"], verbosity=0, **EXTRACT_OPTIONS)
    return {_key(entry) for entry in _entries(polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po")))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_exactly_the_texts_the_source_marks(extracted, language):
    committed = {_key(entry) for entry in _entries(_catalogue(language))}
    missing, stale = sorted(extracted - committed, key=str), sorted(committed - extracted, key=str)
    assert (missing, stale) == ([], []), "run `make messages` and translate the new entries"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    catalogue = _catalogue(language)
    assert catalogue.metadata["Language"] == language
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    untranslated = [
        entry.msgid
        for entry in _entries(catalogue)
        if entry.fuzzy or not all(form.strip() for form in _forms(entry)) or len(_forms(entry)) != 1
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translation_keeps_the_placeholders_of_its_source(language):
    differing = [
        (entry.msgid, form)
        for entry in _entries(_catalogue(language))
        for form in _forms(entry)
        if _placeholders(form) != _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
    ]
    assert differing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_agrees_with_its_po_file(language):
    with (PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    differing = []
    for entry in _entries(_catalogue(language)):
        if entry.msgid_plural:
            for n in (1, 2, 5):
                expected = entry.msgstr_plural[compiled.plural(n)]
                found = (
                    compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    if entry.msgctxt
                    else compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                )
                if found != expected:
                    differing.append((entry.msgid, n, found, expected))
        else:
            found = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
            if found != entry.msgstr:
                differing.append((entry.msgid, None, found, entry.msgstr))
    assert differing == [], "run `make messages` (or `povmis compilemessages` in src/povmis)"


STAGE_NAMES = {
    "vi": ["Khảo sát, chấm điểm", "Họp thôn", "Niêm yết công khai", "Giải quyết khiếu nại", "Xã công nhận",
           "Huyện tổng hợp", "Tỉnh phê duyệt"],
    "en": ["Survey and scoring", "Village meeting", "Public notice", "Appeals", "Approved by the commune",
           "Consolidated by the district", "Approved by the province"],
    "id": ["Survei dan penilaian", "Musyawarah dusun", "Pengumuman publik", "Penanganan keberatan",
           "Disahkan oleh desa", "Direkap oleh kabupaten", "Disetujui oleh provinsi"],
}  # fmt: skip
# The nav's entries and the two classes a review is about.
KEY_WORDS = {
    "vi": ["Kỳ rà soát", "Hộ gia đình", "Báo cáo", "Giám sát", "Hộ nghèo", "Hộ cận nghèo"],
    "en": ["Reviews", "Households", "Reports", "Monitoring", "Poor", "Near-poor"],
    "id": ["Peninjauan", "Rumah tangga", "Laporan", "Pemantauan", "Miskin", "Hampir miskin"],
}


@pytest.mark.parametrize("language", ["vi", "en", "id"])
def test_the_stages_of_the_procedure_are_named_in_each_language(language):
    with translation.override(language):
        assert [str(label) for label in Stage.labels] == STAGE_NAMES[language]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en", "id"])
def test_the_review_pages_speak_the_language_chosen(world, language):
    client = Client()
    client.force_login(world.personas["province"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = client.get("/cycles/").text + client.get("/households/?year=2024").text
    words = {lang: [word for word in [*KEY_WORDS[lang], *STAGE_NAMES[lang]] if word in text] for lang in KEY_WORDS}
    assert words == {lang: [*KEY_WORDS[lang], *STAGE_NAMES[lang]] if lang == language else [] for lang in KEY_WORDS}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en", "id"])
def test_the_language_menu_names_each_language_in_itself(world, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    menu = client.get("/accounts/login/").text.split('name="language"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', menu) == [
        ("vi", "Tiếng Việt"), ("en", "English"), ("id", "Bahasa Indonesia"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_visitor_who_chose_no_language_reads_vietnamese(world):
    text = Client().get("/accounts/login/").text
    assert [word in text for word in ("Đăng nhập", "Mật khẩu", "Sign in", "Password")] == [True, True, False, False]
