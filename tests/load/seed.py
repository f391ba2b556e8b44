"""Build the round for the deadline rush with the app's own services, and write its links as JSON.

Run in a fresh process with the rush's environment (DATABASE_URL, HORING_INSTANCE_DIR, …) after
`flask db upgrade`: `python -m tests.load.seed OUT.json --consultees 200`. Kept apart from the load
generator so that app.config reads this database's environment, and the client never imports the app.
"""
from __future__ import annotations

import argparse
import json
from datetime import timedelta

from app import create_app
from app.consultations import services as consultations
from app.consultations import structure
from app.consultees import services as consultees
from app.demo import FOCUS_AREAS, demo_draft_docx
from app.extensions import db
from app.invitations import services as invitations
from app.models import ConsulteeKind, Language, Region
from app.timeutil import utcnow

TITLE = "Strategi for Lastregionen 2030"


def seed(count: int) -> dict:
    """Region, `count` consultees, an open round with six focus areas and the default questions, one link each."""
    now = utcnow()
    region = Region(name="Lastregionen", slug="lastregionen")
    db.session.add(region)
    db.session.flush()
    invited = [consultees.create_consultee(region, name=f"Lastkommune {n:03d}", kind=ConsulteeKind.MUNICIPALITY,
                                           email=f"postmottak@last{n:03d}.example.no", org_number=None)
               for n in range(1, count + 1)]
    # The rush is the last hours before the deadline: the round opened weeks ago and still takes answers.
    consultation = consultations.create_consultation(
        region, title=TITLE, description="Forslag til ny strategi for regionsamarbeidet.",
        opens_at=now - timedelta(days=30), deadline_at=now + timedelta(hours=6), language=Language.BOKMAL)
    for group, title, description in FOCUS_AREAS:
        structure.add_focus_area(consultation, title=title, group=group, description=description, keywords="")
    consultations.add_draft_file(consultation, filename="strategi-utkast.docx", data=demo_draft_docx(), user=None,
                                 max_bytes=10 * 1024 * 1024)
    invitations.invite(consultation, invited, now=now)
    # Links are issued before opening, so opening finds nothing left to mail (sent_at is set).
    tokens = {i.consultee.name: invitations.issue_link(i, now) for i in consultation.invitations}
    consultations.open_consultation(consultation, now)
    db.session.commit()
    return {"consultation_id": consultation.id, "focus_areas": len(consultation.focus_areas),
            "questions": len(consultation.questions),
            "consultees": [{"name": name, "token": token} for name, token in sorted(tokens.items())]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", help="where to write the links (JSON)")
    parser.add_argument("--consultees", type=int, default=200)
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        result = seed(args.consultees)
    with open(args.out, "w", encoding="utf-8") as file:
        json.dump(result, file)


if __name__ == "__main__":
    main()
