"""The report in the other written standard: fixed texts from the catalogs, the secretariat's own words by Apertium.

A nynorsk round's report gets a bokmål edition and a bokmål round's a nynorsk one. The edition is
collected as the report is, under the other standard's locale, so its headings, labels, status lines
and summary sentences come from the catalogs and the sentence templates in that standard. The
secretariat's own free text — the round's title, the focus areas and their groups, the theme names and
the assessments' explanations — is translated by Apertium (``nlp.morphology.translator``). What others
wrote is never translated: quotes are the stored sentences, and the minutes (meeting notes and
responses) hold the written texts byte for byte, under the edition's own headings and labels
(«Høyringssvar frå …», «Delvis einig»). The questions and focus areas in the minutes stay as the
consultees saw them when they answered. The first page says that it is machine
translated and from which standard.
"""
from __future__ import annotations

import dataclasses
from datetime import date, datetime

from app.errors import DomainError
from app.models import Consultation
from app.reports import services
from app.reports.data import ReportData
from app.reports.summary import summarise
from app.reports.texts import machine_translated
from app.timeutil import utcnow
from nlp import morphology

#: Characters of the secretariat's own text translated for one edition (titles, theme names,
#: assessments): far above a real round's, and about 16 s of Apertium at the worst.
MAX_CHARS = 200_000


class TranslationUnavailable(DomainError):
    """Apertium's translator is not installed (or switched off) on this server."""


class TranslationFailed(DomainError):
    """Apertium gave no translation of some of the secretariat's texts (it failed, or they passed MAX_CHARS)."""


def other_standard(language: str) -> str:
    """ "nn" for a bokmål round, "nb" for a nynorsk one."""
    return "nb" if language == "nn" else "nn"


def available(language: str) -> bool:
    """Whether the edition in the other standard can be made for a round in `language`."""
    return morphology.translator(language) is not None


def translated(consultation: Consultation, today: date, now: datetime | None = None) -> ReportData:
    """The round's report in the other written standard (raises TranslationUnavailable without Apertium)."""
    source = consultation.language.value
    translator = morphology.translator(source)
    if translator is None:
        raise TranslationUnavailable("Apertium er ikke installert")
    now = now or utcnow()
    data = services.collect(consultation, today, now, language=other_standard(source))
    data = dataclasses.replace(data, note=machine_translated(source, data.language))
    return summarise(translate_free_text(data, translator))


def translate_free_text(data: ReportData, translator: morphology.Translator) -> ReportData:
    """The data with the secretariat's own texts in the other standard; quotes and minutes untouched."""
    own = [data.title, *data.focus_areas, *(r.title for r in data.ranking)]
    for area in data.areas:
        own += [area.title, area.group or ""]
        for theme in area.themes:
            own += [theme.label, theme.assessment_text]
    found = translator.translate(own, limit=MAX_CHARS)
    if any(new is None for text, new in zip(own, found, strict=True) if text.strip()):
        # Half an edition would be marked as translated where it is not: the build fails instead
        raise TranslationFailed(f"Apertium oversatte ikke sekretariatets tekster (over {MAX_CHARS} tegn, eller feil)")
    words = dict(zip(own, found, strict=True))

    def t(text: str) -> str:
        return words.get(text, text)

    areas = tuple(dataclasses.replace(
        area, title=t(area.title), group=t(area.group) if area.group else area.group,
        themes=tuple(dataclasses.replace(theme, label=t(theme.label), assessment_text=t(theme.assessment_text))
                     for theme in area.themes)) for area in data.areas)
    return dataclasses.replace(
        data, title=t(data.title), focus_areas=tuple(t(x) for x in data.focus_areas), areas=areas,
        ranking=tuple(dataclasses.replace(r, title=t(r.title)) for r in data.ranking),
        comments=tuple(dataclasses.replace(c, focus_area=t(c.focus_area), theme=t(c.theme)) for c in data.comments))

