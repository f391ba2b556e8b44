"""The archive package: the demo round as a Noark 5 case folder, every document also as PDF/A-2b.

LibreOffice takes a second or two a call, so the demo archive is built once for the module (by
`flask report archive`, which runs the same job as the page's button) and the tests read it.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections import Counter
from datetime import UTC
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader
from sqlalchemy import select

from app import create_app
from app.config import TestConfig
from app.extensions import db as _db
from app.models import ArchiveRun, Consultation, ExtensionStatus, ResponseStatus, RunStatus, User
from app.timeutil import to_local, utcnow
from tests.conftest import RequestClient
from tests.pdfs import make_pdf

NS = {"n": "http://www.arkivverket.no/standarder/noark5/arkivstruktur"}
SHARED_SCHEMA = Path("/work/shared/reference/noark5/arkivstruktur.xsd")
APP_SCHEMA = Path(__file__).parents[2] / "app/reports/noark5/arkivstruktur.xsd"
DEMO_PASSWORD = "demo-passord-2030"
SECRET = "Ola Nordmann på Rjukan"


def _demo_package(folder: Path, *, published: bool = False):
    """The demo round with a PDF attachment and a withheld passage (published if asked), its package built by the
    command: (app, round, zip, the command's output). The caller removes the database."""
    from app.consultations import services as consultations
    from app.demo import ROUND_SLUG
    from app.publication import redaction
    from app.responses import attachments, submission
    from tests.factories import complete_input

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = TestConfig.database_url(f"sqlite:///{folder / 'test.sqlite'}")
    config.MAIL_OUTBOX_DIR = folder / "outbox"
    app = create_app(config)
    app.test_client_class = RequestClient  # as tests/conftest.py's app: each request in a context of its own
    with app.app_context():
        _db.create_all()
        runner = app.test_cli_runner()
        assert runner.invoke(args=["demo", "load"]).exit_code == 0
        consultation = _db.session.scalar(select(Consultation).where(Consultation.slug == ROUND_SLUG))
        consultation.case_number, consultation.archive_reference = "2019/245", "026 &13"
        kongsberg = next(i for i in consultation.invitations if i.consultee.name == "Kongsberg kommune")
        attachments.add(kongsberg, filename="vedtak.pdf", data=make_pdf(), max_bytes=10_000, now=utcnow())
        submission.submit(kongsberg, complete_input(consultation, f"Vi nevner {SECRET} her."),
                          expected_version=submission.version_of(kongsberg), submission_key="arkiv", now=utcnow(),
                          via="link")
        response = next(r for r in consultation.responses if r.consultee_id == kongsberg.consultee_id)
        redaction.add_passage(response, SECRET, "Personopplysninger", None, utcnow())
        redaction.withhold_attachment(response, response.attachments[0], "Taushetsplikt", None, utcnow(),
                                      basis="business")
        if published:
            for step in (consultations.close_consultation, consultations.mark_reported,
                         consultations.publish_consultation):
                step(consultation, utcnow())
        _db.session.commit()
        output = folder / "arkiv.zip"
        result = runner.invoke(args=["report", "archive", "--round", ROUND_SLUG, "-o", str(output)])
        assert result.exit_code == 0, result.output
        yield app, consultation, zipfile.ZipFile(io.BytesIO(output.read_bytes())), result.output
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo round with a PDF attachment and a withheld passage, and its package built once."""
    yield from _demo_package(tmp_path_factory.mktemp("archive"))


@pytest.fixture(scope="module")
def journal(built):
    _, _, archive, _ = built
    return etree.fromstring(archive.read("arkivstruktur.xml"))


def _posts(journal):
    return journal.findall(".//n:registrering", NS)


def _text(element, name: str) -> str:
    return element.findtext(f"n:{name}", namespaces=NS)


def test_the_cli_builds_the_package_as_a_job_and_prints_its_progress(built):
    app, consultation, archive, output = built
    assert "Lager PDF/A-versjoner" in output and "100% Ferdig" in output
    run = _db.session.scalar(select(ArchiveRun))
    assert run.status is RunStatus.DONE and run.zip and run.entries == len(_posts(etree.fromstring(
        archive.read("arkivstruktur.xml"))))


def test_every_document_of_the_round_has_its_journal_entry(built, journal):
    _, consultation, _, _ = built
    name = {i.consultee_id: i.consultee.name for i in consultation.invitations}
    expected = Counter()
    for draft in consultation.drafts:
        expected["Utgående dokument", f"Høringsutkast versjon {draft.version}: {consultation.title}"] += 1
    for invitation in consultation.invitations:
        assert invitation.sent_at is not None
        expected["Utgående dokument", f"Invitasjon til høring: {consultation.title} – {name[invitation.consultee_id]}"] += 1
        for request in invitation.extension_requests:
            expected["Inngående dokument", f"Søknad om utsatt høringsfrist fra {name[invitation.consultee_id]}"] += 1
            if request.status is not ExtensionStatus.PENDING:
                expected["Utgående dokument",
                         f"Svar på søknad om utsatt høringsfrist til {name[invitation.consultee_id]}"] += 1
    for response in consultation.responses:
        if response.status is ResponseStatus.SUBMITTED:
            for version in response.versions:
                expected["Inngående dokument",
                         f"Høringssvar fra {name[response.consultee_id]}, versjon {version.number}"] += 1
    headings = {_minutes_heading(meeting) for meeting in consultation.meetings}
    for heading in headings:
        expected["Organinternt dokument uten oppfølging", heading] += 1
    # a passage is withheld: the internal edition, screened (the round is not published: no public one yet)
    expected["Organinternt dokument for oppfølging",
             f"Oppsummering av høringen: {consultation.title} (intern utgave)"] += 1
    found = Counter()
    for post in _posts(journal):
        kind, title = _text(post, "journalposttype"), _text(post, "tittel")
        if kind == "Organinternt dokument uten oppfølging":  # «Referat: møte med …, Tinghuset, 25.11.2026»
            title = next(h for h in headings if title.startswith(f"{h}, "))
        found[kind, title] += 1
    assert found == expected
    assert len(consultation.meetings) >= 2 and any(k[1].startswith("Svar på søknad") for k in expected)
    versions = sum(len(r.versions) for r in consultation.responses if r.status is ResponseStatus.SUBMITTED)
    assert versions > len([r for r in consultation.responses if r.status is ResponseStatus.SUBMITTED])


def _minutes_heading(meeting) -> str:
    """What the report calls a meeting's minutes: «Referat: møte med Kongsberg kommune (kommunestyret)»."""
    if meeting.consultee is None:
        return f"Referat: fellesmøte i {meeting.arena.lower()}"
    return f"Referat: møte med {meeting.consultee.name} ({meeting.arena.lower()})"


def test_the_case_folder_carries_the_case_number_and_archive_reference(journal):
    folder = journal.find(".//n:mappe", NS)
    assert _text(folder, "mappeID") == "2019/245"
    assert (_text(folder, "saksaar"), _text(folder, "sakssekvensnummer")) == ("2019", "245")
    assert journal.findtext(".//n:klasse/n:klasseID", namespaces=NS) == "026 &13"
    numbers = [_text(p, "registreringsID") for p in _posts(journal)]
    assert numbers == [f"2019/245-{n}" for n in range(1, len(numbers) + 1)]


def test_the_package_validates_against_the_national_archives_schema(built):
    _, _, archive, _ = built
    schema = etree.XMLSchema(etree.parse(str(SHARED_SCHEMA if SHARED_SCHEMA.exists() else APP_SCHEMA)))
    document = etree.fromstring(archive.read("arkivstruktur.xml"))
    assert schema.validate(document), schema.error_log
    assert archive.read("arkivstruktur.xsd") == APP_SCHEMA.read_bytes()


def test_every_file_matches_its_checksum_and_size(built, journal):
    _, _, archive, _ = built
    objects = journal.findall(".//n:dokumentobjekt", NS)
    assert objects
    for element in objects:
        data = archive.read(_text(element, "referanseDokumentfil"))
        assert _text(element, "sjekksumAlgoritme") == "SHA256"
        assert _text(element, "sjekksum") == hashlib.sha256(data).hexdigest()
        assert int(_text(element, "filstoerrelse")) == len(data)


def test_every_document_has_a_pdfa_2b_copy(built, journal):
    _, _, archive, _ = built
    for description in journal.findall(".//n:dokumentbeskrivelse", NS):
        variants = {_text(o, "variantformat"): o for o in description.findall("n:dokumentobjekt", NS)}
        assert set(variants) == {"Produksjonsformat", "Arkivformat"}
        archival = variants["Arkivformat"]
        assert _text(archival, "format") == "fmt/477"
        pdf = archive.read(_text(archival, "referanseDokumentfil"))
        xmp = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert re.search(r"<pdfaid:part>2</pdfaid:part>|pdfaid:part=\"2\"", xmp), xmp
        assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>|pdfaid:conformance=\"B\"", xmp), xmp


def test_the_attachment_is_kept_as_sent_and_as_pdfa(built, journal):
    _, _, archive, _ = built
    attached = [d for d in journal.findall(".//n:dokumentbeskrivelse", NS)
                if _text(d, "tilknyttetRegistreringSom") == "Vedlegg"]
    assert [_text(d, "tittel") for d in attached] == ["vedtak.pdf"]
    assert attached[0].findtext("n:skjerming/n:skjermingDokument", namespaces=NS) == "Hele"
    assert attached[0].findtext("n:skjerming/n:skjermingshjemmel", namespaces=NS) == "Offl. § 13 jf. fvl. § 13 første ledd nr. 1; Offl. § 13 jf. fvl. § 13 første ledd nr. 2"
    original = attached[0].find("n:dokumentobjekt", NS)
    assert _text(original, "format") == "fmt/276" and archive.read(_text(original, "referanseDokumentfil")) == make_pdf()


def test_a_withheld_response_has_its_access_code_and_legal_basis(built, journal):
    _, consultation, archive, _ = built
    withheld = [p for p in _posts(journal) if p.find("n:skjerming", NS) is not None]
    responses = [p for p in withheld if "Kongsberg kommune" in _text(p, "tittel")]
    # the internal summary quotes the withheld passage as it was written: screened on the passage's basis
    (summary,) = [p for p in withheld if p not in responses]
    assert _text(summary, "tittel").startswith("Oppsummering av høringen")
    assert _text(summary.find("n:skjerming", NS), "skjermingshjemmel") == "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"
    versions = sum(len(r.versions) for r in consultation.responses if r.consultee.name == "Kongsberg kommune")
    assert len(responses) == versions
    for post in responses:
        access = post.find("n:skjerming", NS)
        assert _text(access, "tilgangsrestriksjon") == "13"
        # the bases the secretariat chose: personal matters for the passage, business matters for the attachment
        assert _text(access, "skjermingshjemmel") == "Offl. § 13 jf. fvl. § 13 første ledd nr. 1; Offl. § 13 jf. fvl. § 13 første ledd nr. 2"
        assert _text(access, "skjermingDokument") == "Delvis"
    rows = list(csv.DictReader(io.StringIO(archive.read("journal.csv").decode("utf-8-sig")), delimiter=";"))
    kongsberg = [r for r in rows if "Kongsberg kommune" in r["tittel"] and r["journalposttype"] == "I"]
    assert kongsberg and {r["skjermingshjemmel"] for r in kongsberg} == {"Offl. § 13 jf. fvl. § 13 første ledd nr. 1; Offl. § 13 jf. fvl. § 13 første ledd nr. 2"}
    # each reason beside its basis: the passage's (personal matters) first, then the attachment's (business)
    assert {r["unntaksgrunn"] for r in kongsberg} == {"Personopplysninger; Taushetsplikt"}
    summary_rows = [r for r in rows if r["tittel"].startswith("Oppsummering")]
    assert {r["tilgangskode"] for r in summary_rows} == {"13"} and {r["unntaksgrunn"] for r in summary_rows} == {"Personopplysninger"}


def test_the_csv_lists_every_document_with_its_files(built, journal):
    _, _, archive, _ = built
    rows = list(csv.DictReader(io.StringIO(archive.read("journal.csv").decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(journal.findall(".//n:dokumentbeskrivelse", NS))
    for row in rows:
        assert hashlib.sha256(archive.read(row["fil"])).hexdigest() == row["sha256"]
        assert hashlib.sha256(archive.read(row["pdfa_fil"])).hexdigest() == row["pdfa_sha256"]
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())


def _client(app, email: str | None):
    client = app.test_client()
    if email:
        response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302
    return client


def test_the_secretariat_downloads_the_stored_package_while_it_is_up_to_date(built):
    app, consultation, archive, _ = built
    client = _client(app, "sekretariat@demo.kongsbergregionen.no")
    page = client.get(f"/consultations/{consultation.slug}/archive")
    assert page.status_code == 200 and "Last ned arkivpakken (zip)" in page.get_data(as_text=True)
    download = client.get(f"/consultations/{consultation.slug}/archive.zip")
    assert download.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(download.data)).read("arkivstruktur.xml") == archive.read("arkivstruktur.xml")
    consultation.archive_reference = "026 &14"
    _db.session.commit()
    try:
        stale = client.get(f"/consultations/{consultation.slug}/archive.zip")
        assert stale.status_code == 302 and stale.location.endswith(f"/consultations/{consultation.slug}/archive")
    finally:
        consultation.archive_reference = "026 &13"
        _db.session.commit()


@pytest.mark.parametrize("email", ["radet@demo.kongsbergregionen.no", "tinn@demo.kongsbergregionen.no", None])
def test_only_the_secretariat_and_the_records_office_may_start_see_or_download_the_package(built, email):
    app, consultation, _, _ = built
    client = _client(app, email)
    runs_before = len(_db.session.scalars(select(ArchiveRun)).all())
    for method, url in (("get", "archive"), ("get", "archive/status"), ("get", "archive.zip"), ("post", "archive")):
        status = getattr(client, method)(f"/consultations/{consultation.slug}/{url}").status_code
        assert status in ((403, 404) if email else (302,)), (url, status)
    assert len(_db.session.scalars(select(ArchiveRun)).all()) == runs_before


def test_the_records_office_files_the_round_and_nothing_else(built):
    app, consultation, archive, _ = built
    client = _client(app, "arkiv@demo.kongsbergregionen.no")
    slug = consultation.slug
    page = client.get(f"/consultations/{slug}").get_data(as_text=True)
    assert f"/consultations/{slug}/archive" in page  # its tab on the round's page
    for path in ("report", "overview", "meetings", "responses", "analysis", "invitations", "edit"):
        assert f'href="/consultations/{slug}/{path}"' not in page, path  # no way to a page it may not see
        assert client.get(f"/consultations/{slug}/{path}").status_code == 403, path
    assert "Rapport</a>" not in client.get(f"/consultations/{slug}/archive").get_data(as_text=True)
    download = client.get(f"/consultations/{slug}/archive.zip")
    assert download.status_code == 200 and download.data.startswith(b"PK")
    saved = client.post(f"/consultations/{slug}/archive/case", data={"case_number": "2019/245",
                                                                     "archive_reference": "026 &13"})
    assert saved.status_code == 302  # the same numbers: the package stays as it is


def test_another_regions_secretariat_does_not_find_the_package(built):
    from app.auth.services import create_user
    from app.models import Region, Role

    app, consultation, _, _ = built
    other = Region(name="Naboregionen", slug="naboregionen-arkiv")
    _db.session.add(other)
    create_user(email="nabo@example.no", name="Nabo", password=DEMO_PASSWORD, role=Role.SECRETARIAT, region=other)
    _db.session.commit()
    client = _client(app, "nabo@example.no")
    for url in ("archive", "archive.zip", "archive/status"):
        assert client.get(f"/consultations/{consultation.slug}/{url}").status_code == 404
    assert client.post(f"/consultations/{consultation.slug}/archive").status_code == 404


@pytest.mark.parametrize("cap", ["ARCHIVE_MAX_DOCUMENTS", "ARCHIVE_MAX_BYTES"])
def test_a_package_over_the_caps_is_refused_before_any_work(built, cap):
    from app.reports.records import count_documents

    app, consultation, _, _ = built
    documents, stored = count_documents(consultation)
    before = app.config[cap]
    app.config[cap] = (documents if cap == "ARCHIVE_MAX_DOCUMENTS" else stored) - 1
    client = _client(app, "sekretariat@demo.kongsbergregionen.no")
    runs_before = len(_db.session.scalars(select(ArchiveRun)).all())
    try:
        response = client.post(f"/consultations/{consultation.slug}/archive", follow_redirects=True)
    finally:
        app.config[cap] = before
    text = response.get_data(as_text=True)
    assert "Arkivpakken ville" in text
    assert len(_db.session.scalars(select(ArchiveRun)).all()) == runs_before


def test_the_default_caps_hold_the_demo_round(built):
    from app.reports.records import count_documents

    app, consultation, _, _ = built
    documents, stored = count_documents(consultation)
    assert documents <= app.config["ARCHIVE_MAX_DOCUMENTS"] == 1000
    assert stored <= app.config["ARCHIVE_MAX_BYTES"] == 200 * 1024 * 1024


def test_a_pdf_without_a_pdfa_claim_is_told_apart():
    from app.reports.pdfa import pdfa_identification

    assert pdfa_identification(make_pdf()) is None
    assert pdfa_identification(b"not a pdf") is None


def test_the_caps_hold_at_the_edge_and_the_build_stops_at_the_byte_cap(built):
    from app.reports.archive import ArchiveRefused, Limits, build_package, check_limits
    from app.reports.records import count_documents

    _, consultation, _, _ = built
    documents, stored = count_documents(consultation)
    check_limits(consultation, Limits(documents=documents, bytes=stored))
    with pytest.raises(ArchiveRefused):
        check_limits(consultation, Limits(documents=documents - 1, bytes=stored))
    # The stored files fit, the Word documents made from the answers do not: refused before LibreOffice runs
    with pytest.raises(ArchiveRefused, match="større enn"):
        build_package(consultation, utcnow(), Limits(documents=documents, bytes=stored + 1), made_by="Test")


def test_a_granted_extensions_decision_letter_names_the_new_deadline(db, demo):
    import docx as python_docx

    from app.reports import records
    from app.timeutil import utcnow

    demo.case_number, demo.archive_reference = "2031/7", "026"
    entries = records.plan(demo, utcnow()).entries
    decisions = [e for e in entries if e.key.startswith("decision:")]
    assert decisions
    for entry in decisions:
        document = python_docx.Document(io.BytesIO(entry.documents[0].render()))
        text = " ".join([p.text for p in document.paragraphs] + [c.text for t in document.tables
                                                                   for row in t.rows for c in row.cells])
        granted = "Innvilget" in text
        assert ("Ny frist" in text) is granted and ("Ønsket frist" in text) is not granted


def test_every_word_file_of_the_package_has_true_properties(built, journal):
    """Title, the region as author, the round's language, and the time of what it records: never
    python-docx's template (created 2013 by «python-docx»)."""
    import docx as python_docx

    _, consultation, archive, _ = built
    times = {}
    for post in _posts(journal):
        for document in post.findall(".//n:dokumentbeskrivelse", NS):
            path = document.findtext(".//n:referanseDokumentfil", namespaces=NS)
            times[path] = _text(post, "opprettetDato")
    opened = 0
    for name in archive.namelist():
        if not (name.startswith("dokumenter/") and name.endswith(".docx")) or "utkast-v" in name:
            continue  # an uploaded draft is kept as it came
        properties = python_docx.Document(io.BytesIO(archive.read(name))).core_properties
        assert properties.title and consultation.region.name in properties.author, name
        assert properties.language == "nb-NO" and properties.created.year >= 2026, (name, properties.created)
        assert properties.created == properties.modified
        opened += 1
    assert opened >= 10


def test_each_reason_stands_beside_its_legal_basis():
    from app.models import Redaction
    from app.reports.records import _access

    access = _access([Redaction(passage="x", reason="Forretningshemmelighet", basis="business"),
                      Redaction(passage="y", reason="Anbud", basis="business"),
                      Redaction(passage="z", reason="test", basis="personal")])
    assert access.basis == "Offl. § 13 jf. fvl. § 13 første ledd nr. 1; Offl. § 13 jf. fvl. § 13 første ledd nr. 2"
    assert access.reasons == ("test", "Anbud", "Forretningshemmelighet")
    assert _access([]) is None


def test_each_entry_is_journaled_on_its_own_date_and_its_files_are_named_in_norwegian(built, journal):
    import docx as python_docx

    _, _, archive, _ = built
    posts = _posts(journal)
    for post in posts:
        assert _text(post, "journaldato") == _text(post, "dokumentetsDato")
    titles = [_text(p, "tittel") for p in posts]
    requests = [i for i, t in enumerate(titles) if t.startswith("Søknad om utsatt høringsfrist")]
    decisions = [i for i, t in enumerate(titles) if t.startswith("Svar på søknad om utsatt høringsfrist")]
    assert requests and decisions and min(requests) < min(decisions)  # a request before the decision on it
    names = [n for n in archive.namelist() if n.startswith("dokumenter/")]
    assert not any(word in n for n in names for word in ("decision", "extension"))
    assert any("soknad-utsatt-frist" in n for n in names) and any("vedtak-utsatt-frist" in n for n in names)
    response = next(n for n in names if "/" in n and n.split("-", 1)[1].startswith("svar-"))
    heading = python_docx.Document(io.BytesIO(archive.read(response))).paragraphs[0].text
    assert heading == "Høringssvar"  # the response itself, not a receipt for it
    case = journal.find(".//n:mappe", NS)
    assert _text(case, "saksdato") <= min(_text(p, "journaldato") for p in posts)


def test_a_decided_request_for_more_time_is_settled_by_its_answer_and_an_open_rounds_responses_are_not(built, journal):
    _, consultation, _, _ = built
    posts = {_text(post, "tittel"): post for post in _posts(journal)}
    ids = {_text(post, "tittel"): _text(post, "systemID") for post in _posts(journal)}
    decided = [(i.consultee.name, r) for i in consultation.invitations for r in i.extension_requests
               if r.status is not ExtensionStatus.PENDING]
    assert decided
    for name, request in decided:
        settled = posts[f"Søknad om utsatt høringsfrist fra {name}"].find("n:avskrivning", NS)
        assert _text(settled, "avskrivningsmaate") == "Besvart med e-post"
        assert _text(settled, "referanseAvskrivesAvJournalpost") == ids[f"Svar på søknad om utsatt høringsfrist til {name}"]
        assert _text(settled, "avskrivningsdato") == to_local(request.decided_at).date().isoformat()
        # who decided, or the secretariat: never whoever happens to make the package
        decider = _db.session.get(User, request.decided_by_id) if request.decided_by_id else None
        assert _text(settled, "avskrevetAv") == (decider.name if decider else "Sekretariatet i Kongsbergregionen")
    assert _text(journal.find(".//n:mappe", NS), "saksansvarlig") == "Sekretariatet i Kongsbergregionen"
    responses = [post for title, post in posts.items() if title.startswith("Høringssvar fra")]
    assert responses and all(post.find("n:avskrivning", NS) is None for post in responses)  # the round is open


def test_a_closed_rounds_responses_are_taken_note_of_on_the_day_it_closed(db, demo):
    from app.consultations import services
    from app.reports import records

    closed = utcnow()
    services.close_consultation(demo, closed)
    demo.case_number, demo.archive_reference = "2019/245", "026"
    db.session.commit()
    case = records.plan(demo, utcnow())
    responses = [e for e in case.entries if e.key.startswith("version:")]
    assert responses and all(e.settled == records.Settled(at=closed.astimezone(UTC), how="Tatt til etterretning",
                                                          who="Sekretariatet i Kongsbergregionen") for e in responses)
    assert all(e.settled is None for e in case.entries if e.kind != records.INCOMING)


def _docx_text(data: bytes) -> str:
    import docx as python_docx

    document = python_docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs] + [" | ".join(c.text for c in row.cells)
                                                              for t in document.tables for row in t.rows])


def test_the_minutes_say_whom_the_meeting_was_with_as_the_report_does(built, journal):
    """In the journal's title, the minutes' own text and as the correspondence party: the consultee met, or for a
    meeting with all of them the words the report uses («Referat: fellesmøte i …», «Representantskapet (alle)»)."""
    from app.reports.services import collect

    _, consultation, archive, _ = built
    rows = list(csv.DictReader(io.StringIO(archive.read("journal.csv").decode("utf-8-sig")), delimiter=";"))
    minutes = [p for p in _posts(journal) if _text(p, "journalposttype") == "Organinternt dokument uten oppfølging"]
    assert len(minutes) == len(consultation.meetings)
    report = {m.heading for m in collect(consultation, utcnow().date()).minutes}
    assert any(m.consultee is None for m in consultation.meetings) and any(m.consultee for m in consultation.meetings)
    for meeting in consultation.meetings:
        heading = _minutes_heading(meeting)
        met = meeting.consultee.name if meeting.consultee else f"{meeting.arena} (alle)"
        assert heading in report  # the report's own heading for these minutes
        (post,) = [p for p in minutes if _text(p, "tittel").startswith(f"{heading}, ")]
        parties = [(_text(p, "korrespondanseparttype"), _text(p, "korrespondansepartNavn"))
                   for p in post.findall("n:korrespondansepart", NS)]
        assert parties == [("Avsender", met), ("Intern mottaker", consultation.region.name)]
        (row,) = [r for r in rows if r["tittel"] == _text(post, "tittel")]
        assert row["avsender_mottaker"] == f"Avsender: {met}, Intern mottaker: {consultation.region.name}"
        text = _docx_text(archive.read(row["fil"]))
        assert text.startswith(_text(post, "tittel")) and f"Hvem møtet var med | {met}" in text
    titles = sorted(_text(p, "tittel") for p in minutes)
    assert titles[0].startswith("Referat: fellesmøte i representantskapet, Kongsberg, rådhuset, ")
    assert titles[-1].startswith("Referat: møte med Tinn kommune (formannskapet), Rjukan, rådhuset, ")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The same round published, withheld passage and all, and its package."""
    yield from _demo_package(tmp_path_factory.mktemp("published"), published=True)


def test_a_published_round_files_the_summary_as_published_beside_the_internal_one(published):
    """The public's edition (`/horing/<slug>/oppsummering.docx`) is a record of its own: an outgoing entry to the
    public, dated the day of publication and open; the internal edition beside it stays screened."""
    app, consultation, archive, _ = published
    journal = etree.fromstring(archive.read("arkivstruktur.xml"))
    summaries = {_text(p, "journalposttype"): p for p in _posts(journal)
                 if _text(p, "tittel").startswith("Oppsummering av høringen")}
    assert set(summaries) == {"Organinternt dokument for oppfølging", "Utgående dokument"}
    internal, public = summaries["Organinternt dokument for oppfølging"], summaries["Utgående dokument"]
    assert _text(internal, "tittel") == f"Oppsummering av høringen: {consultation.title} (intern utgave)"
    assert _text(internal.find("n:skjerming", NS), "tilgangsrestriksjon") == "13"
    assert _text(public, "tittel") == f"Oppsummering av høringen: {consultation.title}"
    assert public.find("n:skjerming", NS) is None and public.find(".//n:skjerming", NS) is None
    day = to_local(consultation.published_at).date().isoformat()
    assert _text(public, "journaldato") == _text(public, "dokumentetsDato") == day
    assert _text(public, "sendtDato") == consultation.published_at.astimezone(UTC).replace(
        microsecond=0).isoformat().replace("+00:00", "Z")
    assert [(_text(p, "korrespondanseparttype"), _text(p, "korrespondansepartNavn"))
            for p in public.findall("n:korrespondansepart", NS)] == [("Mottaker", "Allmennheten")]
    rows = {r["journalposttype"]: r for r in csv.DictReader(io.StringIO(archive.read("journal.csv").decode("utf-8-sig")),
                                                             delimiter=";") if r["tittel"].startswith("Oppsummering")}
    assert set(rows) == {"N", "U"} and rows["U"]["tilgangskode"] == "" and rows["N"]["tilgangskode"] == "13"
    assert rows["U"]["dato"] == day and rows["U"]["fil"].endswith("-oppsummering-publisert.docx")
    assert rows["N"]["fil"].endswith("-oppsummering-intern.docx") and rows["U"]["pdfa_fil"].startswith("pdfa/")
    # what the public was given, word for word; the internal edition holds the withheld text, marked
    download = app.test_client().get(f"/horing/{consultation.slug}/oppsummering.docx")
    assert download.status_code == 200
    filed = _docx_text(archive.read(rows["U"]["fil"]))
    assert filed == _docx_text(download.data) and SECRET not in filed and "[Unntatt offentlighet" in filed
    assert SECRET in _docx_text(archive.read(rows["N"]["fil"]))
    import docx as python_docx

    created = python_docx.Document(io.BytesIO(archive.read(rows["U"]["fil"]))).core_properties.created
    assert created.replace(tzinfo=UTC) == consultation.published_at.astimezone(UTC).replace(microsecond=0)


def test_a_round_published_with_nothing_withheld_files_one_summary_and_it_is_public(db, demo):
    """The two editions would say the same: one document, the published one, open and dated at publication."""
    from app.consultations import services as consultations
    from app.reports import archive, records

    for step in (consultations.close_consultation, consultations.mark_reported, consultations.publish_consultation):
        step(demo, utcnow())
    demo.case_number, demo.archive_reference = "2031/7", "026"
    db.session.commit()
    case = archive.case_folder(demo, utcnow())
    (summary,) = [e for e in case.entries if e.key.startswith("report")]
    assert summary.kind == records.OUTGOING and summary.access is None and summary.at == demo.published_at.astimezone(UTC)
    assert summary.title == f"Oppsummering av høringen: {demo.title}" and summary.parties == (("Mottaker", "Allmennheten"),)
    assert case.documents == records.count_documents(demo)[0]
    with pytest.raises(ValueError):  # a published round's folder is never planned without what the public was given
        records.plan(demo, utcnow())
