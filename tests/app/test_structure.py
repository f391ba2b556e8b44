import re

import pytest

from app.consultations import structure
from app.errors import ValidationError
from app.models import Language, QuestionKind
from tests.conftest import login, make_consultation


def titles(consultation):
    return [a.title for a in consultation.focus_areas]


def test_focus_areas_are_added_edited_reordered_and_deleted(db, consultation):
    for title in ("Samferdsel", "Kompetanse", "Reiseliv"):
        structure.add_focus_area(consultation, title=title, group="Samfunnsutvikling", description="", keywords="")
    structure.move_focus_area(consultation, consultation.focus_areas[2], -1)
    assert titles(consultation) == ["Samferdsel", "Reiseliv", "Kompetanse"]
    structure.move_focus_area(consultation, consultation.focus_areas[0], -1)
    assert titles(consultation) == ["Samferdsel", "Reiseliv", "Kompetanse"]
    structure.update_focus_area(consultation, consultation.focus_areas[1], title=" Reiseliv  og turisme ",
                                group="", description="Besøksnæring", keywords="hytter, ,  turisme ")
    area = consultation.focus_areas[1]
    assert (area.title, area.group, area.keywords) == ("Reiseliv og turisme", None, "hytter, turisme")
    structure.delete_focus_area(consultation, consultation.focus_areas[0])
    assert [a.position for a in consultation.focus_areas] == [0, 1]


def test_a_focus_area_needs_a_title(db, consultation):
    with pytest.raises(ValidationError):
        structure.add_focus_area(consultation, title="  ", group=None, description="", keywords="")


def test_new_rounds_start_with_the_default_questions_in_their_language(db, region):
    nb = make_consultation(db, region, "Bokmål")
    nn = make_consultation(db, region, "Nynorsk", language=Language.NYNORSK)
    assert [q.kind for q in nb.questions] == [QuestionKind.POSITION, QuestionKind.RANKING,
                                              QuestionKind.TEXT, QuestionKind.TEXT]
    assert nb.questions[1].text.startswith("Ranger satsingsområdene")
    assert nn.questions[2].text == "Er det noko som manglar i utkastet?"


def test_the_dialogue_meeting_template_adds_its_questions_once(db, consultation):
    added = structure.add_question_set(consultation, "dialogmote")
    assert added[0].text == "Hva betyr de nye regionene for oss?"
    assert "Er vi store nok sammen?" in [q.text for q in consultation.questions]
    assert structure.add_question_set(consultation, "dialogmote") == []
    assert structure.add_question_set(consultation, "standard") == []


def test_a_round_holds_one_position_and_one_ranking_question(db, consultation):
    with pytest.raises(ValidationError, match="allerede"):
        structure.add_question(consultation, kind=QuestionKind.RANKING, text="Ranger igjen", help_text="",
                               is_required=False)
    ranking = consultation.questions[1]
    structure.update_question(consultation, ranking, kind=QuestionKind.RANKING, text="Ny ordlyd",
                              help_text="", is_required=True)
    assert ranking.text == "Ny ordlyd"


def test_questions_are_reordered_and_deleted(db, consultation):
    last = consultation.questions[-1]
    structure.move_question(consultation, last, -1)
    assert consultation.questions[-2] is last
    structure.delete_question(consultation, last)
    assert last not in consultation.questions and [q.position for q in consultation.questions] == [0, 1, 2]


def test_question_and_focus_area_pages(client, users, db, consultation):
    login(client, users["secretariat"])
    slug = consultation.slug
    client.post(f"/consultations/{slug}/focus-areas", data={"title": "Samferdsel", "group": "Samfunnsutvikling",
                                                             "description": "Vei og bane", "keywords": "E134"})
    client.post(f"/consultations/{slug}/focus-areas", data={"title": "Helse", "group": "", "description": "",
                                                             "keywords": ""})
    second = consultation.focus_areas[1]
    client.post(f"/consultations/{slug}/focus-areas/{second.id}/up")
    db.session.expire_all()
    assert titles(consultation) == ["Helse", "Samferdsel"]
    client.post(f"/consultations/{slug}/focus-areas/{second.id}/edit",
                data={"title": "Helse og omsorg", "group": "Tjenesteutvikling", "description": "", "keywords": ""})
    client.post(f"/consultations/{slug}/questions", data={"kind": "text", "text": "Hva savner dere?",
                                                           "help_text": "", "is_required": "y"})
    client.post(f"/consultations/{slug}/questions/template/dialogmote")
    db.session.expire_all()
    assert titles(consultation)[0] == "Helse og omsorg"
    assert consultation.questions[4].text == "Hva savner dere?" and consultation.questions[4].is_required
    assert len(consultation.questions) == 15
    page = client.get(f"/consultations/{slug}/questions").get_data(as_text=True)
    assert "Hvordan oppnå konsensus og gode prosesser?" in page


@pytest.mark.parametrize("kind", ["text", "yes_no", "ranking"])
def test_a_questions_edit_page_shows_its_kind_and_saving_its_new_words_keeps_it(client, users, db, consultation, kind):
    login(client, users["secretariat"])
    question = next((q for q in consultation.questions if q.kind.value == kind), None)
    if question is None:
        client.post(f"/consultations/{consultation.slug}/questions", data={"kind": kind, "text": "Hva mener dere?"})
        db.session.expire_all()
        question = next(q for q in consultation.questions if q.kind.value == kind)
    url = f"/consultations/{consultation.slug}/questions/{question.id}/edit"
    page = client.get(url).get_data(as_text=True)
    chosen = [a or b for a, b in re.findall(r'<option selected value="(\w+)"|<option value="(\w+)" selected', page)]
    assert chosen == [kind]
    client.post(url, data={"kind": chosen[0], "text": "Nye ord for spørsmålet?", "help_text": ""})  # as the browser sends it
    db.session.refresh(question)
    assert question.kind.value == kind and question.text == "Nye ord for spørsmålet?"


@pytest.mark.parametrize("action", ["open", "close", "report", "publish"])
def test_a_step_taken_already_is_not_offered_again_on_its_confirmation_page(client, users, db, consultation, action):
    from app.models import Status

    consultation.status = Status.PUBLISHED  # every step is behind it
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/confirm/{action}", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Høringen har status «Publisert», så dette steget kan ikke tas nå" in text
    assert "Ja, publisere" not in text


def test_bad_focus_area_input_keeps_what_was_typed(client, users, db, consultation):
    login(client, users["secretariat"])
    page = client.post(f"/consultations/{consultation.slug}/focus-areas",
                       data={"title": "", "group": "Samfunnsutvikling", "description": "Lang tekst", "keywords": ""}
                       ).get_data(as_text=True)
    assert "Satsingsområdet må ha en tittel." in page and "Lang tekst" in page
    assert consultation.focus_areas == []


def test_a_round_holds_at_most_fifty_focus_areas_and_fifty_questions(db, consultation):
    for n in range(structure.MAX_FOCUS_AREAS):
        structure.add_focus_area(consultation, title=f"Område {n}", group=None, description="", keywords="")
    with pytest.raises(ValidationError, match="høyst 50 satsingsområder"):
        structure.add_focus_area(consultation, title="Ett til", group=None, description="", keywords="")
    while len(consultation.questions) < structure.MAX_QUESTIONS:
        structure.add_question(consultation, kind=QuestionKind.TEXT, text=f"Spørsmål {len(consultation.questions)}",
                               help_text="", is_required=False)
    with pytest.raises(ValidationError, match="høyst 50 spørsmål"):
        structure.add_question(consultation, kind=QuestionKind.TEXT, text="Ett til", help_text="", is_required=False)
    with pytest.raises(ValidationError, match="høyst 50 spørsmål"):
        structure.add_question_set(consultation, "dialogmote")
    assert len(consultation.questions) == structure.MAX_QUESTIONS


def test_a_draft_with_thousands_of_headings_proposes_the_first_fifty_areas(db, region):
    from app.consultations import services

    consultation = make_consultation(db, region)
    text = "".join(f"# Område {n}\nTekst om området.\n" for n in range(3_000))
    services.add_draft_text(consultation, text=text, user=None)
    assert titles(consultation) == [f"Område {n}" for n in range(structure.MAX_FOCUS_AREAS)]
