"""Form data kept for a user whose session ran out while typing."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class FormStash(Base):
    __tablename__ = "form_stashes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the random key carried through the login page
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The user the posting page was shown to (from its signed proof); only this user gets it back
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: The page the form was posted to; the data is only given back there
    path: Mapped[str] = mapped_column(String(500))
    #: Field name → list of values, as posted (only the form's own fields)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
