"""Helpers the tests share for building rounds and answering them as a consultee does.

Fixtures live in the conftest.py files (tests/conftest.py: the app, users and rounds; tests/app/conftest.py:
the answered round `round_` and the analysed demo); these are the plain functions beside them.
"""
from __future__ import annotations

import re

from app.consultations import services as consultations
from app.invitations import services as invitations
from app.models import QuestionKind
from app.responses.submission import ResponseInput
from app.timeutil import utcnow
from tests.conftest import docx_bytes, kongsberg_shaped_draft


def complete_input(consultation, comment: str = "Vi støtter satsingen.") -> ResponseInput:
    """Every question answered."""
    data = ResponseInput(adopted_by="kommunestyre", case_number="19/4976")
    for i, area in enumerate(consultation.focus_areas, start=1):
        data.positions[area.id], data.comments[area.id], data.ranks[area.id] = "enig", comment, i
    for question in consultation.questions:
        data.texts[question.id] = "Ingen flere merknader."
        data.yes[question.id] = True
    return data


def form_fields(consultation, data: ResponseInput) -> dict:
    """The same answers as the browser would post them."""
    fields = {"adopted_by": data.adopted_by or "", "case_number": data.case_number, "decision_date": ""}
    for question in consultation.questions:
        if question.kind is QuestionKind.POSITION:
            for area in consultation.focus_areas:
                fields[f"pos-{area.id}"] = data.positions.get(area.id) or ""
                fields[f"com-{area.id}"] = data.comments.get(area.id, "")
        elif question.kind is QuestionKind.RANKING:
            for area in consultation.focus_areas:
                rank = data.ranks.get(area.id)
                fields[f"rank-{question.id}-{area.id}"] = str(rank) if rank else ""
        else:
            fields[f"q-{question.id}"] = data.texts.get(question.id, "")
    return fields


def open_round_for(db, consultation, *consultees):
    """Open `consultation` with a draft, invite `consultees` and return each one's link token by name."""
    consultations.add_draft_file(consultation, filename="u.docx", data=docx_bytes(kongsberg_shaped_draft),
                                 user=None, max_bytes=10_000_000)
    invitations.invite(consultation, consultees, now=utcnow())
    consultations.open_consultation(consultation, utcnow())
    tokens = {i.consultee.name: invitations.issue_link(i, utcnow()) for i in consultation.invitations}
    db.session.commit()
    return tokens


def invitation_of(consultation, name):
    """The round's invitation of the consultee called `name`."""
    return next(i for i in consultation.invitations if i.consultee.name == name)


def page_version(page: str) -> str:
    """The response version the form on `page` was loaded at."""
    return re.search(r'name="version" type="hidden" value="(\d*)"', page).group(1)


def page_key(page: str) -> str:
    """The submission key of the form on `page` (one per loaded form)."""
    return re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)
