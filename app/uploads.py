"""Checking uploaded files by their content, not their name."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import gettext as translate

from app.draft_reader import DraftReadError, check_package
from app.errors import ValidationError
from app.pdf_check import MAX_OBJECTS, PdfProblem, PdfRefused, check_pdf
from app.text import xml_safe

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes
    sha256: str


def check_attachment(filename: str, data: bytes, *, max_bytes: int) -> CheckedFile:
    """A .docx or .pdf under `max_bytes`, recognised by its content; anything else is refused."""
    if not data:
        raise ValidationError(_("Filen er tom."), "attachment")
    if len(data) > max_bytes:
        raise ValidationError(_("Filen er for stor. Største tillatte størrelse er %(num)s MB.", num=max_bytes // (1024 * 1024)), "attachment")
    if data.startswith(b"%PDF-"):
        try:
            check_pdf(data)
        except PdfRefused as refused:
            raise ValidationError(pdf_message(refused.problem), "attachment") from refused
        content_type, extension = PDF, ".pdf"
    elif not data.startswith(b"PK"):  # neither a PDF nor a zip package: say what it is not, by its name
        if filename.lower().rstrip().endswith(".pdf"):
            raise ValidationError(_("Filen heter .pdf, men innholdet er ikke en PDF. Lagre eller skriv den ut som "
                                    "PDF på nytt, og last opp den nye filen."), "attachment")
        raise ValidationError(_("Vedlegg må være Word (.docx) eller PDF. Denne filen er ingen av delene."),
                              "attachment")
    else:
        try:
            check_package(data)
        except DraftReadError as error:
            raise ValidationError(_("Vedlegg må være Word (.docx) eller PDF. %(reason)s", reason=unreadable(error)),
                                  "attachment") from error
        content_type, extension = DOCX, ".docx"
    return CheckedFile(safe_filename(filename, extension), content_type, data, hashlib.sha256(data).hexdigest())


def pdf_message(problem: PdfProblem) -> str:
    """Why a PDF is refused, in the user's language, with what to do about it."""
    if problem is PdfProblem.ENCRYPTED:
        return _("PDF-filen er passordbeskyttet eller kryptert. Last opp en utgave uten passord.")
    if problem is PdfProblem.ACTIVE_CONTENT:
        return _("PDF-filen inneholder skript, automatiske handlinger eller innebygde filer, og tas ikke imot. "
                 "Lagre eller skriv den ut som PDF på nytt uten dette, og last opp den nye filen.")
    if problem is PdfProblem.TOO_COMPLEX:
        return _("PDF-filen er for sammensatt til å kontrolleres (mer enn %(num)s objekter eller for mye "
                 "komprimert innhold). Del den opp eller lagre den på nytt som PDF.", num=MAX_OBJECTS)
    return _("Filen ser ut som en PDF, men kan ikke leses. Lagre den på nytt som PDF og prøv igjen.")



def unreadable(error: DraftReadError) -> str:
    """Why a document could not be read, in the user's language."""
    # The msgids are marked with N_ in the readers; `translate` is gettext under a name the
    # extractor does not read, as the message here is a variable.
    return translate(error.message, **error.values)


def safe_filename(name: str, extension: str) -> str:
    """A file name safe to store and send back: no paths, no control characters, the right extension."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", xml_safe(base))
    base = re.sub(r"[\x00-\x1f\x7f\"<>:|?*]", "", base).strip(" .")
    stem = base[: -len(extension)] if base.lower().endswith(extension) else base.rsplit(".", 1)[0] if "." in base else base
    return (stem[:150] or "vedlegg") + extension
