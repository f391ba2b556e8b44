"""Ready-made question sets, in bokmål and nynorsk, written for this product.

The default set asks for a position per focus area, a ranking and free text. The
dialogue-meeting template holds the questions used in regional strategy dialogue
meetings, so a round can collect answers in the same shape as the meeting minutes.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.models import Language, QuestionKind


@dataclass(frozen=True)
class QuestionTemplate:
    kind: QuestionKind
    text: str
    help_text: str = ""
    is_required: bool = False


DEFAULT_SET = {
    Language.BOKMAL: (
        QuestionTemplate(QuestionKind.POSITION, "Hva mener dere om satsingsområdene?",
                         "Velg standpunkt for hvert satsingsområde og begrunn gjerne med en kommentar.", True),
        QuestionTemplate(QuestionKind.RANKING, "Ranger satsingsområdene etter hvor viktige de er for dere.",
                         "1 er viktigst.", True),
        QuestionTemplate(QuestionKind.TEXT, "Er det noe som mangler i utkastet?"),
        QuestionTemplate(QuestionKind.TEXT, "Andre merknader til utkastet"),
    ),
    Language.NYNORSK: (
        QuestionTemplate(QuestionKind.POSITION, "Kva meiner de om satsingsområda?",
                         "Vel standpunkt for kvart satsingsområde og grunngje gjerne med ein kommentar.", True),
        QuestionTemplate(QuestionKind.RANKING, "Ranger satsingsområda etter kor viktige dei er for dykk.",
                         "1 er viktigast.", True),
        QuestionTemplate(QuestionKind.TEXT, "Er det noko som manglar i utkastet?"),
        QuestionTemplate(QuestionKind.TEXT, "Andre merknader til utkastet"),
    ),
}

DIALOGUE_MEETING_SET = {
    Language.BOKMAL: tuple(QuestionTemplate(QuestionKind.TEXT, text) for text in (
        "Hva betyr de nye regionene for oss?",
        "Er vi store nok sammen?",
        "Hvordan ruste oss for fremtiden?",
        "Hvilke satsingsområder vil vi ha med oss videre?",
        "Hva vil vi tilføre og eventuelt spisse?",
        "Hvilke enkeltsaker kan kommunene stå sammen om?",
        "Hva er spesielt viktig for vår region?",
        "Hvordan endre arbeidsmetoder for å nå målene?",
        "Bør administrasjon og politikk jobbe sammen på andre måter?",
        "Hvordan oppnå konsensus og gode prosesser?",
    )),
    Language.NYNORSK: tuple(QuestionTemplate(QuestionKind.TEXT, text) for text in (
        "Kva betyr dei nye regionane for oss?",
        "Er vi store nok saman?",
        "Korleis ruste oss for framtida?",
        "Kva for satsingsområde vil vi ha med oss vidare?",
        "Kva vil vi tilføre og eventuelt spisse?",
        "Kva for enkeltsaker kan kommunane stå saman om?",
        "Kva er særleg viktig for vår region?",
        "Korleis endre arbeidsmetodar for å nå måla?",
        "Bør administrasjon og politikk arbeide saman på andre måtar?",
        "Korleis oppnå konsensus og gode prosessar?",
    )),
}

TEMPLATES = {"standard": DEFAULT_SET, "dialogmote": DIALOGUE_MEETING_SET}
