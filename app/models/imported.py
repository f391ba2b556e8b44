"""A Word document read for import, held until its review is confirmed or given up."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class ImportedDocument(Base):
    """The uploaded file of a Word import, kept while the proposal is reviewed.

    The review form carries a random key to it (its hash is stored); confirming the review with
    «Legg ved dokumentet» attaches the file to the response, so the adopted document itself
    goes with the response to the archive. Held ones are removed after a day.
    """

    __tablename__ = "imported_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the random key the review form carries
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
