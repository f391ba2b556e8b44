"""The summary report made from a round's data: collected, rendered in the browser, Word and Excel."""
from __future__ import annotations

import io
import re

import openpyxl
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from sqlalchemy import select

from app.models import Language, QuestionKind, ResponseStatus, Status
from app.reports.data import ADOPTED, MEETING, RECEIVED
from app.reports.docx_writer import report_docx, report_filename
from app.reports.services import collect
from app.responses import submission
from app.timeutil import format_long_date, to_local, utcnow
from nlp.remarks import says_nothing
from tests.conftest import login, make_consultation
from tests.factories import complete_input, invitation_of, open_round_for


def test_the_collected_data_reads_like_the_appendix(db, demo):
    data = collect(demo, utcnow().date())
    rows = {row.consultee: row for row in data.overview if row.consultee != "Alle"}
    assert rows["Tinn kommune"].arena == "Kommunestyret, sak 19/4976" and rows["Tinn kommune"].description == "Vedtak"
    assert rows["Nore og Uvdal kommune"].description.endswith(", etter fristen)")
    assert any(row.consultee == "Alle" and row.arena == "Representantskapet" for row in data.overview)
    headings = [m.heading for m in data.minutes]
    assert "Referat: møte med Tinn kommune (formannskapet)" in headings and "Høringssvar fra Kongsberg kommune" in headings
    tinn = next(m for m in data.minutes if m.heading == "Høringssvar fra Tinn kommune")
    assert any(question == "Er vi store nok sammen?" and "døren bør stå åpen" in text for question, text in tinn.sections)
    assert (data.invited, data.answered, data.meetings) == (8, 6, 3)
    assert len(data.matrix) == 6 and len(data.focus_areas) == 6
    assert data.areas[0].support["enig"] and any(area.themes for area in data.areas)
    assert data.comments and all(c.text for c in data.comments)


def test_the_overview_puts_meetings_first_splits_municipalities_from_other_bodies_and_labels_dates(db, demo):
    data = collect(demo, utcnow().date())
    kinds = [row.kind for row in data.overview]
    assert kinds == sorted(kinds, key=lambda kind: kind != MEETING) and kinds.count(MEETING) == 3
    county = [row for row in data.overview if not row.is_municipality]
    assert [(row.consultee, row.kind) for row in county] == [("Buskerud fylkeskommune", MEETING)]
    rows = {row.consultee: row for row in data.overview if row.kind != MEETING}
    assert rows["Tinn kommune"].kind == ADOPTED and rows["Flesberg kommune"].kind == RECEIVED  # no decision date
    tinn = next(m for m in data.minutes if m.heading == "Referat: møte med Tinn kommune (formannskapet)")
    assert "Rjukan, rådhuset" in tinn.meta and tinn.attendees.startswith("Til stede: Formannskapet i Tinn")
    assert [m.kind for m in data.minutes][:3] == [MEETING] * 3  # the dialogue meetings before the responses


def latest_answers(consultation) -> dict[str, list[dict]]:
    return {r.consultee.name: r.latest_version.snapshot_data["answers"] for r in consultation.responses
            if r.status is ResponseStatus.SUBMITTED}


PHRASES = {"er enig": "enig", "er enige": "enig", "er delvis enig": "delvis_enig", "er delvis enige": "delvis_enig",
           "er uenig": "uenig", "er uenige": "uenig", "har ingen merknad": "ingen_merknad",
           "har ingen merknader": "ingen_merknad",
           "er einig": "enig", "er einige": "enig", "er delvis einig": "delvis_enig", "er delvis einige": "delvis_enig",
           "er ueinig": "uenig", "er ueinige": "uenig"}


def claimed_positions(sentence: str, names: list[str]) -> dict[str, str]:
    """Who the sentence says holds which position; fails on any word in a list that is not a known name."""
    claims = {}
    for clause in sentence.removesuffix(".").split("; "):
        head, _, listed = clause.partition(": ")
        key = next(PHRASES[p] for p in sorted(PHRASES, key=len, reverse=True) if head.endswith(p))
        for name in sorted(names, key=len, reverse=True):
            if name in listed:
                claims[name], listed = key, listed.replace(name, "")
        assert not listed.replace(" og ", "").replace(",", "").strip(), f"unknown names in {clause!r}"
    return claims


def assert_summary_is_traceable(consultation, data) -> None:
    answers = latest_answers(consultation)
    names = [i.consultee.name for i in consultation.invitations]
    for area, summary in zip(data.areas, data.summary, strict=True):
        if area.is_other:
            continue
        held = {name: a["position"] for name, given in answers.items() for a in given
                if a["kind"] == "position" and a["focus_area"] == area.title and a.get("position")}
        assert claimed_positions(summary.sentences[0], names) == held, summary.sentences[0]
        for sentence in summary.sentences[1:]:
            if "«" in sentence and ": «" in sentence:
                who = next((n for n in names if sentence.startswith(f"{n} skri")), None)
                if who is None:
                    continue  # a theme label, not a quote
                quoted = sentence[sentence.index("«") + 1:sentence.rindex("»")].removesuffix(" …")
                written = " ".join(" ".join(a.get("text") or "" for a in answers[who]).split())
                assert quoted in written, (who, quoted)
        assert 2 <= len(summary.sentences) <= 4


def test_every_name_in_the_summary_holds_that_position_in_its_latest_submitted_answer(db, demo):
    data = collect(demo, utcnow().date())
    assert len(data.summary) == len(data.areas) and data.summary[0].title == data.areas[0].title
    assert_summary_is_traceable(demo, data)
    first = data.summary[0].sentences[0]
    assert first.startswith("Alle seks som har svart, er enige: ") and "Notodden" not in first  # only a draft
    assert any(" kommune skriver: «" in s for a in data.summary for s in a.sentences)  # quotes, each traced above
    # The summary moves with the answers: Tinn changes its mind on the first focus area
    tinn = next(i for i in demo.invitations if i.consultee.name == "Tinn kommune")
    changed = submission.input_from(next(r for r in demo.responses if r.consultee.name == "Tinn kommune"))
    changed.positions[demo.focus_areas[0].id] = "uenig"
    submission.submit(tinn, changed, expected_version=submission.version_of(tinn), submission_key="endret",
                      now=utcnow(), via="link")
    data = collect(demo, utcnow().date())
    assert_summary_is_traceable(demo, data)
    assert data.summary[0].sentences[0].startswith("Fem er enige: ")
    assert data.summary[0].sentences[0].endswith("; én er uenig: Tinn kommune.")


def test_the_status_names_who_has_not_answered_and_the_running_extension(client, db, demo):
    data = collect(demo, utcnow().date())
    status = data.status
    assert status.not_answered == ("Buskerud fylkeskommune", "Notodden kommune")  # Notodden has only a draft
    county = next(i for i in demo.invitations if i.consultee.name == "Buskerud fylkeskommune")
    assert status.extensions == (("Buskerud fylkeskommune", to_local(county.deadline_at).date()),)
    assert set(status.late) == {"Nore og Uvdal kommune", "Rollag kommune"}
    assert status.is_provisional and status.unassessed == status.themes > 0
    assert "Ikke svart: Buskerud fylkeskommune og Notodden kommune." in status.lines
    assert any(line.startswith("Utsatt frist som fortsatt løper: Buskerud fylkeskommune (til ") for line in status.lines)
    assert f"Ingen av de {status.themes} temaene er vurdert ennå." in status.lines  # not «16 av 16»
    assert "forelopig" in report_filename(data)
    first_page = first_page_texts(Document(io.BytesIO(report_docx(data))))
    assert any(text.startswith("FORELØPIG") for text in first_page)
    assert any("Notodden kommune" in text for text in first_page)


def first_page_texts(document) -> list[str]:
    """The title page: everything before the table of contents, the status box included."""
    styles = [p.style.name for p in document.paragraphs]
    texts = [p.text for p in document.paragraphs[:styles.index("TOC Heading")]]
    return texts + [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]


def answer_for(demo, name: str, key: str) -> None:
    invitation = next(i for i in demo.invitations if i.consultee.name == name)
    submission.submit(invitation, complete_input(demo, "Vi støtter strategien."),
                      expected_version=submission.version_of(invitation), submission_key=key, now=utcnow(), via="link")


def test_the_report_is_final_only_when_the_round_is_closed_and_nothing_can_still_come(client, db, demo):
    county = next(i for i in demo.invitations if i.consultee.name == "Buskerud fylkeskommune")
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    asked = client.get(f"/consultations/{demo.slug}/confirm/close").get_data(as_text=True)
    assert "Disse har ikke svart, og fristen deres er ikke ute" in asked and "Buskerud fylkeskommune: utsatt frist til" in asked
    assert "Høringsfristen er ikke ute" not in asked  # the round's own deadline has passed: no early close
    demo.close(utcnow())  # the county's extension ran: closing ends it, and a closed round takes no answer
    assert submission.window(county, utcnow()) is submission.Window.REFUSED
    data = collect(demo, utcnow().date())
    assert not data.status.is_provisional and "forelopig" not in report_filename(data)
    assert data.status.lines[0] == "Høringen er avsluttet." and data.status.extensions == ()
    assert not any("Utsatt frist" in line for line in data.status.lines)
    demo.status = Status.OPEN
    answer_for(demo, "Notodden kommune", "notodden")
    answer_for(demo, "Buskerud fylkeskommune", "buskerud")
    data = collect(demo, utcnow().date())
    assert data.status.not_answered == () and data.status.is_provisional  # everyone answered, but still open
    demo.close(utcnow())
    data = collect(demo, utcnow().date())
    assert not data.status.is_provisional
    assert data.status.lines[:2] == ("Høringen er avsluttet.", "Alle inviterte har svart.")
    assert report_filename(data) == "oppsummering-strategi-kongsbergregionen-2019-2030.docx"
    document = Document(io.BytesIO(report_docx(data)))
    assert not any("FORELØPIG" in text or "Foreløpig" in text for text in first_page_texts(document))
    assert document.core_properties.content_status == "Endelig"


def test_remarks_without_content_are_never_quoted_and_positions_are_not_repeated(db, demo):
    from app.models import Theme

    theme = db.session.scalars(select(Theme).where(Theme.consultation_id == demo.id)).first()
    # An analysis stored before quotes were checked may still hold one
    theme.summary = [{"consultee": "Rollag kommune", "text": "Vi har ingen flere merknader ut over det som står over."},
                     *theme.summary]
    data = collect(demo, utcnow().date())
    quotes = [q.text for area in data.areas for t in area.themes for q in t.quotes]
    assert quotes and not any(says_nothing(q) for q in quotes)
    assert not any("ingen flere merknader" in s for a in data.summary for s in a.sentences)
    flesberg = next(m for m in data.minutes if m.heading == "Høringssvar fra Flesberg kommune")
    positions = dict(flesberg.sections)["Hva mener dere om satsingsområdene?"]
    assert "Kvalitet i tjenesteleveranse: Delvis enig. Kvalitet må defineres" in positions
    assert "Delvis enig. Delvis enig." not in positions
    ranking = dict(flesberg.sections)["Ranger satsingsområdene etter hvor viktige de er for dere."].split("\n")
    assert [line.split(".")[0] for line in ranking] == ["1", "2", "3", "4", "5", "6"]


def test_the_combined_ranking_orders_the_focus_areas_by_mean_rank(db, demo):
    data = collect(demo, utcnow().date())
    assert [row.ranked_by for row in data.ranking] == [6] * 6
    assert data.ranking[0].title == "Kommunikasjon, infrastruktur og samferdsel" and data.ranking[0].mean_rank == 1.17
    means = [row.mean_rank for row in data.ranking]
    assert means == sorted(means)
    assert data.ranking_note.startswith("Seks av seks som har svart, har rangert satsingsområdene.")


def test_nynorsk_quotes_in_a_bokmal_round_carry_their_own_language(db, demo):
    data = collect(demo, utcnow().date())
    quotes = [q for area in data.areas for t in area.themes for q in t.quotes]
    hjartdal = [q for q in quotes if q.consultee == "Hjartdal kommune"]
    assert hjartdal and {q.language for q in hjartdal} == {"nn"}  # "Reiselivet er viktig for oss." too: its writer's
    assert {q.language for q in quotes if q.consultee == "Kongsberg kommune"} == {"nb"}
    minutes = next(m for m in data.minutes if m.heading == "Høringssvar fra Hjartdal kommune")
    assert "nn" in minutes.languages
    document = Document(io.BytesIO(report_docx(data)))
    tagged = [r.text for p in document.paragraphs if p.style.name == "Quote" for r in p.runs
              if r._r.find(f"{qn('w:rPr')}/{qn('w:lang')}") is not None]
    assert tagged and all(r.startswith("«") for r in tagged)
    assert len(tagged) == len([q for q in hjartdal if q.text.strip()])


def test_every_comment_row_says_its_source_date_focus_area_and_the_consultees_own_position(db, demo):
    data = collect(demo, utcnow().date())
    assert all(c.focus_area for c in data.comments)
    assert any(c.focus_area == "Andre innspill" for c in data.comments)  # the Word report's words
    meetings = {m.id: m for m in demo.meetings}
    for row in data.comments:
        assert row.kind in (MEETING, RECEIVED) and row.date is not None
    held = {m.held_on for m in meetings.values()}
    assert {c.date for c in data.comments if c.kind == MEETING} <= held
    answers = latest_answers(demo)
    for row in data.comments:
        if row.kind == MEETING:
            assert row.position == "", row  # a meeting note states no position, whatever the answer says
    assert any(row.kind == MEETING for row in data.comments) and any(row.position for row in data.comments)
    # Each ranking as the consultee gave it, first place first
    tinn = next(titles for name, titles in data.rankings if name == "Tinn kommune")
    ranks = {a["focus_area"]: a["rank"] for a in answers["Tinn kommune"] if a["kind"] == "ranking" and a.get("rank")}
    assert list(tinn) == sorted(ranks, key=ranks.get) and len(tinn) == len(data.focus_areas)


def test_the_council_reads_the_report_page_and_downloads_word_and_excel(client, db, users, demo):
    client.post("/login", data={"email": "radet@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    page = client.get(f"/consultations/{demo.slug}/report").get_data(as_text=True)
    assert "Oversikt over dialogmøter og høringssvar" in page and "Referat: møte med Tinn kommune (formannskapet)" in page
    assert "Sammendrag" in page and "Alle seks som har svart, er enige: " in page
    assert "Ikke svart: Buskerud fylkeskommune og Notodden kommune." in page and "FORELØPIG" in page
    assert '<blockquote lang="nn">' in page  # Hjartdal's nynorsk in a bokmål round
    matrix = page[page.index('class="ds-table matrix"'):]
    matrix = matrix[:matrix.index("</table>")]
    assert '<th scope="row">Notodden kommune</th>' in matrix  # the invited who have not answered, as in Word
    assert not re.search(r"<h[2-6]>[^<]*\.</h[2-6]>", page)  # no heading ends as a sentence does
    assert client.post(f"/consultations/{demo.slug}/report/files").status_code == 302
    word = client.get(f"/consultations/{demo.slug}/report.docx")
    document = Document(io.BytesIO(word.data))
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Referat: møte med Tinn kommune (formannskapet)") in styles
    excel = load_workbook(io.BytesIO(client.get(f"/consultations/{demo.slug}/report.xlsx").data))
    assert excel.worksheets[0].max_row > 10


def test_flask_report_writes_both_files(app, db, demo, tmp_path):
    runner = app.test_cli_runner()
    docx_path, xlsx_path = tmp_path / "rapport.docx", tmp_path / "innspill.xlsx"
    assert runner.invoke(args=["report", "docx", "--round", demo.slug, "-o", str(docx_path)]).exit_code == 0
    assert runner.invoke(args=["report", "xlsx", "--round", demo.slug, "-o", str(xlsx_path)]).exit_code == 0
    assert Document(str(docx_path)).paragraphs and load_workbook(str(xlsx_path)).sheetnames
    assert runner.invoke(args=["report", "docx", "--round", "finnes-ikke", "-o", str(docx_path)]).exit_code != 0


def test_consultees_cannot_read_the_report(client, db, users, demo):
    login(client, users["consultee_a"])
    assert client.get(f"/consultations/{demo.slug}/report").status_code in (403, 404)


def test_the_council_cannot_download_the_archive(client, db, demo):
    """(The package itself: tests/app/test_archive_package.py.)"""
    client.post("/login", data={"email": "radet@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    assert client.get(f"/consultations/{demo.slug}/archive.zip").status_code == 403
    assert client.post(f"/consultations/{demo.slug}/archive").status_code == 403


def test_a_nynorsk_round_is_summarised_in_nynorsk(app, db, region, consultee_a, consultee_b):
    consultation = make_consultation(db, region, "Regionalplan for Sogn", language=Language.NYNORSK)
    open_round_for(db, consultation, consultee_a, consultee_b)
    first = consultation.focus_areas[0]
    for name, position, comment in (
            ("Tinn kommune", "enig", "Vegane i fjellbygdene treng meir vedlikehald, og ferja må gå oftare."),
            ("Rollag kommune", "uenig", "Vi er ueinige: ferjesambandet må prioriterast før nye vegar.")):
        invitation = invitation_of(consultation, name)
        answers = complete_input(consultation, "Vi støttar satsinga på breiband i heile regionen.")
        answers.positions[first.id], answers.comments[first.id] = position, comment
        submission.submit(invitation, answers, expected_version=None, submission_key=name, now=utcnow(), via="link")
    db.session.commit()
    assert app.test_cli_runner().invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    data = collect(consultation, utcnow().date())
    assert_summary_is_traceable(consultation, data)
    assert data.summary[0].sentences[0] == "Éin er einig: Tinn kommune; éin er ueinig: Rollag kommune."
    assert data.summary[1].sentences[0] == "Begge som har svart, er einige: Rollag kommune og Tinn kommune."
    assert data.summary[0].sentences[1].startswith("Merknadane handlar mest om «")
    assert re.match(r"(Tinn|Rollag) kommune skriv: «", data.summary[0].sentences[2])  # which quote: the themes decide
    assert "«Merknader»" not in " ".join(data.summary[-1].sentences)  # "Ingen flere merknader." is no main point
    assert data.status.lines[:2] == ("Høyringa er open, og svar kan framleis kome.", "Alle inviterte har svart.")
    assert data.ranking_note.startswith("To av to som har svart, har rangert satsingsområda.")
    every = " ".join(s for a in data.summary for s in a.sentences) + " ".join(data.status.lines)
    for bokmal in ("er enig", "handler", "Høringen", "Ikke", "ennå", "skriver:"):
        assert bokmal not in every
    assert report_filename(data).startswith("oppsummering-forebels-regionalplan-for-sogn")
    document = Document(io.BytesIO(report_docx(data)))
    assert "Samandrag" in [p.text for p in document.paragraphs] and document.core_properties.language == "nn-NO"


def test_before_the_analysis_the_report_says_the_comments_are_not_grouped_not_that_there_are_none(
        app, db, region, consultee_a, consultee_b):
    consultation = make_consultation(db, region, "Strategi for Numedal")
    open_round_for(db, consultation, consultee_a, consultee_b)
    first = consultation.focus_areas[0]
    for name in ("Tinn kommune", "Rollag kommune"):
        answers = complete_input(consultation, "Bredbånd til alle grender må komme før nye veger.")
        answers.positions[first.id], answers.comments[first.id] = "enig", "Fergene må gå oftere om vinteren."
        submission.submit(invitation_of(consultation, name), answers, expected_version=None, submission_key=name,
                          now=utcnow(), via="link")
    db.session.commit()
    not_grouped, none_said = "Merknadene er ikke delt inn i tema ennå.", "Ingen merknader er knyttet"

    before = collect(consultation, utcnow().date())
    said = [s for area in before.summary for s in area.sentences]
    assert not_grouped in said and not any(none_said in s for s in said)
    assert not_grouped in before.status.lines
    written = [p.text for p in Document(io.BytesIO(report_docx(before))).paragraphs]
    assert "Ingen tema er funnet i merknadene." not in written and not_grouped in written

    assert app.test_cli_runner().invoke(args=["analysis", "run", "--round", consultation.slug]).exit_code == 0
    after = collect(consultation, utcnow().date())
    assert not_grouped not in [s for area in after.summary for s in area.sentences] + list(after.status.lines)
    assert after.summary[0].sentences[1].startswith("Merknadene handler mest om «")


def test_quotes_and_themes_follow_the_secretariats_corrections(db, demo):
    from app.analysis import review
    from app.models import CommentUnit, Theme

    data = collect(demo, utcnow().date())
    theme_report = next(t for area in data.areas for t in area.themes if t.quotes)
    quoted = theme_report.quotes[0]
    unit = next(u for u in db.session.scalars(select(CommentUnit).where(CommentUnit.is_relevant.is_(True)))
                if " ".join(quoted.text.split()) in " ".join(u.text.split()))
    theme = db.session.get(Theme, unit.theme_id)
    review.mark_not_relevant(unit, None, utcnow())
    db.session.commit()
    after = collect(demo, utcnow().date())
    quotes = [q.text for area in after.areas for t in area.themes for q in t.quotes]
    assert quoted.text not in quotes
    for other in list(theme.comments):  # every comment moved out: the theme is no longer reported
        review.move(other, None, None, utcnow())
    db.session.commit()
    labels = [t.label for area in collect(demo, utcnow().date()).areas for t in area.themes]
    assert theme.label not in labels


def test_a_remark_that_says_nothing_raises_no_theme(db, demo):
    from app.models import CommentUnit

    data = collect(demo, utcnow().date())
    silent = [u for u in db.session.scalars(select(CommentUnit).where(CommentUnit.is_relevant.is_(True),
                                                                     CommentUnit.theme_id.is_not(None)))
              if says_nothing(u.text)]
    assert silent  # the demo has «Vi har ingen flere merknader»
    for unit in silent:
        others = [u for u in unit.theme.comments if u.is_relevant and not says_nothing(u.text)
                  and u.consultee_id == unit.consultee_id]
        if not others:
            raised_by = next((t.consultees for area in data.areas for t in area.themes if t.label == unit.theme.label), ())
            assert unit.consultee.name not in raised_by


def test_the_council_overview_speaks_the_language_of_the_page(client, db, demo):
    client.post("/login", data={"email": "radet@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    client.post("/language/en")
    page = client.get(f"/consultations/{demo.slug}/overview").get_data(as_text=True)
    findings = page[page.index("findings-title"):page.index("details-title")]
    assert 'lang="en"' in findings and "Combined ranking" in findings and "Mean place" in findings
    assert "who responded" in findings and "er enig" not in findings and "Snittplass" not in findings
    assert "6 agree" in page and "6 enig" not in page
    lines = " ".join(collect(demo, utcnow().date(), language="en").status.lines)
    assert re.search(r"Buskerud fylkeskommune \(until \d{1,2} December \d{4}\)", lines)  # an English date


def test_every_scrolling_table_box_of_the_report_page_is_a_named_region(client, db, demo):
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    for path in (f"/consultations/{demo.slug}/report", f"/consultations/{demo.slug}/overview"):
        page = client.get(path).get_data(as_text=True)
        boxes = re.findall(r'<div class="table-wrap" tabindex="0"[^>]*>', page)
        assert boxes and all('role="region"' in box and "aria-label" in box for box in boxes), (path, boxes)


def test_a_meeting_with_all_consultees_has_one_name_in_quotes_rows_and_review(client, db, demo):
    joint = next(m for m in demo.meetings if m.consultee_id is None)
    name = joint.joint_name
    assert name == f"{joint.arena} (alle)"
    data = collect(demo, utcnow().date())
    rows = [c for c in data.comments if c.kind == MEETING and c.consultee == name]
    assert rows and not any(c.consultee == "Fellesmøte" for c in data.comments)
    quoted = {q.consultee for a in data.areas for t in a.themes for q in t.quotes}
    assert "Fellesmøte" not in quoted
    client.post("/login", data={"email": "sekretariat@demo.kongsbergregionen.no", "password": "demo-passord-2030"})
    pages = [client.get(f"/consultations/{demo.slug}/analysis/review", query_string={"omrade": area}).get_data(as_text=True)
             for area in [None, *(a.id for a in demo.focus_areas)]]
    assert any(f"– {name}</footer>" in page for page in pages) and not any("– Fellesmøte" in page for page in pages)


def test_the_summary_quotes_a_comment_written_under_the_focus_area_before_one_brought_from_another_question(db, demo):
    data = collect(demo, utcnow().date())
    for area, summary in zip((a for a in data.areas if not a.is_other), data.summary, strict=False):
        assert area.title == summary.title
        own = [q for t in area.themes for q in t.quotes if q.kind == RECEIVED and q.in_own_box]
        if own and summary.quoted >= 0:
            quoted = summary.sentences[summary.quoted]
            assert any(q.text[:40] in quoted for q in own), (area.title, quoted)
    quality = next(s for s in data.summary if s.title == "Kvalitet i tjenesteleveranse")
    assert "Vi er store nok nå" not in " ".join(quality.sentences)  # Tinn's answer to «Er vi store nok sammen?»


def test_the_summary_quotes_the_reason_of_one_who_disagrees_or_partly_agrees_where_there_is_one(db, demo):
    data = collect(demo, utcnow().date())
    checked = 0
    for area, summary in zip((a for a in data.areas if not a.is_other), data.summary, strict=False):
        dissent = [*area.support.get("uenig", ()), *area.support.get("delvis_enig", ())]
        theirs = [q for t in area.themes for q in t.quotes if q.kind == RECEIVED and q.in_own_box and q.consultee in dissent]
        if theirs:
            checked += 1
            quoted = summary.sentences[summary.quoted]
            assert any(q.consultee in quoted and q.text[:40] in quoted for q in theirs), (area.title, quoted)
    assert checked >= 2  # the demo has focus areas with partial agreement and disagreement


def test_the_summary_of_comments_outside_the_focus_areas_says_which_questions_they_answer(db, demo):
    data = collect(demo, utcnow().date())
    other = next(s for a, s in zip(data.areas, data.summary, strict=True) if a.is_other)
    said = " ".join(other.sentences)
    assert "handler mest om «Er " not in said and "svar" in said and "?»" in said


def test_a_round_closed_before_its_deadline_says_its_period_ended_the_day_it_closed(client, db, consultation):
    from app.models import Status

    consultation.status = Status.OPEN
    consultation.is_open_to_public = True
    consultation.close(utcnow())
    db.session.commit()
    today, deadline = to_local(utcnow()).date(), to_local(consultation.deadline_at).date()
    assert collect(consultation, today).period_end == today != deadline
    consultation.status = Status.PUBLISHED
    consultation.published_at = utcnow()
    db.session.commit()
    page = client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    assert format_long_date(deadline) not in page.split("Høringsperiode", 1)[1][:200]


def test_a_nynorsk_rounds_comment_rows_name_the_stance_in_nynorsk(db, demo):
    demo.language = Language.NYNORSK
    data = collect(demo, utcnow().date())
    stances = {c.stance for c in data.comments}
    assert "Støttar" in stances and "Støtter" not in stances and "Føreslår" in stances


def test_mean_ranks_round_a_half_up_as_a_reader_does():
    from app.reports.summary import mean_rank_text

    assert [mean_rank_text(v) for v in (2.25, 3.75, 1.0, 2.24)] == ["2,3", "3,8", "1,0", "2,2"]


def test_the_summary_counts_a_yes_no_questions_answers_by_name(db, region, consultee_a, consultee_b):
    from app.consultations import structure
    from app.reports.docx_writer import report_docx
    from app.reports.summary import yes_no_sentence

    consultation = make_consultation(db, region)
    question = structure.add_question(consultation, kind=QuestionKind.YES_NO, text="Støtter dere felles legevakt?",
                                      help_text="", is_required=False)
    open_round_for(db, consultation, consultee_a, consultee_b)
    for name, yes in (("Tinn kommune", True), ("Rollag kommune", False)):
        data = complete_input(consultation)
        data.yes[question.id] = yes
        submission.submit(invitation_of(consultation, name), data, expected_version=None, submission_key=name,
                          now=utcnow(), via="link")
    db.session.commit()
    report = collect(consultation, utcnow().date())
    assert [(r.question, r.yes, r.no) for r in report.yes_no] == [
        ("Støtter dere felles legevakt?", ("Tinn kommune",), ("Rollag kommune",))]
    sentence = yes_no_sentence(report.yes_no[0], "nb")
    assert sentence == "Én svarte ja: Tinn kommune. Én svarte nei: Rollag kommune."
    paragraphs = [p.text for p in Document(io.BytesIO(report_docx(report))).paragraphs]
    assert "Støtter dere felles legevakt?" in paragraphs and sentence in paragraphs
    # A comment written under the yes/no question stands beside that answer in the Excel rows, not beside
    # the consultee's position on the focus area the analysis put it under
    from app.models import CommentUnit

    rollag = next(r for r in consultation.responses if r.consultee.name == "Rollag kommune")
    db.session.add(CommentUnit(consultation_id=consultation.id, source_key="k", source_hash="h",
                               response_id=rollag.id, question_id=question.id, consultee_id=rollag.consultee_id,
                               text="Legevakten bør ligge nær sykehuset.", start=0, end=10,
                               focus_area_id=consultation.focus_areas[0].id))
    db.session.commit()
    (row,) = collect(consultation, utcnow().date()).comments
    assert row.position == "no"
    from app.reports.xlsx_writer import report_xlsx

    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(collect(consultation, utcnow().date()))))["Innspill"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Standpunkt i svaret") + 1).value == "Nei"


def test_focus_areas_ranked_alike_share_their_place():
    from app.reports.summary import rank_rows

    titles = ("Samferdsel", "Kompetanse", "Næring", "Klima")
    # two responses rank in opposite orders: every area gets mean 2.5 and 3 Borda points
    rows = rank_rows(titles, [{0: 1, 1: 2, 2: 3, 3: 4}, {0: 4, 1: 3, 2: 2, 3: 1}])
    assert [row.place for row in rows] == [1, 1, 1, 1]
    rows = rank_rows(titles, [{0: 1, 1: 2, 2: 3, 3: 4}, {0: 1, 1: 3, 2: 2, 3: 4}])
    assert [(row.title, row.place) for row in rows] == [("Samferdsel", 1), ("Kompetanse", 2), ("Næring", 2),
                                                        ("Klima", 4)]


def test_an_answer_adopted_by_something_else_names_no_body_in_the_report(db, region, consultee_a):
    consultation = make_consultation(db, region)
    open_round_for(db, consultation, consultee_a)
    data = complete_input(consultation)
    data.adopted_by, data.case_number = "annet", ""
    submission.submit(invitation_of(consultation, "Tinn kommune"), data, expected_version=None, submission_key="a",
                      now=utcnow(), via="link")
    db.session.commit()
    report = collect(consultation, utcnow().date())
    (row,) = [r for r in report.overview if r.consultee == "Tinn kommune"]
    assert row.arena == ""  # «Annet» names no body: not shown as if it were one
    (minutes,) = [m for m in report.minutes if "Tinn kommune" in m.heading]
    assert "Annet" not in minutes.meta


def test_a_late_adopted_answer_says_when_it_was_received_and_the_appendix_labels_each_date(db, demo):
    from datetime import datetime

    from app.timeutil import format_long_date

    data = collect(demo, utcnow().date())
    late = next(r for r in demo.responses if r.consultee.name == "Nore og Uvdal kommune").latest_version.snapshot
    received = format_long_date(datetime.fromisoformat(late.submitted_at), "nb")
    (row,) = [r for r in data.overview if r.consultee == "Nore og Uvdal kommune"]
    assert row.kind == ADOPTED and row.description == f"Vedtak (mottatt {received}, etter fristen)"
    minutes = next(m for m in data.minutes if m.heading == "Høringssvar fra Nore og Uvdal kommune")
    adopted = format_long_date(row.date, "nb")
    assert minutes.meta.startswith(f"Mottatt {received} · Vedtatt {adopted} · ")
    flesberg = next(m for m in data.minutes if m.heading == "Høringssvar fra Flesberg kommune")
    assert flesberg.meta.startswith("Mottatt ") and "Vedtatt" not in flesberg.meta  # no decision date


def test_a_comments_position_is_the_one_given_in_the_box_it_was_written_in(db, demo):
    from app.models import CommentUnit, FocusArea

    data = collect(demo, utcnow().date())
    answers = latest_answers(demo)
    titles = {a.id: a.title for a in db.session.scalars(select(FocusArea).where(FocusArea.consultation_id == demo.id))}
    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == demo.id,
                                                         CommentUnit.response_id.is_not(None))).all()
    rows = {(row.consultee, row.text): row for row in data.comments if row.kind == RECEIVED}
    outside = 0
    for unit in units:
        row = rows.get((unit.consultee.name, unit.text))
        if row is None or row.position in ("yes", "no"):
            continue
        given = {a["focus_area"]: a.get("position") for a in answers[unit.consultee.name] if a["kind"] == "position"}
        if unit.asked_focus_area_id is None:  # written under another question: no position of its own
            assert row.position == "", row
            outside += bool(unit.focus_area_id and given.get(titles[unit.focus_area_id]))
        else:
            assert row.position == (given.get(titles[unit.asked_focus_area_id]) or ""), row
    assert outside  # the demo has comments placed under a focus area on which their writer took a position


def test_a_theme_whose_name_is_withheld_is_counted_in_the_summary_not_named(app):
    """Found in a public summary: «Sekretariatet har vurdert 1 av 9 tema: «Tema (navnet er unntatt
    offentlighet)» er tatt til følge.»"""
    from app.reports.data import AreaReport, Quote, ThemeReport
    from app.reports.summary import area_summary
    from app.withheld import HIDDEN_LABELS

    hidden = ThemeReport(label=HIDDEN_LABELS["nb"], consultees=("Tinn kommune", "Flesberg kommune"),
                         quotes=(Quote("Tinn kommune", "Bussen må gå oftere om kvelden."),), assessment="Tatt til følge")
    named = ThemeReport(label="Bredbånd", consultees=("Tinn kommune",),
                        quotes=(Quote("Tinn kommune", "Fiber til alle."),), assessment=None)
    with app.test_request_context():
        sentences = area_summary(AreaReport(title="Samferdsel", group=None, support={"enig": ("Tinn kommune",)},
                                            themes=(hidden, named)), 1, "nb").sentences
    assert "Sekretariatet har vurdert 1 av 2 tema." in sentences
    assert not any(HIDDEN_LABELS["nb"] in s for s in sentences)
    assert any("«Bredbånd»" in s for s in sentences)  # the main point with a name
