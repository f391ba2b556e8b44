"""Passages withheld from publication (unntatt offentlighet), each with its reason."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow

#: The legal bases a withholding may rest on: key → (the archive's access code, its skjermingshjemmel, the
#: form's words). Personal matters (offentleglova § 13 with forvaltningsloven § 13 first paragraph no. 1) are
#: what a hearing response most often holds; business matters (no. 2); an identity number (offl. § 26 fifth
#: paragraph).
REDACTION_BASES = {
    "personal": ("13", "Offl. § 13 jf. fvl. § 13 første ledd nr. 1", _l("Personlige forhold (offl. § 13 jf. fvl. § 13 nr. 1)")),
    "business": ("13", "Offl. § 13 jf. fvl. § 13 første ledd nr. 2",
                 _l("Drifts- eller forretningsforhold (offl. § 13 jf. fvl. § 13 nr. 2)")),
    "id_number": ("26", "Offl. § 26 femte ledd", _l("Fødselsnummer eller personnummer (offl. § 26 femte ledd)")),
}


class Redaction(Base):
    """A passage of a response, or a whole attachment, the public does not see. The original stays intact."""

    __tablename__ = "redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    #: The exact words withheld wherever they appear in the response (None when an attachment is withheld)
    passage: Mapped[str | None] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    #: Why, e.g. "Personopplysninger, offentleglova § 13"
    reason: Mapped[str] = mapped_column(String(300))
    #: The legal basis chosen for withholding it, a key of app.publication.redaction.BASES
    basis: Mapped[str] = mapped_column(String(20), default="personal", server_default="personal")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
