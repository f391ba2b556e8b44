"""Demo responses and dialogue meetings for the demo round, written for the demo.

Varied on purpose: agreement, objections, proposals, comments that touch two focus areas,
one that fits none, a nynorsk response, a late one with a granted extension, a draft.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from app.invitations import deadlines as extensions
from app.meetings import services as meetings
from app.models import Consultation, Invitation, Position
from app.responses import submission

#: The letters the positions are written with below
P = {"E": Position.AGREE.value, "D": Position.PARTLY.value, "U": Position.DISAGREE.value,
     "I": Position.NO_COMMENT.value}

#: consultee → (positions for the six focus areas, comments by focus-area index, ranking,
#: answers by question index, adopted by, case number, days before "now" it was submitted)
RESPONSES = {
    "Kongsberg kommune": (
        "EEDEEE",
        {0: "Vi støtter at samferdsel står først. E134 og en raskere togforbindelse mot Drammen og Oslo er "
            "avgjørende for at bedriftene våre får tak i folk.",
         1: "Samarbeidet med universitetet og fagskolen bør få en tydeligere plass, gjerne med et felles "
            "program for etter- og videreutdanning.",
         2: "Vi er enige i fellesprosjekter, men stedsutvikling i sentrum må fortsatt ligge hos hver kommune.",
         5: "Digitaliseringsprosjektet har gitt gode resultater. Det bør videreføres med egen finansiering."},
        [1, 2, 5, 6, 3, 4],
        {2: "Strategien sier lite om beredskap og samfunnssikkerhet. Vi savner et eget avsnitt om det.",
         5: "Vi er store nok i dag, men bør se på samarbeid med nabokommuner i retning Drammen."},
        "formannskap", "19/2231", 21),
    "Tinn kommune": (
        "EDUEDE",
        {0: "Bredbånd og mobildekning i fjellbygdene må med, ikke bare vei og bane.",
         1: "Kompetanse er viktig, men tiltakene må også nå de minste kommunene.",
         2: "Vi er uenige i at steds- og områdeutvikling skal være et regionalt satsingsområde. Det passer "
            "bedre på kommunalt nivå, og regionen bør bruke kreftene på færre saker.",
         3: "Felles kvalitetskrav er bra, men det må ikke bli mer rapportering for små fagmiljøer."},
        [1, 4, 6, 2, 5, 3],
        {4: "En sterk region motvirker sentralisering og fraflytting. Vi må følge med på hvilke oppgaver "
            "de nye fylkene tar over.",
         5: "Vi er store nok nå, men døren bør stå åpen for flere kommuner så lenge kvaliteten i "
            "tjenestesamarbeidet holdes.",
         11: "Kortere og hyppigere digitale møter vil gjøre oss mer effektive."},
        "kommunestyre", "19/4976", 9),
    "Hjartdal kommune": (
        "EEDEIE",
        {0: "Riksveg og fylkesveg gjennom kommunen treng opprusting. Kollektivtilbodet til Notodden må "
            "styrkjast, elles vert det vanskeleg å pendle.",
         2: "Reiselivet er viktig for oss. Vi ønskjer eit felles reiselivsprosjekt med hytteturistar og "
            "lokale produsentar.",
         5: "Små kommunar treng felles digitale løysingar; vi kan ikkje byggje alt sjølve."},
        [1, 5, 2, 3, 6, 4],
        {3: "Kulturen og dei lokale tradisjonane burde vere nemnde i strategien.",
         6: "Vi må sjå potensialet i dei mindre kommunane når tenestesamarbeid skal lokaliserast."},
        "formannskap", "", 15),
    "Flesberg kommune": (
        "EEUDDE",
        {2: "Flesberg kan ikke støtte at næringsutvikling og stedsutvikling løftes til regionen. Erfaringen er "
            "at fellesprosjekter her ender med at de største kommunene får mest.",
         3: "Delvis enig. Kvalitet må defineres sammen med fagfolkene, ikke ovenfra.",
         4: "Vi foreslår et felles introduksjonsprogram for nyansatte i helse og omsorg."},
        [2, 1, 6, 3, 4, 5],
        {2: "Vi savner konkrete mål for hvordan samarbeidet skal måles.",
         13: "Regionrådet bør få saker tidligere, slik at kommunestyrene rekker å behandle dem."},
        "administrasjon", "", 12),
    "Rollag kommune": (
        "EEEDEE",
        {0: "Vi støtter satsingen på samferdsel. Bedre veg til Kongsberg er det viktigste for Rollag.",
         3: "Vi er delvis enige. Små kommuner må få være med på å bestemme ambisjonsnivået.",
         4: "Regionale fagnettverk er nyttige, og bør også omfatte barnehage og skole."},
        [1, 3, 6, 2, 5, 4],
        {3: "Vi har ingen flere merknader ut over det som står over."},
        "kommunestyre", "19/118", 1),
    "Nore og Uvdal kommune": (
        "EDEEEE",
        {0: "Fiber og mobil langs Numedalsvegen er like viktig som selve vegen, både for reiselivet og for "
            "hjemmekontor i hyttene.",
         1: "Innovasjon skjer også i små bedrifter; ordningene må passe for dem.",
         5: "Felles løsninger for velferdsteknologi bør komme først."},
        [1, 2, 5, 3, 6, 4],
        {3: "Møtene i regionrådet bør legges til tider som passer for politikere med vanlig jobb ved siden av.",
         9: "Numedalsvegen og utbygging av mobilnettet i hele dalen."},
        "formannskap", "", -2),
}

#: Notodden has saved a draft but not sent it
DRAFT = ("Notodden kommune", "EE  E ", {0: "Jernbanen til Notodden må inn i Nasjonal transportplan."})


def add_responses(consultation: Consultation, now: datetime) -> None:
    """Responses from six municipalities, a draft from a seventh, and the extensions behind the late one."""
    invitations = {i.consultee.name: i for i in consultation.invitations}
    _extension(invitations["Rollag kommune"], consultation.deadline_at + timedelta(days=4),
               "Saken behandles i kommunestyret etter fristen.", granted=True, at=consultation.deadline_at - timedelta(days=3))
    _extension(invitations["Buskerud fylkeskommune"], now + timedelta(days=14),
               "Uttalelsen skal behandles politisk i fylkesutvalget.", granted=True, at=now - timedelta(days=2))
    for name, (positions, comments, ranks, texts, adopted_by, case_number, days_ago) in RESPONSES.items():
        invitation = invitations[name]
        when = now - timedelta(days=days_ago) if days_ago >= 0 else consultation.deadline_at + timedelta(days=-days_ago)
        when = min(when, now)
        data = _input(consultation, positions, comments, ranks, texts, adopted_by, case_number, when)
        invitation.opened_at = invitation.opened_at or when - timedelta(hours=3)
        submission.submit(invitation, data, expected_version=None, submission_key=f"demo-{invitation.id}",
                          now=when, via="link", mail_receipt=False)
    name, positions, comments = DRAFT
    data = _input(consultation, positions, comments, {}, {}, None, "", now)
    invitations[name].opened_at = now - timedelta(days=3)
    submission.save_draft(invitations[name], data, expected_version=None, now=now - timedelta(days=1))


def _extension(invitation: Invitation, until: datetime, reason: str, *, granted: bool, at: datetime) -> None:
    request = extensions.request_extension(invitation, until, reason, now=at, tell_secretariat=False)
    request.decide(granted=granted, answer="Innvilget." if granted else "Avslått.", by_id=None, now=at)


def _input(consultation, positions, comments, ranks, texts, adopted_by, case_number, when):
    areas, questions = consultation.focus_areas, consultation.questions
    data = submission.ResponseInput(adopted_by=adopted_by, case_number=case_number,
                                    decision_date=(when - timedelta(days=2)).date() if adopted_by != "administrasjon"
                                    and adopted_by else None)
    for index, area in enumerate(areas):
        code = positions[index].strip()
        data.positions[area.id] = P[code] if code else None
        data.comments[area.id] = comments.get(index, "")
        if ranks:
            data.ranks[area.id] = ranks[index]
    for index, text in texts.items():
        data.texts[questions[index].id] = text
    return data


#: consultee (None: all), arena, place, description, days ago, who took part, notes by question index
MEETINGS = (
    (None, "Representantskapet", "Kongsberg, rådhuset", "Gruppearbeid ca. 3 timer", 30,
     "Ordførerne, varaordførerne og rådmennene i de sju kommunene; daglig leder i Kongsbergregionen.", {
        4: "Regionen må forholde seg til to fylker med ulik styringsmodell. Det gir både mer arbeid og "
           "flere muligheter for påvirkning.",
        5: "Flertallet mener regionen er stor nok, men at det er interessant å invitere nabokommuner med.",
        6: "Mer politisk samhandling, og tettere kobling mellom videregående skole, fagskole og universitet.",
        9: "Felles innspill til Nasjonal transportplan om veg og bane."}),
    ("Tinn kommune", "Formannskapet", "Rjukan, rådhuset", "Arbeidsmøte ca. 3 timer", 25,
     "Formannskapet i Tinn, rådmannen og daglig leder i Kongsbergregionen.", {
        4: "Fraflytting er en felles utfordring. En sterk region er en motvekt mot sentralisering.",
        5: "Vi er store nok nå. Flere kommuner kan gjøre tjenestene billigere, men koordineringen blir tyngre.",
        10: "Tjenestesamarbeidet må videreutvikles med samme tyngde som i dag.",
        11: "Vi skriver for mange brev. Vi bør heller møte de som bestemmer."}),
    ("Buskerud fylkeskommune", "Fylkesadministrasjonen", "Drammen, fylkeshuset", "Presentasjon og diskusjon ca. 2 timer",
     20, "Fylkesrådmannen og to rådgivere fra regionalavdelingen; daglig leder i Kongsbergregionen.", {
        4: "Fylkeskommunen ser regionrådet som en viktig partner når det nye fylket bygger opp sitt regionale "
           "utviklingsarbeid.",
        9: "Kollektivtilbudet over fylkesgrensen og prioriteringen av fylkesveiene bør regionen og fylket "
           "løfte sammen."}),
)


def add_meetings(consultation: Consultation, now: datetime) -> None:
    """A joint meeting with all the municipalities, a working meeting with one formannskap, one with the county."""
    by_name = {i.consultee.name: i.consultee for i in consultation.invitations}
    for consultee_name, arena, place, description, days_ago, attendees, notes in MEETINGS:
        meetings.save_meeting(
            consultation, None, consultee=by_name.get(consultee_name) if consultee_name else None,
            held_on=(now - timedelta(days=days_ago)).date(), arena=arena, place=place,
            description=description, attendees=attendees,
            notes={consultation.questions[i].id: text for i, text in notes.items()}, user=None, now=now)
