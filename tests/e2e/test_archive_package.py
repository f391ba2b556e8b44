"""The secretariat sets the round's case number, makes the archive package and downloads it."""
from __future__ import annotations

import csv
import io
import zipfile

import pytest
from playwright.sync_api import expect

from app.reports import noark, pdfa
from tests.e2e.conftest import SECRETARIAT
from tests.e2e.test_pages_accessible import axe_violations, describe

pytestmark = pytest.mark.e2e


def test_the_secretariat_makes_and_downloads_the_archive_package(open_page, live_server, rounds):
    page = open_page(SECRETARIAT)
    page.goto(live_server.path("round.reports.archive", slug=rounds["demo"]["slug"]))
    expect(page.get_by_text("Høringen har ikke saksnummer og arkivreferanse ennå. Lagre dem under")).to_be_visible()
    expect(page.get_by_role("button", name="Lag arkivpakke")).to_have_count(0)
    page.get_by_role("textbox", name="Saksnummer").fill("2019/245")
    page.get_by_role("textbox", name="Arkivreferanse").fill("026 &13")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Saksnummer og arkivreferanse er lagret.")).to_be_visible()
    # The tests' task queue runs the build inside the request; a worker would run it beside the server
    page.get_by_role("button", name="Lag arkivpakke").click(timeout=120_000)
    download_link = page.get_by_role("link", name="Last ned arkivpakken (zip)")
    expect(download_link).to_be_visible(timeout=120_000)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    with page.expect_download() as download:
        download_link.click()
    package = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    noark.validate(package.read("arkivstruktur.xml"))
    rows = list(csv.DictReader(io.StringIO(package.read("journal.csv").decode("utf-8-sig")), delimiter=";"))
    assert {r["journalposttype"] for r in rows} == {"I", "U", "N", "X"}
    assert all(pdfa.pdfa_identification(package.read(r["pdfa_fil"])) == ("2", "B") for r in rows)
