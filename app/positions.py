"""The positions a consultee takes on a focus area, declared once: Enig, Delvis enig, Uenig, Ingen merknad.

Every place that stores, reads, names, counts, colours or draws a position reads it from here: the
answer's column and the snapshots (the code), the form, receipt, differences and report (the label),
the position matrix (the letter and the cell's colour), the charts (colour and pattern) and the
report's summary (the phrase). No other module, template or stylesheet spells out a code
(tests/app/test_positions.py keeps it so).

Pure module: no Flask, no database. Texts are msgids, marked with N_ and translated where they are
rendered (app.responses.labels renders labels and letters in every language; app.reports.texts the
phrases), so the report writers can use them as plain data.
"""
from __future__ import annotations

import enum


def N_(message: str) -> str:
    """Mark a msgid for extraction; it is translated where it is rendered."""
    return message


class Position(enum.Enum):
    """A position on a focus area, in the form's order; the value is the code stored in answers and snapshots."""

    #: code, label, matrix letter, chart colour, chart pattern, matrix cell tone, phrase for one, for several.
    #: Chart colours are Okabe–Ito, told apart also with colour vision deficiency; the patterns tell them apart
    #: without colour. The tone names the matrix cell's class (app.css tints it with the chart's colour, so both agree).
    AGREE = ("enig", N_("Enig"), N_("E"), "#009E73", "", "success", N_("er enig"), N_("er enige"))
    PARTLY = ("delvis_enig", N_("Delvis enig"), N_("D"), "#F0E442", "stripes", "warning",
              N_("er delvis enig"), N_("er delvis enige"))
    DISAGREE = ("uenig", N_("Uenig"), N_("U"), "#D55E00", "dots", "danger", N_("er uenig"), N_("er uenige"))
    NO_COMMENT = ("ingen_merknad", N_("Ingen merknad"), N_("–"), "#BBBBBB", "", "",
                  N_("har ingen merknad"), N_("har ingen merknader"))

    def __new__(cls, code: str, label: str, letter: str, colour: str, pattern: str, tone: str,
                one: str, several: str) -> Position:
        member = object.__new__(cls)
        member._value_ = code
        #: msgid of the name shown in forms, receipts and reports ("Delvis enig")
        member.label = label
        #: msgid of the matrix's one-letter code ("D")
        member.letter = letter
        #: the chart's fill, "#RRGGBB"
        member.colour = colour
        #: the chart's pattern over the fill ("stripes", "dots"), "" for none
        member.pattern = pattern
        #: the Designsystemet colour scale of the matrix cell, "" for an uncoloured cell
        member.tone = tone
        #: msgids of the summary's verb phrase for one and for several consultees («er delvis enig(e)»)
        member.phrases = (one, several)
        return member

    @property
    def code(self) -> str:
        """The stored code ("delvis_enig")."""
        return self.value

    @property
    def css_class(self) -> str:
        """The matrix cell's class, named for its colour scale (app.css colours each scale once)."""
        return f"tone-{self.tone}" if self.tone else ""

    @classmethod
    def of(cls, code: object) -> Position | None:
        """The position stored as `code`; None for no answer or an unknown code."""
        return cls._value2member_map_.get(code) if isinstance(code, str) else None


#: The stored codes in the form's order
CODES: tuple[str, ...] = tuple(p.value for p in Position)


def legend(letters: dict[str, str], labels: dict[str, str]) -> str:
    """ "E = enig, D = delvis enig, U = uenig, – = ingen merknad": the matrix's letters in one language."""
    return ", ".join(f"{letters[p.value]} = {labels[p.value].lower()}" for p in Position)


#: What a comment does (nlp's stance), by code: the msgids of its name in review pages, reports and Excel
STANCES = {"supports": N_("Støtter"), "objects": N_("Innvender"), "proposes": N_("Foreslår"), "neutral": N_("Nøytral")}
