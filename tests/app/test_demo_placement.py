"""Every demo comment sits where a reader of the report would put it.

An answer written in a focus area's box stays there. A meeting note or a free-text answer joins
a focus area only where it clearly speaks about it; otherwise it stays with its question, which
labels its theme outside the focus areas. The list names each comment by how it begins.
"""
from __future__ import annotations

from sqlalchemy import select

from app.models import CommentUnit

TRANSPORT = "Kommunikasjon, infrastruktur og samferdsel"
COMPETENCE_INNOVATION = "Kompetanseutvikling og innovasjon"
JOINT_PROJECTS = "Fellesprosjekter innen næringsutvikling og steds- og områdeutvikling"
QUALITY = "Kvalitet i tjenesteleveranse"
COMPETENCE = "Kompetanseutvikling"
DIGITAL = "Innovasjon og digitalisering"

#: How a comment begins → the focus area it belongs to, or the question («…?») it stays with
EXPECTED = {
    # Kongsberg
    "Vi støtter at samferdsel står først": TRANSPORT,
    "Samarbeidet med universitetet og fagskolen": COMPETENCE_INNOVATION,
    "Vi er enige i fellesprosjekter": JOINT_PROJECTS,
    "Digitaliseringsprosjektet har gitt gode resultater": DIGITAL,
    "Strategien sier lite om beredskap": "Er det noe som mangler i utkastet?",
    "Vi er store nok i dag": "Er vi store nok sammen?",
    # Tinn
    "Bredbånd og mobildekning i fjellbygdene": TRANSPORT,
    "Kompetanse er viktig, men tiltakene": COMPETENCE_INNOVATION,
    "Vi er uenige i at steds- og områdeutvikling": JOINT_PROJECTS,
    "Felles kvalitetskrav er bra": QUALITY,
    # Depopulation is what the joint place-development projects are meant to answer
    "En sterk region motvirker sentralisering og fraflytting": JOINT_PROJECTS,
    # It names the quality of the service cooperation outright
    "Vi er store nok nå, men døren bør stå åpen": QUALITY,
    "Kortere og hyppigere digitale møter": "Hvordan endre arbeidsmetoder for å nå målene?",
    # Hjartdal (nynorsk)
    "Riksveg og fylkesveg gjennom kommunen": TRANSPORT,
    "Reiselivet er viktig for oss": JOINT_PROJECTS,
    "Små kommunar treng felles digitale løysingar": DIGITAL,
    "Kulturen og dei lokale tradisjonane": "Andre merknader til utkastet",
    "Vi må sjå potensialet i dei mindre kommunane": "Hvordan ruste oss for fremtiden?",
    # Flesberg
    "Flesberg kan ikke støtte": JOINT_PROJECTS,
    "Delvis enig. Kvalitet må defineres": QUALITY,
    "Vi foreslår et felles introduksjonsprogram": COMPETENCE,
    "Vi savner konkrete mål": "Er det noe som mangler i utkastet?",
    "Regionrådet bør få saker tidligere": "Hvordan oppnå konsensus og gode prosesser?",
    # Rollag
    "Vi støtter satsingen på samferdsel": TRANSPORT,
    "Vi er delvis enige. Små kommuner": QUALITY,
    "Regionale fagnettverk er nyttige": COMPETENCE,
    "Vi har ingen flere merknader": "Andre merknader til utkastet",
    # Nore og Uvdal
    "Fiber og mobil langs Numedalsvegen": TRANSPORT,
    "Innovasjon skjer også i små bedrifter": COMPETENCE_INNOVATION,
    "Felles løsninger for velferdsteknologi": DIGITAL,
    "Møtene i regionrådet bør legges": "Andre merknader til utkastet",
    "Numedalsvegen og utbygging av mobilnettet": TRANSPORT,
    # The joint meeting
    "Regionen må forholde seg til to fylker": "Hva betyr de nye regionene for oss?",
    "Flertallet mener regionen er stor nok": "Er vi store nok sammen?",
    "Mer politisk samhandling, og tettere kobling": COMPETENCE_INNOVATION,
    "Felles innspill til Nasjonal transportplan": TRANSPORT,
    # Tinn's formannskap
    "Fraflytting er en felles utfordring": JOINT_PROJECTS,
    "Vi er store nok nå. Flere kommuner": "Er vi store nok sammen?",
    "Tjenestesamarbeidet må videreutvikles": "Hva er spesielt viktig for vår region?",
    "Vi skriver for mange brev": "Hvordan endre arbeidsmetoder for å nå målene?",
    # The county administration
    "Fylkeskommunen ser regionrådet som en viktig partner": "Hva betyr de nye regionene for oss?",
    "Kollektivtilbudet over fylkesgrensen": TRANSPORT,
}


def _where(unit: CommentUnit) -> str:
    if unit.focus_area is not None:
        return unit.focus_area.title
    return unit.theme.label if unit.theme is not None else ""


def test_every_demo_comment_sits_where_a_reader_would_put_it(db, demo):
    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == demo.id)).all()
    found = {}
    for unit in units:
        starts = [s for s in EXPECTED if unit.text.startswith(s)]
        assert len(starts) == 1, f"no expectation for {unit.text[:60]!r}"
        found[starts[0]] = _where(unit)
    assert set(found) == set(EXPECTED), f"comments not found: {set(EXPECTED) - set(found)}"
    wrong = {start: (where, EXPECTED[start]) for start, where in found.items() if where != EXPECTED[start]}
    assert not wrong


def test_answers_stay_in_the_box_their_consultee_wrote_them_in(db, demo):
    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == demo.id,
                                                         CommentUnit.asked_focus_area_id.is_not(None))).all()
    assert units
    assert all(not u.is_moved for u in units)


def test_no_meeting_note_about_the_regions_organisation_lands_under_transport(db, demo):
    transport = next(a for a in demo.focus_areas if a.title == TRANSPORT)
    notes = db.session.scalars(select(CommentUnit).where(CommentUnit.meeting_id.is_not(None),
                                                         CommentUnit.focus_area_id == transport.id)).all()
    assert sorted(u.text[:20] for u in notes) == ["Felles innspill til ", "Kollektivtilbudet ov"]


def test_a_sentence_that_leans_on_the_one_before_it_stays_in_its_comment(db, demo):
    texts = db.session.scalars(select(CommentUnit.text).where(CommentUnit.consultation_id == demo.id)).all()
    for first, then in (("Vi er uenige i at steds- og områdeutvikling", "Det passer bedre på kommunalt nivå"),
                        ("Vi skriver for mange brev", "Vi bør heller møte")):
        assert any(t.startswith(first) and then in t for t in texts), (first, then)
