from datetime import date

import pytest

from app.consultations import structure
from app.errors import ValidationError
from app.meetings import services
from app.models import Meeting, Role, Status
from app.timeutil import utcnow
from tests.conftest import login, make_user


@pytest.fixture
def dialogue_round(db, consultation):
    structure.add_question_set(consultation, "dialogmote")
    db.session.commit()
    return consultation


def question(consultation, text):
    return next(q for q in consultation.questions if q.text == text)


def test_recording_a_meeting_keeps_notes_per_question_and_drops_empty_ones(db, dialogue_round, consultee_a):
    big_enough = question(dialogue_round, "Er vi store nok sammen?")
    regions = question(dialogue_round, "Hva betyr de nye regionene for oss?")
    meeting = services.save_meeting(
        dialogue_round, None, consultee=consultee_a, held_on=date(2019, 3, 11), arena=" Formannskapet ",
        description="Arbeidsmøte  ca. 3 timer", attendees="Formannskapet i Tinn",
        notes={big_enough.id: "Vi er store nok nå.\r\n", regions.id: "   "}, user=None, now=utcnow())
    assert (meeting.arena, meeting.description) == ("Formannskapet", "Arbeidsmøte ca. 3 timer")
    assert meeting.note_for(big_enough.id) == "Vi er store nok nå." and meeting.note_for(regions.id) == ""
    services.save_meeting(dialogue_round, meeting, consultee=None, held_on=date(2019, 3, 12),
                          arena="Representantskapet", description="", attendees="",
                          notes={big_enough.id: "", regions.id: "Viken og Vestfold og Telemark."},
                          user=None, now=utcnow(), expected_version=meeting.version)
    assert meeting.consultee is None and [n.question_id for n in meeting.notes] == [regions.id]


def test_a_meeting_needs_an_arena_and_published_rounds_are_frozen(db, dialogue_round):
    with pytest.raises(ValidationError, match="hvor møtet"):
        services.save_meeting(dialogue_round, None, consultee=None, held_on=date(2019, 3, 11), arena=" ",
                              description="", attendees="", notes={}, user=None, now=utcnow())
    dialogue_round.status = Status.PUBLISHED
    with pytest.raises(ValidationError, match="publisert"):
        services.save_meeting(dialogue_round, None, consultee=None, held_on=date(2019, 3, 11), arena="Møte",
                              description="", attendees="", notes={}, user=None, now=utcnow())


def test_minutes_of_a_meeting_not_held_yet_are_refused_and_keep_what_was_typed(client, db, users, dialogue_round):
    from datetime import timedelta

    tomorrow = (utcnow() + timedelta(days=2)).date()
    with pytest.raises(ValidationError, match="etter i dag"):
        services.save_meeting(dialogue_round, None, consultee=None, held_on=tomorrow, arena="Møte",
                              description="", attendees="", notes={}, user=None, now=utcnow())
    login(client, users["secretariat"])
    big_enough = question(dialogue_round, "Er vi store nok sammen?")
    page = client.post(f"/consultations/{dialogue_round.slug}/meetings/new", data={
        "consultee_id": 0, "held_on": tomorrow.isoformat(), "arena": "Regionrådet",
        f"note-{big_enough.id}": "Skrevet på forhånd"}).get_data(as_text=True)
    assert "Datoen er etter i dag" in page and "Skrevet på forhånd" in page
    assert db.session.query(Meeting).count() == 0


def test_meetings_in_the_browser(client, db, users, dialogue_round, consultee_a):
    login(client, users["secretariat"])
    big_enough = question(dialogue_round, "Er vi store nok sammen?")
    response = client.post(f"/consultations/{dialogue_round.slug}/meetings/new", data={
        "consultee_id": consultee_a.id, "held_on": "2019-03-11", "arena": "Formannskapet",
        "description": "Arbeidsmøte ca. 3 timer", "attendees": "", f"note-{big_enough.id}": "Ja, men åpne døren."})
    assert response.status_code == 302
    meeting = db.session.query(Meeting).one()
    page = client.get(f"/consultations/{dialogue_round.slug}/meetings").get_data(as_text=True)
    assert "Referat formannskapet – Tinn kommune" in page and "Ja, men åpne døren." in page
    page = client.post(f"/consultations/{dialogue_round.slug}/meetings/{meeting.id}/edit",
                       data={"consultee_id": 0, "held_on": "", "arena": "", f"note-{big_enough.id}": "Beholdt tekst"}
                       ).get_data(as_text=True)
    assert "Velg datoen for møtet." in page and "Beholdt tekst" in page
    client.post(f"/consultations/{dialogue_round.slug}/meetings/{meeting.id}/delete")
    assert db.session.query(Meeting).count() == 0


def test_a_meeting_records_where_it_was_held_and_who_took_part(client, db, users, dialogue_round, consultee_a):
    from app.reports.services import collect

    login(client, users["secretariat"])
    big_enough = question(dialogue_round, "Er vi store nok sammen?")
    assert 'name="place"' in client.get(f"/consultations/{dialogue_round.slug}/meetings/new").get_data(as_text=True)
    client.post(f"/consultations/{dialogue_round.slug}/meetings/new", data={
        "consultee_id": consultee_a.id, "held_on": "2019-03-11", "arena": "Formannskapet", "place": " Rjukan,  rådhuset ",
        "description": "Arbeidsmøte ca. 3 timer", "attendees": "Formannskapet i Tinn, rådmannen",
        f"note-{big_enough.id}": "Ja."})
    meeting = db.session.query(Meeting).one()
    assert meeting.place == "Rjukan, rådhuset"
    page = client.get(f"/consultations/{dialogue_round.slug}/meetings").get_data(as_text=True)
    assert "<td>Rjukan, rådhuset</td>" in page and "Til stede: Formannskapet i Tinn, rådmannen" in page
    edit = client.get(f"/consultations/{dialogue_round.slug}/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="Rjukan, rådhuset"' in edit
    minutes = collect(dialogue_round, date(2019, 4, 1)).minutes[0]
    assert minutes.meta == "11. mars 2019 · Formannskapet · Rjukan, rådhuset · Arbeidsmøte ca. 3 timer"
    assert minutes.attendees == "Til stede: Formannskapet i Tinn, rådmannen"
    too_long = client.post(f"/consultations/{dialogue_round.slug}/meetings/{meeting.id}/edit", data={
        "version": str(meeting.version), "consultee_id": consultee_a.id, "held_on": "2019-03-11",
        "arena": "Formannskapet", "place": "x" * 201})
    assert too_long.status_code == 200 and db.session.get(Meeting, meeting.id).place == "Rjukan, rådhuset"
    client.post(f"/consultations/{dialogue_round.slug}/meetings/{meeting.id}/delete")
    assert db.session.query(Meeting).count() == 0


def recorded(consultation, consultee):
    meeting = services.save_meeting(consultation, None, consultee=consultee, held_on=date(2019, 3, 11),
                                    arena="Formannskapet", description="", attendees="",
                                    notes={question(consultation, "Er vi store nok sammen?").id: "Ja."},
                                    user=None, now=utcnow())
    return meeting


def test_deleting_a_meeting_asks_first(client, db, users, dialogue_round, consultee_a):
    meeting = recorded(dialogue_round, consultee_a)
    db.session.commit()
    login(client, users["secretariat"])
    base = f"/consultations/{dialogue_round.slug}/meetings"
    url = f"{base}/{meeting.id}/delete"
    listing = client.get(base).get_data(as_text=True)
    assert f'href="{url}"' in listing and f'action="{url}"' not in listing
    page = client.get(url).get_data(as_text=True)
    assert "Slette møtet?" in page and "«Formannskapet» 11. mars 2019" in page
    assert "innspillene analysen har hentet" in page and "Dette kan ikke angres." in page
    assert f'<form method="post" action="{url}"' in page and f'href="{base}"' in page
    assert db.session.query(Meeting).count() == 1  # asking deleted nothing
    answer = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Møtet er slettet." in answer and db.session.query(Meeting).count() == 0


def test_the_council_can_neither_ask_for_nor_make_a_meeting_deletion(client, db, users, dialogue_round, consultee_a):
    meeting = recorded(dialogue_round, consultee_a)
    db.session.commit()
    login(client, users["council"])
    url = f"/consultations/{dialogue_round.slug}/meetings/{meeting.id}/delete"
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    assert db.session.query(Meeting).count() == 1


def test_deleting_a_meeting_in_another_regions_round_is_not_found(client, db, other_region, dialogue_round):
    meeting = recorded(dialogue_round, None)
    db.session.commit()
    login(client, make_user(db, other_region, Role.SECRETARIAT, "utenfor@example.no"))
    url = f"/consultations/{dialogue_round.slug}/meetings/{meeting.id}/delete"
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert db.session.query(Meeting).count() == 1


def test_the_council_reads_minutes_but_cannot_record_them(client, db, users, dialogue_round):
    login(client, users["council"])
    assert client.get(f"/consultations/{dialogue_round.slug}/meetings").status_code == 200
    assert client.post(f"/consultations/{dialogue_round.slug}/meetings/new",
                       data={"consultee_id": 0, "held_on": "2019-03-11", "arena": "X"}).status_code == 403
    assert db.session.query(Meeting).count() == 0


def test_two_people_editing_the_same_minutes_cannot_overwrite_each_other(client, db, users, dialogue_round,
                                                                          consultee_a):
    import re

    meeting = recorded(dialogue_round, consultee_a)
    db.session.commit()
    note = f"note-{question(dialogue_round, 'Er vi store nok sammen?').id}"
    url = f"/consultations/{dialogue_round.slug}/meetings/{meeting.id}/edit"
    login(client, users["secretariat"])
    first_tab, second_tab = (client.get(url).get_data(as_text=True) for _ in range(2))

    def version(page):
        return re.search(r'name="version" type="hidden" value="(\d*)"', page).group(1)

    form = {"consultee_id": consultee_a.id, "held_on": "2019-03-11", "arena": "Formannskapet"}
    assert client.post(url, data={**form, "version": version(first_tab), note: "Først lagret."}).status_code == 302
    stale = client.post(url, data={**form, "version": version(second_tab), note: "Skrevet i den andre fanen."})
    page = stale.get_data(as_text=True)
    db.session.expire_all()
    assert stale.status_code == 409 and meeting.note_for(int(note.split("-")[1])) == "Først lagret."
    assert "Det som er lagret nå, og det du skrev" in page and "Først lagret." in page
    assert re.search(rf'name="{note}">\s*Skrevet i den andre fanen.</textarea>', page)
    assert version(page) == str(meeting.version)
    # A form without a version (a page from before versions, or a crafted post) is stale too.
    assert client.post(url, data={**form, note: "Uten versjon."}).status_code == 409
    assert client.post(url, data={**form, "version": version(page), note: "Skrevet i den andre fanen."}).status_code == 302
    db.session.expire_all()
    assert meeting.note_for(int(note.split("-")[1])) == "Skrevet i den andre fanen."


def test_saving_minutes_from_a_stale_version_is_refused(db, dialogue_round):
    from app.errors import ConflictError

    meeting = recorded(dialogue_round, None)
    for expected in (None, meeting.version + 1):
        with pytest.raises(ConflictError):
            services.save_meeting(dialogue_round, meeting, consultee=None, held_on=date(2019, 3, 11), arena="Møte",
                                  description="", attendees="", notes={}, user=None, now=utcnow(),
                                  expected_version=expected)


def test_attendees_typed_one_per_line_stay_apart_on_the_page_and_in_the_report(client, db, users, dialogue_round):
    from app.reports.services import collect

    services.save_meeting(dialogue_round, None, consultee=None, held_on=date(2019, 3, 11), arena="Representantskapet",
                          description="", attendees="Ordfører Kari Nordmann\r\nRådmann Ola Hansen\n\n  Siri Sekretær ",
                          notes={}, user=None, now=utcnow())
    db.session.commit()
    listed = "Ordfører Kari Nordmann, Rådmann Ola Hansen, Siri Sekretær"
    login(client, users["secretariat"])
    assert listed in client.get(f"/consultations/{dialogue_round.slug}/meetings").get_data(as_text=True)
    minutes = collect(dialogue_round, date.today()).minutes
    assert any(listed in m.attendees for m in minutes)


def test_the_meeting_form_lists_the_invited_consultees_first(client, db, users, dialogue_round, consultee_a,
                                                              consultee_b):
    from app.invitations import services as invitations
    from app.timeutil import utcnow

    invitations.invite(dialogue_round, [consultee_a], now=utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{dialogue_round.slug}/meetings/new").get_data(as_text=True)
    start = page.index('name="consultee_id"')
    select = page[start:page.index("</select>", start)]
    invited, others = select.split('<optgroup label="Andre i registeret">')
    assert '<optgroup label="Invitert til høringen">' in invited and consultee_a.name in invited
    assert consultee_b.name in others and consultee_b.name not in invited


def test_the_form_of_a_published_rounds_meeting_is_not_offered(client, db, users, dialogue_round):
    """The form opened by its address after publication, and only refused what was typed into it on saving."""
    meeting = services.save_meeting(dialogue_round, None, consultee=None, held_on=date(2019, 3, 11), arena="Møte",
                                    description="", attendees="", notes={}, user=None, now=utcnow())
    dialogue_round.status = Status.PUBLISHED
    db.session.commit()
    login(client, users["secretariat"])
    for path in (f"meetings/{meeting.id}/edit", "meetings/new"):
        page = client.get(f"/consultations/{dialogue_round.slug}/{path}", follow_redirects=True)
        text = page.get_data(as_text=True)
        assert page.request.path.endswith("/meetings") and "referatene kan ikke endres" in text
