"""The translation catalogues: complete, compiled, and used by the pages."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
SERBIAN_PO = ROOT / "thbhub" / "locale" / "sr_Latn" / "LC_MESSAGES" / "django.po"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compile_translations = _script("compile_translations")
CATALOGUES = compile_translations.catalogues()


def _language(po_path: Path) -> str:
    return po_path.parents[1].name


def test_the_serbian_catalogue_exists():
    assert SERBIAN_PO in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_language)
def test_every_entry_is_translated_and_not_fuzzy(po_path):
    catalogue = polib.pofile(str(po_path))
    assert not catalogue.metadata_is_fuzzy, "the header is marked fuzzy"
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {po_path.relative_to(ROOT)}"
    assert fuzzy == [], f"fuzzy in {po_path.relative_to(ROOT)}"
    assert len(catalogue.translated_entries()) > 0


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_language)
def test_translations_keep_their_placeholders(po_path):
    check_translations = _script("check_translations")
    broken = [
        problem
        for problem in check_translations.incomplete_entries(po_path)
        if problem.startswith("placeholders")
    ]
    assert broken == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_language)
def test_the_committed_mo_is_the_compiled_po(po_path):
    mo_path = compile_translations.mo_path_for(po_path)
    assert mo_path.exists(), "run python scripts/compile_translations.py"
    assert compile_translations.differences(po_path, mo_path) == [], (
        "run python scripts/compile_translations.py and commit the .mo"
    )


def test_serbian_has_three_plural_forms():
    catalogue = polib.pofile(str(SERBIAN_PO))
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=3;")
    with translation.override("sr-latn"):
        shown = {
            count: translation.ngettext("%(counter)s contact", "%(counter)s contacts", count)
            % {"counter": count}
            for count in (1, 2, 5, 11, 21, 24, 111)
        }
    assert shown == {
        1: "1 kontakt",
        2: "2 kontakta",
        5: "5 kontakata",
        11: "11 kontakata",
        21: "21 kontakt",
        24: "24 kontakta",
        111: "111 kontakata",
    }


def test_the_kosovo_designation_note_is_translated_faithfully():
    from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE

    with translation.override("sr-latn"):
        assert str(KOSOVO_DESIGNATION_NOTE) == (
            "* Ovaj naziv ne dovodi u pitanje stavove o statusu i u skladu je sa Rezolucijom "
            "SB UN 1244/99 i mišljenjem MSP o proglašenju nezavisnosti Kosova."
        )


def test_pages_are_in_english_by_default(client_for):
    page = client_for("rs.coordinator").get("/directory/").content.decode()
    assert '<html lang="en">' in page
    assert ">Directory<" in page
    assert "Imenik" not in page


def test_the_language_cookie_shows_serbian(client_for):
    client = client_for("rs.coordinator")
    client.cookies["thbhub_language"] = "sr-latn"

    home = client.get("/")
    assert home.status_code == 200
    page = home.content.decode()
    assert '<html lang="sr-latn">' in page
    assert ">Imenik<" in page
    assert "Dobro došli" in page
    assert "Nacionalni koordinator za borbu protiv trgovine ljudima" in page

    directory = client.get("/directory/")
    assert directory.status_code == 200
    page = directory.content.decode()
    assert ">Imenik<" in page
    assert "Spisak kontakata" in page
    assert "Rezolucijom SB UN 1244/99" in page
    assert ">Directory<" not in page


def test_accept_language_shows_serbian(client_for):
    response = client_for("rs.coordinator").get("/directory/", HTTP_ACCEPT_LANGUAGE="sr-Latn")
    page = response.content.decode()
    assert '<html lang="sr-latn">' in page
    assert ">Imenik<" in page


def test_the_login_page_is_translated_too(client_for):
    response = client_for(None).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="sr-Latn")
    page = response.content.decode()
    assert "Prijavite se na THB Hub" in page
    assert "Korisničko ime" in page


def test_the_language_switcher_changes_the_next_page(client_for):
    client = client_for("rs.coordinator")
    assert ">Directory<" in client.get("/directory/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/directory/"})
    assert response.status_code == 302
    assert response["Location"] == "/directory/"
    assert client.cookies["thbhub_language"].value == "sr-latn"

    page = client.get(response["Location"]).content.decode()
    assert ">Imenik<" in page
    assert "Spisak kontakata" in page

    client.post("/i18n/setlang/", {"language": "en", "next": "/directory/"})
    assert ">Directory<" in client.get("/directory/").content.decode()
