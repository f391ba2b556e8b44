"""The public page of every round open to all or published, and the public list of rounds."""
from __future__ import annotations

import html
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.consultations import services as consultations
from app.extensions import db as _db
from app.models import Assessment, CommentUnit, Consultation, Status, Theme
from app.publication import page as public_page
from app.publication import redaction
from app.responses import submission
from app.timeutil import utcnow
from tests.app.test_publication import PRIVATE, PRIVATE_SENTENCES, assert_private_text_absent, publish, tinn
from tests.conftest import make_consultation, sqlite_template


def make_round(db, region, title: str, status: Status, *, open_to_all: bool = False, days_ago: int = 1):
    """A round set straight to `status` (the list and the page read only status, flag and dates)."""
    consultation = make_consultation(db, region, title)
    consultations.add_draft_text(consultation, text=f"Utkastet til {title}.", user=None)
    consultation.is_open_to_public, consultation.status = open_to_all, status
    if status is not Status.DRAFT:
        consultation.opened_at = utcnow() - timedelta(days=days_ago)
    if status is Status.PUBLISHED:
        consultation.published_at = consultation.opened_at + timedelta(hours=1)
    db.session.commit()
    return consultation


HIDDEN = [("Kladd for alle", Status.DRAFT, True), ("Bare inviterte", Status.OPEN, False),
          ("Lukket og avsluttet", Status.CLOSED, False), ("Lukket og oppsummert", Status.REPORTED, False)]


def test_the_public_list_holds_open_to_all_and_published_rounds_of_every_region_newest_first(
        client, db, region, other_region):
    make_round(db, region, "Avsluttet for alle", Status.CLOSED, open_to_all=True, days_ago=20)
    make_round(db, other_region, "Publisert hos naboen", Status.PUBLISHED, days_ago=10)
    make_round(db, region, "Åpen for alle", Status.OPEN, open_to_all=True, days_ago=3)
    for title, status, open_to_all in HIDDEN:
        make_round(db, region, title, status, open_to_all=open_to_all)
    listed = client.get("/horing").get_data(as_text=True)
    titles = re.findall(r'<a href="/horing/[^"]+">([^<]+)</a>', listed)
    assert titles == ["Åpen for alle", "Publisert hos naboen", "Avsluttet for alle"]
    assert "Naboregionen" in listed and "Testregionen" in listed


@pytest.mark.parametrize(("title", "status", "open_to_all"), HIDDEN, ids=[t for t, *_ in HIDDEN])
def test_a_round_neither_open_to_all_nor_published_has_no_public_page(client, db, region, title, status, open_to_all):
    consultation = make_round(db, region, title, status, open_to_all=open_to_all)
    for path in ("", "/utkast.docx", "/oppsummering", "/svar/1"):
        assert client.get(f"/horing/{consultation.slug}{path}").status_code == 404, path
    listed = client.get("/horing").get_data(as_text=True)
    assert title not in listed and consultation.slug not in listed and "Utkastet til" not in listed


def test_the_public_list_is_paged_and_its_pages_capped(client, db, region):
    for number in range(public_page.PAGE_SIZE + 1):
        make_round(db, region, f"Høring nummer {number:02d}", Status.PUBLISHED, days_ago=100 - number)
    first = client.get("/horing").get_data(as_text=True)
    assert first.count('href="/horing/hoering-nummer') + first.count('href="/horing/horing-nummer') == public_page.PAGE_SIZE
    assert "Høring nummer 20" in first and "Høring nummer 00" not in first  # newest first
    assert "?side=2" in first and 'rel="prev"' not in first
    second = client.get("/horing?side=2").get_data(as_text=True)
    assert "Høring nummer 00" in second and "?side=3" not in second and "?side=1" in second
    assert client.get(f"/horing?side={public_page.MAX_PAGE}").status_code == 200  # the deepest page served
    for beyond in (0, -1, public_page.MAX_PAGE + 1, 10**12):
        assert client.get(f"/horing?side={beyond}").status_code == 404, beyond


def test_an_open_round_shows_its_draft_deadline_and_how_to_answer(client, db, region):
    consultation = make_round(db, region, "Åpen strategi", Status.OPEN, open_to_all=True)
    page = client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    assert "Utkastet til Åpen strategi." in page and "Høringsfrist" in page
    assert f'href="/horing/{consultation.slug}/innspill"' in page  # the sign-up form
    assert "Høringssvar fra" not in page and "oppsummering" not in page.lower().split("<main")[1]
    consultation.deadline_at = utcnow() - timedelta(hours=1)  # past the deadline, late answers marked
    db.session.commit()
    late = client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    assert "tar fortsatt imot innspill" in late and f"/horing/{consultation.slug}/innspill" in late
    consultation.accepts_late = False
    db.session.commit()
    refused = client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    assert "Fristen for innspill er ute" in refused and "/innspill" not in refused
    consultation.status = Status.CLOSED
    db.session.commit()
    closed = client.get(f"/horing/{consultation.slug}").get_data(as_text=True)
    assert "Fristen for innspill er ute" in closed and "/innspill" not in closed



def test_an_open_rounds_page_and_sign_up_page_say_whom_to_ask(client, db, region):
    consultation = make_round(db, region, "Åpen strategi", Status.OPEN, open_to_all=True)
    for url in (f"/horing/{consultation.slug}", f"/horing/{consultation.slug}/innspill"):
        assert "Spørsmål om høringen" not in client.get(url).get_data(as_text=True)
    consultation.contact_name, consultation.contact_email = "Kari Nordmann", "kari@region.example.no"
    db.session.commit()
    for url in (f"/horing/{consultation.slug}", f"/horing/{consultation.slug}/innspill"):
        page = client.get(url).get_data(as_text=True)
        assert "Spørsmål om høringen" in page and "Kari Nordmann" in page
        assert 'href="mailto:kari@region.example.no"' in page

def test_the_published_page_shows_what_was_asked_said_and_assessed(client, db, demo):
    theme = db.session.scalar(select(Theme).where(Theme.consultation_id == demo.id, Theme.focus_area_id.is_not(None)))
    theme.assessment, theme.assessment_text = Assessment.PARTLY, "Vi tar inn vinterdriften i handlingsplanen."
    db.session.commit()
    publish(db, demo)
    page = html.unescape(client.get(f"/horing/{demo.slug}").get_data(as_text=True))
    assert demo.focus_areas[0].title in page and demo.questions[0].text in page  # what was asked
    assert theme.label in page and "Delvis tatt til følge" in page  # what was said, and what came of it
    assert "Vi tar inn vinterdriften i handlingsplanen." in page
    assert f"/horing/{demo.slug}/svar/{tinn(demo).consultee_id}" in page and "/oppsummering" in page
    answer = html.unescape(client.get(f"/horing/{demo.slug}/svar/{tinn(demo).consultee_id}").get_data(as_text=True))
    meta = answer[answer.index("Sendt inn"):].split("</p>", 1)[0]
    assert "Vedtatt av kommunestyret" in meta and meta.index("Vedtatt av") < meta.index("sak ")  # whose case number
    # in English, the page's own words are English and the round's are marked as Norwegian for screen readers
    client.post("/language/en", data={"next": "/"})
    english = client.get(f"/horing/{demo.slug}").get_data(as_text=True)
    assert re.search(r'<h1 lang="nb">', english) and '<ul class="focus-list" lang="nb">' in english
    heading = re.search(r'<section aria-labelledby="said-title"( lang="[a-z]+")?>\s*<h2 id="said-title">([^<]+)</h2>', english)
    assert heading and heading.group(1) is None and heading.group(2) == "What was said, and how it was assessed"


# --- Withheld text: never on the round page or in the list, in any form --------------------------------

def answer_privately(app) -> None:
    """Tinn's response gets the private sentences, and the analysis runs again (in `app`'s open app context)."""
    demo = _db.session.scalar(select(Consultation))
    invitation = next(i for i in demo.invitations if i.consultee.name == "Tinn kommune")
    data = submission.input_from(tinn(demo))
    data.comments[demo.focus_areas[0].id] = f"Vegen over fjellet er farlig om vinteren. {PRIVATE} Vi ber om tiltak."
    submission.submit(invitation, data, expected_version=submission.version_of(invitation),
                      submission_key="private", now=utcnow(), via="link")
    _db.session.commit()
    assert app.test_cli_runner().invoke(args=["analysis", "run", "--round", demo.slug]).exit_code == 0


@pytest.fixture(scope="module")
def private_demo_template(tmp_path_factory, demo_template):
    """The analysed demo with Tinn's private answer, analysed again: built once for this module on a copy
    of `demo_template`; each `private_demo` test starts on a copy of it."""
    return demo_template and sqlite_template(tmp_path_factory, "private-demo", answer_privately, start=demo_template)


@pytest.fixture
def private_demo(app, db, demo, private_demo_template):
    """The demo round, Tinn's response holding the private sentences and analysed (built here when DATABASE_URL names the database)."""
    if private_demo_template is None:
        answer_privately(app)
    return demo


def withhold_everywhere(db, demo, *, long_draft: bool = True) -> None:
    """On `private_demo`: a long draft, the description, an assessment, a theme's label and its quotes
    hold the private sentences too; the passage withheld."""
    if long_draft:  # some 300 000 characters, the private sentences in the middle
        filler = "\n\n".join(f"Avsnitt {n} om samferdsel, skole og helse i regionen." for n in range(3000))
        demo.current_draft.text = f"{filler}\n\nEt eksempel: {PRIVATE}\n\n{filler}"
    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == demo.id)).all()
    theme = db.session.get(Theme, next(u.theme_id for u in units if "Hansen" in u.text and u.theme_id))
    theme.label = "Diagnosen, Storgata, vinterveg"
    theme.summary = [{"consultee": "Tinn kommune", "text": s} for s in PRIVATE_SENTENCES]
    theme.assessment, theme.assessment_text = Assessment.NOTED, f"Vi har merket oss at {PRIVATE_SENTENCES[0]}."
    redaction.add_passage(tinn(demo), PRIVATE, "Personopplysninger", None, utcnow())
    db.session.commit()


def describe_privately(db, demo) -> None:
    """The round's description repeats a private sentence (publication refuses it; here it is set after)."""
    demo.description = f"Bakgrunn: {PRIVATE_SENTENCES[1]}."
    db.session.commit()


def test_withheld_text_never_reaches_the_page_of_an_open_round(client, db, private_demo):
    private_demo.is_open_to_public = True
    withhold_everywhere(db, private_demo)
    describe_privately(db, private_demo)
    page = client.get(f"/horing/{private_demo.slug}").get_data(as_text=True)
    assert_private_text_absent({"round": page, "list": client.get("/horing").get_data(as_text=True)})
    assert "[Unntatt offentlighet: offl. § 13 jf. fvl. § 13 første ledd nr. 1]" in html.unescape(page)
    assert "Avsnitt 2999 om samferdsel" in page  # the rest of the long draft is there
    assert "Høringssvar fra" not in page  # nothing of the responses before publication
    assert "utkast.docx" not in page and client.get(f"/horing/{private_demo.slug}/utkast.docx").status_code == 404


def test_withheld_text_never_reaches_the_page_of_a_published_round(client, db, private_demo):
    withhold_everywhere(db, private_demo)
    publish(db, private_demo)
    describe_privately(db, private_demo)
    page = client.get(f"/horing/{private_demo.slug}").get_data(as_text=True)
    assert_private_text_absent({"round": page, "list": client.get("/horing").get_data(as_text=True)})
    unescaped = html.unescape(page)
    assert "Vinterveg" in unescaped and "Til orientering" in unescaped  # the rest of the label, the assessment
    assert "Vi har merket oss at [Unntatt offentlighet: offl. § 13 jf. fvl. § 13 første ledd nr. 1]" in unescaped
    assert client.get(f"/horing/{private_demo.slug}/utkast.docx").status_code == 404  # the Word file cannot be redacted


def test_a_withheld_title_is_marked_in_the_public_list(client, db, private_demo):
    private_demo.is_open_to_public = True
    private_demo.title = "Høring om Storgata 5 på Rjukan"
    withhold_everywhere(db, private_demo)
    listed = html.unescape(client.get("/horing").get_data(as_text=True))
    assert "Storgata" not in listed and "[Unntatt offentlighet: offl. § 13 jf. fvl. § 13 første ledd nr. 1]" in listed


def test_the_published_demo_round_renders_fast_and_indexes_its_passages_once(client, db, private_demo, monkeypatch):
    withhold_everywhere(db, private_demo, long_draft=False)
    publish(db, private_demo)
    built = []
    original = redaction.Withheld.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redaction.Withheld, "__init__", counting)
    assert client.get(f"/horing/{private_demo.slug}").status_code == 200  # templates compiled, caches warm
    built.clear()
    started = time.perf_counter()
    assert client.get(f"/horing/{private_demo.slug}").status_code == 200
    assert time.perf_counter() - started < 0.5
    assert len(built) == 1


@pytest.mark.parametrize("title", ["Høring om Storgata 5 på Rjukan", "Hansen", "Kari Hansen og naboen",
                                   "Naboen min Kari", "Tilsyn hver natt i Storgata", "Strategi 2030"])
def test_a_title_is_left_alone_only_where_no_passage_could_mark_it(title):
    from app.withheld import Passage, Withheld, may_mark

    for passage in (PRIVATE, "Hansen", "Storgata 5"):
        marked = Withheld([Passage(passage, "Grunn")]).text(title) != title
        assert may_mark(title, passage) or not marked, (title, passage)
    assert not may_mark("Strategi 2030", PRIVATE)


def test_withheld_text_never_reaches_the_sign_up_page_of_an_open_round(client, db, private_demo):
    private_demo.is_open_to_public = True
    withhold_everywhere(db, private_demo)
    describe_privately(db, private_demo)
    page = client.get(f"/horing/{private_demo.slug}/innspill").get_data(as_text=True)
    assert_private_text_absent({"sign-up": page})
    unescaped = html.unescape(page)
    assert "[Unntatt offentlighet: offl. § 13 jf. fvl. § 13 første ledd nr. 1]" in unescaped and "Avsnitt 2999 om samferdsel" in unescaped
    assert 'name="email"' in page  # the form is still there


def test_a_visitor_who_is_not_signed_in_finds_the_public_rounds_from_every_page(client, db, region):
    make_round(db, region, "Strategi for alle", Status.OPEN, open_to_all=True)
    for url in ("/login", "/horing", "/horing/strategi-for-alle"):
        page = client.get(url).get_data(as_text=True)
        assert 'href="/horing">Offentlige høringer</a>' in page or 'href="/horing" aria-current="page">Offentlige høringer' in page, url
    assert 'href="/login">Logg inn</a>' in client.get("/horing").get_data(as_text=True)
