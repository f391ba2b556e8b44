"""The one place that builds demo data: the Kongsbergregionen region and an open round.

Every text here is written for the demo. Running `load()` again changes nothing that exists.
"""
from __future__ import annotations

import io
from datetime import time, timedelta

from docx import Document
from flask import current_app
from sqlalchemy import select

from app import demo_responses
from app.auth import services as auth
from app.consultations import services as consultations
from app.consultations import structure
from app.consultees import orgnr
from app.consultees import services as consultees
from app.extensions import db
from app.invitations import services as invitations
from app.models import Consultation, Consultee, ConsulteeKind, Language, Region, Role, Status
from app.timeutil import local_to_utc, to_local, utcnow

REGION_NAME, REGION_SLUG = "Kongsbergregionen", "kongsbergregionen"
ROUND_SLUG = "kongsbergregionen-strategi-2019-2030"
ROUND_TITLE = "Strategi Kongsbergregionen 2019–2030"
PASSWORD = "demo-passord-2030"

MUNICIPALITIES = ("Kongsberg", "Notodden", "Tinn", "Hjartdal", "Flesberg", "Rollag", "Nore og Uvdal")
COUNTY = "Buskerud fylkeskommune"

USERS = (
    ("admin@demo.kongsbergregionen.no", "Ada Admin", Role.ADMIN, None),
    ("sekretariat@demo.kongsbergregionen.no", "Siri Sekretær", Role.SECRETARIAT, None),
    ("radet@demo.kongsbergregionen.no", "Rolf Rådsmedlem", Role.COUNCIL, None),
    ("arkiv@demo.kongsbergregionen.no", "Arne Arkivar", Role.RECORDS, None),
    ("tinn@demo.kongsbergregionen.no", "Tone fra Tinn", Role.CONSULTEE, "Tinn kommune"),
    ("kongsberg@demo.kongsbergregionen.no", "Kari fra Kongsberg", Role.CONSULTEE, "Kongsberg kommune"),
)

FOCUS_AREAS = (
    ("Samfunnsutvikling", "Kommunikasjon, infrastruktur og samferdsel",
     "Vei, bane, kollektivtilbud og digital infrastruktur som binder regionen sammen og knytter den til nabofylkene."),
    ("Samfunnsutvikling", "Kompetanseutvikling og innovasjon",
     "Utdanningstilbud fra fagskole til universitet, og samarbeid mellom næringsliv og forskningsmiljøer om nye løsninger."),
    ("Samfunnsutvikling", "Fellesprosjekter innen næringsutvikling og steds- og områdeutvikling",
     "Utvalgte prosjekter der kommunene oppnår mer sammen enn hver for seg, for eksempel reiseliv og attraktive tettsteder."),
    ("Tjenesteutvikling", "Kvalitet i tjenesteleveranse",
     "Felles ambisjonsnivå for kommunale tjenester, god prosjektstyring og oppfølging av gevinster."),
    ("Tjenesteutvikling", "Kompetanseutvikling",
     "Regionale fagnettverk og felles opplæring som gjør de ansatte i kommunene bedre rustet."),
    ("Tjenesteutvikling", "Innovasjon og digitalisering",
     "Felles digitale løsninger og deltakelse i nasjonale satsinger, slik at innbyggerne får enklere tjenester."),
)

DESCRIPTION = ("Sekretariatet sender forslag til ny strategi for regionsamarbeidet på høring til kommunene "
               "og fylkeskommunen. Vi ber om synspunkter på satsingsområdene, hvordan vi skal jobbe sammen, "
               "og hva som er viktigst for hver kommune de neste årene.")


def load() -> str:
    """Create whatever of the demo is missing; return a one-line summary."""
    region = _region()
    register = {c.name: c for c in consultees.list_consultees(region, include_archived=True)}
    for index, name in enumerate([f"{m} kommune" for m in MUNICIPALITIES] + [COUNTY]):
        if name not in register:
            kind = ConsulteeKind.COUNTY if name == COUNTY else ConsulteeKind.MUNICIPALITY
            register[name] = consultees.create_consultee(
                region, name=name, kind=kind, email=f"postmottak@{_domain(name)}.demo.no",
                org_number=demo_org_number(index))
    for email, name, role, consultee_name in USERS:
        if auth.find_user_by_email(email) is None:
            auth.create_user(email=email, name=name, password=PASSWORD, role=role, region=region,
                             consultee=register.get(consultee_name))
    _round(region, list(register.values()))
    db.session.flush()
    return f"Demo data ready: {region.name}, {len(register)} consultees, round {ROUND_SLUG}."


def _region() -> Region:
    region = db.session.scalar(select(Region).where(Region.slug == REGION_SLUG))
    if region is None:
        region = Region(name=REGION_NAME, slug=REGION_SLUG)
        db.session.add(region)
        db.session.flush()
    return region


def _round(region: Region, invited: list[Consultee]) -> Consultation:
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == ROUND_SLUG))
    if consultation is not None:
        return consultation
    # The round opened 40 days ago and its deadline passed 6 days ago: most answers are in,
    # one came late, and the county council has an extension that still runs.
    now = utcnow()
    opened = now - timedelta(days=40)
    # at noon, as a secretariat sets it (the round's form takes whole minutes)
    deadline = local_to_utc(to_local(now - timedelta(days=6)).date(), time(12, 0))
    consultation = consultations.create_consultation(
        region, title=ROUND_TITLE, description=DESCRIPTION, opens_at=opened,
        deadline_at=deadline, language=Language.BOKMAL,
        contact=consultations.Contact("Siri Sekretær", "sekretariat@demo.kongsbergregionen.no", "32 00 00 00"))
    consultation.slug = ROUND_SLUG
    for group, title, description in FOCUS_AREAS:
        structure.add_focus_area(consultation, title=title, group=group, description=description, keywords="")
    structure.add_question_set(consultation, "dialogmote")
    consultations.add_draft_file(consultation, filename="strategi-kongsbergregionen-utkast.docx",
                                 data=demo_draft_docx(), user=None, max_bytes=10 * 1024 * 1024)
    # made and given its draft before it opened, as a secretariat does (the archive journals the draft by this date)
    consultation.created_at = consultation.current_draft.uploaded_at = opened - timedelta(days=2)
    invitations.invite(consultation, invited, now=opened)
    consultations.open_consultation(consultation, now=opened)
    demo_responses.add_responses(consultation, now)
    demo_responses.add_meetings(consultation, now)
    return consultation


def demo_draft_docx() -> bytes:
    """A short strategy draft in the shape of the real one, in our own words."""
    document = Document()
    document.add_heading(ROUND_TITLE, 0)
    document.add_paragraph("Visjon: En synlig region som skaper verdier sammen.")
    for group, lead in (("Samfunnsutvikling", "Sterkere politisk gjennomslag for saker vi er enige om."),
                        ("Tjenesteutvikling", "Gode og framtidsrettede tjenester gjennom samarbeid.")):
        document.add_heading(group, 1)
        document.add_paragraph(lead)
        document.add_paragraph("Hovedsatsingsområder er:")
        for area_group, title, _ in FOCUS_AREAS:
            if area_group == group:
                document.add_paragraph(title, style="List Bullet")
        document.add_paragraph("Hvordan:")
        for how in ("Bli enige om hvilke saker regionen skal løfte", "Planlegge i god tid", "Lære av hverandre"):
            document.add_paragraph(how, style="List Bullet")
    document.add_heading("Premisser for samarbeidet", 1)
    for premise in ("Kommunene er likeverdige parter.", "Vi står sammen i saker regionen fronter.",
                    "Vi søker enighet før vi beslutter."):
        document.add_paragraph(premise, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def demo_org_number(index: int) -> str:
    """A made-up organisation number with a valid check digit (demo data is fictional)."""
    base = 910_000_000 // 10 + 1_000 * (index + 1)
    while True:
        digits = f"{base:08d}"
        check = orgnr.check_digit(digits)
        if check is not None:
            return f"{digits}{check}"
        base += 1


def _domain(name: str) -> str:
    stem = name.removesuffix(" kommune").removesuffix(" fylkeskommune").lower()
    return stem.replace(" ", "").replace("ø", "o").replace("å", "a").replace("æ", "ae")


def logins_text() -> str:
    """The demo logins, and a fresh link for the county council's invitation (the old one stops working)."""
    lines = ["", f"Høring demo — {current_app.config['BASE_URL']}", f"Password for every demo user: {PASSWORD}"]
    lines += [f"  {str(role.label):<33} {email}" for email, _, role, _ in USERS]
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == ROUND_SLUG))
    invitation = next((i for i in consultation.invitations if i.consultee.name == COUNTY), None) if consultation else None
    if invitation is not None and consultation.status is Status.OPEN:
        token = invitations.issue_link(invitation, utcnow())
        lines.append(f"Invitation link for {COUNTY} (no login needed): {invitations.invitation_link(token)}")
    return "\n".join(lines + [""])
