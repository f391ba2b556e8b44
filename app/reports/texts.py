"""The report's fixed texts in the report's language, from the catalogs.

Headings, labels and the sentences built around the round's figures are messages in
app/translations, rendered under the report's locale (nb or nn) with ``force_locale``, as
``app.mail`` renders a message under the round's language. Outside an application context
(a writer called on its own) the catalogs are not loaded and the texts are in bokmål.

The writers stay free of the database and the request: they read these dictionaries only.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import wraps

from flask import g, has_app_context
from flask_babel import force_locale, gettext, ngettext

from app.positions import STANCES, Position
from app.reports.data import ADOPTED, MEETING
from app.responses.receipt import long_date
from app.snapshot import position_legend

#: The assessment labels as collected (bokmål msgids of ``Assessment.label``)
ASSESSMENTS = ("Tatt til følge", "Delvis tatt til følge", "Ikke tatt til følge", "Til orientering")


def _once_per_context(words: Callable[[str], dict]) -> Callable[[str], dict]:
    """`words(language)` looked up once per application context: a report at the caps asks for its
    sentence templates hundreds of times, and each lookup renders dozens of messages. Callers read
    the dictionary and never change it."""
    @wraps(words)
    def cached(language: str) -> dict:
        if not has_app_context():
            return words(language)
        found = g.setdefault("report_texts", {})
        key = (words.__name__, language)
        if key not in found:
            found[key] = words(language)
        return found[key]
    return cached


@_once_per_context
def report_words(language: str) -> dict:
    """The Word report's and the report page's fixed texts in "nb" or "nn"."""
    with force_locale(language):
        return {
            "subtitle": gettext("Oppsummering av høringssvar og dialogmøter"), "contents": gettext("Innhold"),
            "provisional": gettext("Foreløpig"), "final": gettext("Endelig"),
            "secretariat": gettext("Sekretariatet i %(region)s"),
            "provisional_note": gettext(" – denne utgaven kan endre seg før høringen er ferdig."),
            # the staff's and council's edition, which shows what is withheld from the public
            "internal": gettext("Intern utgave"),
            "internal_note": gettext("svarene har tekst som er unntatt offentlighet, og den står her, merket "
                                     "«%(tag)s». Del den offentlige utgaven, ikke denne filen."),
            "withheld_tag": gettext("Unntatt offentlighet – ikke gjengi offentlig"),
            "keywords": gettext("høring, oppsummering"), "status": gettext("Status %(date)s"),
            "intro": gettext("Innledning"), "summary": gettext("Sammendrag"),
            "areas": gettext("Hva høringsinstansene mener"), "ranking": gettext("Samlet rangering"),
            "yes_no": gettext("Ja eller nei"),
            "place": gettext("Plass"), "area": gettext("Satsingsområde"), "mean": gettext("Snittplass"),
            "borda": gettext("Borda-poeng"), "ranked_by": gettext("Rangert av"),
            "overview": gettext("Oversikt over dialogmøter og høringssvar"),
            # that meeting notes are working notes is said once, in the appendix that holds them
            "overview_note": gettext("Tabellene viser først dialogmøtene og deretter de formelle høringssvarene."),
            "municipalities": gettext("Kommuner"), "others": gettext("Andre høringsinstanser"),
            "municipality": gettext("Kommune"), "name": gettext("Navn"), "consultee": gettext("Høringsinstans"),
            "date": gettext("Dato"), "arena": gettext("Arena"), "description": gettext("Beskrivelse"),
            "no_rows": gettext("Ingen svar eller møter er registrert."),
            "dated": {MEETING: gettext("Møte %(date)s"), ADOPTED: gettext("Vedtatt %(date)s"),
                      "received": gettext("Mottatt %(date)s")},
            "positions": gettext("Standpunkt fra høringsinstansene:"),
            "no_positions": gettext("Ingen har tatt stilling til dette satsingsområdet."),
            "no_themes": gettext("Ingen tema er funnet i merknadene."), "raised_by": gettext("Tatt opp av"),
            "in_meeting": gettext("i dialogmøte"),
            "not_analysed": gettext("Merknadene er ikke delt inn i tema ennå."),
            "assessment": gettext("Sekretariatets vurdering"),
            # the appendix by what it holds: meeting notes, responses or both
            "minutes": gettext("Vedlegg: Referater"), "responses": gettext("Vedlegg: Høringssvar"),
            "minutes_and_responses": gettext("Vedlegg: Referater og høringssvar"),
            "no_minutes": gettext("Ingen referater."),
            "minutes_note": gettext("Her følger først referatene fra dialogmøtene, deretter høringssvarene slik de "
                                    "ble sendt inn. Referatene fra dialogmøtene er arbeidsnotater og ikke formelle "
                                    "uttalelser fra de enkelte."),
            "responses_note": gettext("Her følger høringssvarene slik de ble sendt inn."),
            "matrix": gettext("Standpunkt per høringsinstans og satsingsområde"),
            "legend": gettext("%(legend)s; tom rute = ikke svart.", legend=position_legend(language)),
            "chart": gettext("Standpunkt per satsingsområde"),
            "chart_alt": gettext("Liggende stablede stolper med antall høringsinstanser per standpunkt for hvert "
                                 "satsingsområde."),
            "count": gettext("Antall høringsinstanser"),
            "page_title": gettext("Oppsummering av høringen"),
            "assessments": {label: gettext(label) for label in ASSESSMENTS},
        }


def number(n: int, language: str, neuter: bool = False) -> str:
    """A count in words up to twelve ("én", "to" …; "ett" of a `neuter` noun), in digits beyond: the
    summary's and the introduction's."""
    if neuter and n == 1:
        return summary_words(language)["one_neuter"]
    names = summary_words(language)["numbers"]
    return names[n] if 0 <= n < len(names) else str(n)


def join(items: Sequence[str], language: str) -> str:
    """ "A", "A og B", "A, B og C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {summary_words(language)['and']} {items[-1]}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def introduction(language: str, *, title: str, region: str, period_start: date,
                 period_end: date, invited: int, answered: int, meetings: int, generated: date,
                 public_input: int = 0, assessed: bool = True,
                 extensions: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """The introduction's paragraphs: the round, the draft, the period and the counts (`answered`: of the
    invited; `public_input`: answers from the public, who were not invited; `assessed`: the secretariat has
    assessed a theme; `extensions`: (name, last day in words) of extended deadlines that keep the round open)."""
    period = f"{long_date(period_start.isoformat())} – {long_date(period_end.isoformat())}"
    with force_locale(language):
        if invited:
            counts = ngettext("%(count)s høringsinstans ble invitert til å svare, og %(answered)s har svart.",
                              "%(count)s høringsinstanser ble invitert til å svare, og %(answered)s har svart.",
                              invited, count=capitalised(number(invited, language)),
                              answered=number(answered, language))
        elif public_input:  # a round open to all, nobody invited: no «0 were invited, and 0 answered»
            counts = ngettext("Høringen var åpen for alle, og det kom %(count)s innspill.",
                              "Høringen var åpen for alle, og det kom %(count)s innspill.", public_input,
                              count=number(public_input, language, neuter=True))
        else:
            counts = gettext("Ingen høringsinstanser ble invitert, og ingen svar kom inn.")
        if public_input and invited:
            counts += " " + ngettext("I tillegg kom %(count)s innspill fra allmennheten.",
                                     "I tillegg kom %(count)s innspill fra allmennheten.", public_input,
                                     count=number(public_input, language, neuter=True))
        if meetings and public_input:  # not «I tillegg … I tillegg» in two sentences running
            counts += " " + ngettext("Det ble også holdt %(count)s dialogmøte.",
                                     "Det ble også holdt %(count)s dialogmøter.", meetings,
                                     count=number(meetings, language, neuter=True))
        elif meetings:
            counts += " " + ngettext("I tillegg ble det holdt %(count)s dialogmøte.",
                                     "I tillegg ble det holdt %(count)s dialogmøter.", meetings,
                                     count=number(meetings, language, neuter=True))
        # The draft by what it is, not by its file name («strategi-utkast-v3.docx» means nothing on paper)
        round_ = gettext("Denne oppsummeringen gjelder høringen «%(title)s». %(region)s sendte utkastet på "
                         "høring, og høringsperioden var %(period)s.", title=title, region=region, period=period)
        if extensions and generated > period_end:  # past the deadline, still open: say why beside it
            items = [summary_words(language)["until"].format(name=name, date=day) for name, day in extensions]
            round_ += " " + gettext("Høringen er likevel fortsatt åpen fordi utsatt frist løper for %(items)s.",
                                    items=join(items, language))
        if assessed:
            plan = gettext("Først kommer et sammendrag, så en oversikt over alle møter og svar, deretter standpunkt, "
                           "tema og sekretariatets vurdering for hvert satsingsområde og en matrise over "
                           "standpunktene. Referatene fra hvert møte og svar ligger til slutt som vedlegg. Dokumentet "
                           "ble laget %(date)s.", date=long_date(generated.isoformat()))
        else:  # no theme assessed yet: no promise of the secretariat's assessment
            plan = gettext("Først kommer et sammendrag, så en oversikt over alle møter og svar, deretter standpunkt "
                           "og tema for hvert satsingsområde og en matrise over standpunktene. Referatene fra hvert "
                           "møte og svar ligger til slutt som vedlegg. Dokumentet ble laget %(date)s.",
                           date=long_date(generated.isoformat()))
        return [round_, counts, plan]


def report_author(language: str, region: str) -> str:
    """Who wrote the report, in the Word and Excel files' properties: «Sekretariatet i Kongsbergregionen»."""
    return report_words(language)["secretariat"] % {"region": region}


def machine_translated(source: str, target: str) -> str:
    """The first page's line on a translated edition: what was translated, by what, and what was not."""
    with force_locale(target):
        if source == "nb":
            return gettext("Maskinoversatt fra bokmål med Apertium. Sekretariatets egne tekster er oversatt; "
                           "sitater og referater står slik de ble skrevet.")
        return gettext("Maskinoversatt fra nynorsk med Apertium. Sekretariatets egne tekster er oversatt; "
                       "sitater og referater står slik de ble skrevet.")


def collect_words(language: str) -> dict:
    """The texts the collecting service puts into the report's data (minutes' headings, overview labels)."""
    with force_locale(language):
        return {"response": gettext("Høringssvar fra %(name)s"), "minutes": gettext("Referat: møte med %(name)s (%(arena)s)"),
                "minutes_all": gettext("Referat: fellesmøte i %(arena)s"), "adopted": gettext("Vedtak"),
                "answer": gettext("Høringssvar"), "late": gettext(" (etter fristen)"), "case": gettext("sak"),
                # a late answer dated by its decision says when it came: the decision may be before the deadline
                "late_received": gettext(" (mottatt %(date)s, etter fristen)"),
                "received_on": gettext("Mottatt %(date)s"), "adopted_on": gettext("Vedtatt %(date)s"),
                "all": gettext("Alle"), "public_response": gettext("Innspill fra %(name)s"),
                "stances": {code: gettext(msgid) for code, msgid in STANCES.items()},
                "public": gettext("Innspill i åpen høring"), "present": gettext("Til stede: %(names)s"),
                "other": gettext("Andre innspill"),
                "joint": gettext("Fellesmøte")}


def edition_labels(target: str) -> dict:
    """The buttons of the edition in `target` ("nb" or "nn"), in the language of the page."""
    if target == "nn":
        return {"make": gettext("Lag nynorsk utgave"), "download": gettext("Last ned nynorsk utgave (Word)"),
                "making": gettext("Den nynorske utgaven lages")}
    return {"make": gettext("Lag bokmålsutgave"), "download": gettext("Last ned bokmålsutgave (Word)"),
            "making": gettext("Bokmålsutgaven lages")}


@_once_per_context
def summary_words(language: str) -> dict:
    """The summary's and the status box's sentence templates in "nb" or "nn" ({names} etc. filled by the caller)."""
    with force_locale(language):
        return {
            "and": gettext("og"),
            # «er enig» / «er enige» …: msgids marked in app.positions
            "positions": {p.value: (gettext(p.phrases[0]), gettext(p.phrases[1])) for p in Position},
            "all": gettext("Alle {count} som har svart, {verb}: {names}."),
            "both": gettext("Begge som har svart, {verb}: {names}."),
            "no_positions": gettext("Ingen har tatt stilling til dette satsingsområdet."),
            "points": gettext("Merknadene handler mest om {points}."),
            "points_other": gettext("Innspillene som ikke gjelder ett bestemt satsingsområde, handler mest om "
                                    "{points}."),
            # the themes named by the question their comments answer («Er vi store nok sammen?»)
            "answers_other": gettext("Innspillene som ikke gjelder ett bestemt satsingsområde, er mest svar på "
                                     "{points}."),
            "points_and_answers_other": gettext("Innspillene som ikke gjelder ett bestemt satsingsområde, handler "
                                                "mest om {points} og svarer ellers på {questions}."),
            "bodies": (gettext("høringsinstans"), gettext("høringsinstanser")),
            "no_points": gettext("Ingen merknader er knyttet til dette satsingsområdet."),
            "quote": gettext("{name} skriver: «{text}»"),
            "assessed": gettext("Sekretariatet har vurdert {done} av {all} tema: {list}."),
            "assessed_count": gettext("Sekretariatet har vurdert {done} av {all} tema."),
            "assessments": {
                "Tatt til følge": gettext("er tatt til følge"),
                "Delvis tatt til følge": gettext("er delvis tatt til følge"),
                "Ikke tatt til følge": gettext("er ikke tatt til følge"),
                "Til orientering": gettext("er tatt til orientering"),
            },
            "open": gettext("Høringen er åpen, og svar kan fortsatt komme."),
            "closed": gettext("Høringen er avsluttet."),
            "not_answered": gettext("Ikke svart: {names}."),
            "all_answered": gettext("Alle inviterte har svart."),
            "extensions": gettext("Utsatt frist som fortsatt løper: {items}."),
            "until": gettext("{name} (til {date})"),
            "requested": gettext("Søknad om utsatt frist som venter på svar: {names}."),
            "late": gettext("Svar etter fristen: {names}."),
            "unassessed": gettext("Sekretariatet har ennå ikke vurdert {count} av {all} tema."),
            "unassessed_final": gettext("Sekretariatet har ikke vurdert {count} av {all} tema."),
            # none assessed: (one theme, several), not «… vurdert 16 av 16 tema»
            "none_assessed": (gettext("Temaet er ikke vurdert ennå."),
                              gettext("Ingen av de {all} temaene er vurdert ennå.")),
            "none_assessed_final": (gettext("Temaet er ikke vurdert."), gettext("Ingen av de {all} temaene er vurdert.")),
            "all_assessed": gettext("Sekretariatet har vurdert alle temaene ({all})."),
            "no_themes": gettext("Merknadene er ikke delt inn i tema ennå."),
            "none_found": gettext("Ingen tema er funnet i merknadene."),
            "ranked": gettext("{count} av {answered} som har svart, har rangert satsingsområdene. Snittplass er"
                              " gjennomsnittlig plassering (1 er viktigst). Borda-poeng: {top} poeng for en "
                              "førsteplass, {second} for en andreplass og så videre."),
            "not_ranked": gettext("Ingen har rangert satsingsområdene ennå."),
            "answered_yes": gettext("{count} svarte ja: {names}."),
            "answered_no": gettext("{count} svarte nei: {names}."),
            "no_yes_no": gettext("Ingen har svart ja eller nei ennå."),
            # Counts up to twelve are written in words; one of a neuter noun («ett dialogmøte») apart
            "one_neuter": gettext("ett"),
            "numbers": (gettext("ingen"), gettext("én"), gettext("to"), gettext("tre"), gettext("fire"), gettext("fem"), gettext("seks"), gettext("sju"), gettext("åtte"), gettext("ni"), gettext("ti"), gettext("elleve"), gettext("tolv")),
        }


def xlsx_words(language: str) -> dict:
    """The spreadsheet's column headers (by CommentRow field), sources and ranking sheet in "nb" or "nn"."""
    with force_locale(language):
        return {
            "columns": {"consultee": gettext("Høringsinstans"), "kind": gettext("Kilde"), "date": gettext("Dato"),
                        "question": gettext("Spørsmål"), "focus_area": gettext("Satsingsområde"),
                        "position": gettext("Standpunkt i svaret"), "theme": gettext("Tema"),
                        "stance": gettext("Type innspill"), "text": gettext("Tekst"),
                        "assessment": gettext("Vurdering"), "assessment_text": gettext("Begrunnelse for vurderingen"),
                        "is_public": gettext("Åpen høring")},
            "not_assessed": gettext("Ikke vurdert"),
            "sources": {MEETING: gettext("Dialogmøte"), "received": gettext("Høringssvar")},
            "all": gettext("Innspill"),
            "ranking": gettext("Samlet rangering"),
            "own_rankings": gettext("Rangeringen til hver høringsinstans"),
            "ranking_columns": (gettext("Plass"), gettext("Satsingsområde"), gettext("Snittplass"),
                                gettext("Borda-poeng"), gettext("Rangert av")),
        }
