"""A submitted response read in the other written standard, machine translated by Apertium on request.

Only the consultee's own words (the answers' texts) are translated; questions, focus areas and
labels are the round's. The page says that it is a machine translation and links the original.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.errors import DomainError
from app.responses.confirmation import answer_groups
from app.snapshot import Snapshot, SnapshotAnswer
from nlp import morphology
from nlp.standard import written_standard

#: Characters of one response translated per request (about 1.6 s of Apertium here). Answers are
#: taken in order; those beyond the cap are shown as written and marked as not translated.
MAX_CHARS = 20_000


class TranslationUnavailable(DomainError):
    """Apertium's translator is not installed (or switched off) on this server."""


@dataclass(frozen=True)
class ReadAnswer:
    """One answer with its text in the other written standard."""

    answer: SnapshotAnswer
    #: The text translated; None where it was beyond MAX_CHARS (it is then shown as written)
    translated: str | None


@dataclass(frozen=True)
class TranslatedResponse:
    """A submitted version's answers in the other written standard."""

    #: "nb" or "nn": what the response is written in, and what it is read in
    source: str
    target: str
    answers: tuple[ReadAnswer, ...]

    @property
    def untranslated(self) -> int:
        """Answers with text left as written because the response passed MAX_CHARS."""
        return sum(1 for a in self.answers if a.answer.text and a.translated is None)


def source_standard(snapshot: Snapshot) -> str:
    """The written standard of the response's own words, the round's where they do not lean either way."""
    return written_standard("\n".join(a.text for a in snapshot.answers if a.text)) or snapshot.language


def target_standard(snapshot: Snapshot) -> str:
    """The standard the response can be read in: the other one."""
    return "nb" if source_standard(snapshot) == "nn" else "nn"


def available(snapshot: Snapshot) -> bool:
    """Whether this server can translate the response (Apertium installed)."""
    return morphology.translator(source_standard(snapshot)) is not None


def translate_response(snapshot: Snapshot, limit: int = MAX_CHARS) -> TranslatedResponse:
    """The answers in the other written standard, at most `limit` characters of them translated."""
    source = source_standard(snapshot)
    translator = morphology.translator(source)
    if translator is None:
        raise TranslationUnavailable("Apertium is not installed")
    answers = [a for group in answer_groups(snapshot) for a in group]  # as the receipt: a ranking in rank order
    found = translator.translate([a.text for a in answers], limit=limit)
    return TranslatedResponse(source, translator.target,
                              tuple(ReadAnswer(a, t) for a, t in zip(answers, found, strict=True)))
