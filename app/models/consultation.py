"""A consultation round on a draft, with its focus areas and questions."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.errors import ConsultationStateError
from app.models.base import Base, enum_type, utcnow

if TYPE_CHECKING:
    from app.models.consultee import Region
    from app.models.invitation import Invitation
    from app.models.meeting import Meeting
    from app.models.response import Response


class Status(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    REPORTED = "reported"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return {
            Status.DRAFT: _l("Under arbeid"),
            Status.OPEN: _l("Åpen"),
            Status.CLOSED: _l("Avsluttet"),
            Status.REPORTED: _l("Oppsummert"),
            Status.PUBLISHED: _l("Publisert"),
        }[self]


class Language(enum.Enum):
    BOKMAL = "nb"
    NYNORSK = "nn"

    @property
    def label(self) -> str:
        return _l("Bokmål") if self is Language.BOKMAL else _l("Nynorsk")


class QuestionKind(enum.Enum):
    #: Enig / Delvis enig / Uenig / Ingen merknad, with a comment, for each focus area
    POSITION = "position"
    #: A full ordering of the focus areas
    RANKING = "ranking"
    TEXT = "text"
    YES_NO = "yes_no"

    @property
    def label(self) -> str:
        return {
            QuestionKind.POSITION: _l("Standpunkt per satsingsområde"),
            QuestionKind.RANKING: _l("Rangering av satsingsområdene"),
            QuestionKind.TEXT: _l("Fritekst"),
            QuestionKind.YES_NO: _l("Ja/nei med kommentar"),
        }[self]


class Consultation(Base):
    """One consultation round (høringsrunde) on one draft."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[Status] = mapped_column(enum_type(Status), default=Status.DRAFT)
    language: Mapped[Language] = mapped_column(enum_type(Language), default=Language.BOKMAL)
    #: First moment responses are accepted (UTC)
    opens_at: Mapped[datetime]
    #: Last moment a response is accepted without being marked late (UTC)
    deadline_at: Mapped[datetime]
    #: After a consultee's deadline: accept and mark "etter fristen" (True) or refuse (False)
    accepts_late: Mapped[bool] = mapped_column(default=True)
    #: Days before a consultee's deadline that it is reminded (app.invitations.scheduled); 0: no reminder
    reminder_days: Mapped[int] = mapped_column(default=3, server_default="3")
    #: Anyone may answer after confirming their e-mail, besides the invited consultees
    is_open_to_public: Mapped[bool] = mapped_column(default=False)
    #: The secretariat's case number for the round (saksnummer), "2019/245": year and sequence number
    case_number: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: Where the case is filed (arkivkode / klasse), e.g. "026 &13", as the secretariat writes it
    archive_reference: Mapped[str] = mapped_column(String(100), default="", server_default="")
    #: Whom consultees ask about the round (the secretariat's kontaktperson): named in the invitation,
    #: the reminder and the consultee's form; "" where none is given
    contact_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    region: Mapped[Region] = relationship()
    drafts: Mapped[list[Draft]] = relationship(
        back_populates="consultation", order_by="Draft.version", cascade="all, delete-orphan"
    )
    focus_areas: Mapped[list[FocusArea]] = relationship(
        back_populates="consultation", order_by="FocusArea.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="consultation", order_by="Question.position", cascade="all, delete-orphan"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan"
    )
    responses: Mapped[list[Response]] = relationship(back_populates="consultation")
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="consultation", order_by="Meeting.held_on", cascade="all, delete-orphan"
    )

    @property
    def current_draft(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    @property
    def has_responses(self) -> bool:
        return bool(self.responses)

    @property
    def consultee_invitations(self) -> list[Invitation]:
        """The invitations of the consultees the secretariat invited: an open round's sign-ups are not
        counted among the invited (they are ``sign_ups``)."""
        return [i for i in self.invitations if not i.consultee.is_public]

    @property
    def sign_ups(self) -> list[Invitation]:
        """The invitations of people and organisations that signed up to an open round themselves."""
        return [i for i in self.invitations if i.consultee.is_public]

    def question_of_kind(self, kind: QuestionKind) -> Question | None:
        return next((q for q in self.questions if q.kind is kind), None)

    @property
    def is_editable(self) -> bool:
        """Focus areas and questions can change until the first response exists."""
        return self.status in (Status.DRAFT, Status.OPEN) and not self.has_responses

    @property
    def period_ends_at(self) -> datetime:
        """When the hearing period ended or ends: the deadline, or the day the secretariat closed the
        round if that came first."""
        return self.closed_at if self.closed_at is not None and self.closed_at < self.deadline_at else self.deadline_at

    def accepts_responses(self, now: datetime) -> bool:
        return self.status is Status.OPEN and now >= self.opens_at

    def reminder_starts_at(self, deadline: datetime) -> datetime | None:
        """When a consultee with this deadline is due a reminder, or None when the round sends none."""
        return deadline - timedelta(days=self.reminder_days) if self.reminder_days > 0 else None

    def open_problems(self, now: datetime) -> list[str]:
        """What stands in the way of opening, in words for the secretariat."""
        problems = []
        if not self.focus_areas:
            problems.append(_("Høringen har ingen satsingsområder."))
        if not self.questions:
            problems.append(_("Høringen har ingen spørsmål."))
        if not self.invitations and not self.is_open_to_public:
            problems.append(_("Ingen høringsinstanser er invitert."))
        if self.deadline_at <= now:
            problems.append(_("Høringsfristen må være fram i tid."))
        if self.deadline_at <= self.opens_at:
            problems.append(_("Høringsfristen må være etter åpningsdatoen."))
        return problems

    def has_started(self, now: datetime) -> bool:
        """Whether the opening date has come: the invitations of an open round go out from then."""
        return self.opens_at <= now

    def open(self, now: datetime) -> None:
        self._require(Status.DRAFT, _("En høring med status «%(status)s» kan ikke åpnes."))
        problems = self.open_problems(now)
        if problems:
            raise ConsultationStateError(" ".join(problems))
        self.status, self.opened_at = Status.OPEN, now

    def close(self, now: datetime) -> None:
        self._require(Status.OPEN, _("En høring med status «%(status)s» kan ikke avsluttes."))
        self.status, self.closed_at = Status.CLOSED, now

    def mark_reported(self, now: datetime) -> None:
        self._require(Status.CLOSED, _("En høring med status «%(status)s» kan ikke oppsummeres."))
        self.status, self.reported_at = Status.REPORTED, now

    def publish(self, now: datetime) -> None:
        self._require(Status.REPORTED, _("En høring med status «%(status)s» kan ikke publiseres."))
        self.status, self.published_at = Status.PUBLISHED, now

    def _require(self, status: Status, message: str) -> None:
        if self.status is not status:
            raise ConsultationStateError(
                message % {"status": self.status.label}
            )

    def __repr__(self) -> str:
        return f"<Consultation {self.slug} {self.status.value}>"


class Draft(Base):
    """One version of the document consulted on (høringsutkast)."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("consultation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    version: Mapped[int]
    #: Original file name of an uploaded .docx; None for pasted text (so pages can tell without loading content)
    filename: Mapped[str | None] = mapped_column(String(255))
    #: The uploaded file as it came; kept in the database so a draft is saved whole or not at all
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: Readable text of the draft (headings, paragraphs, bullets)
    text: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    consultation: Mapped[Consultation] = relationship(back_populates="drafts")


class FocusArea(Base):
    """A priority area of the strategy (satsingsområde)."""

    __tablename__ = "focus_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    position: Mapped[int]
    #: Heading the area is grouped under, e.g. "Samfunnsutvikling"
    group: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Extra words that point to this area, comma separated; help the analysis
    keywords: Mapped[str] = mapped_column(Text, default="")

    consultation: Mapped[Consultation] = relationship(back_populates="focus_areas")


class Question(Base):
    """One question of the response form."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(enum_type(QuestionKind))
    text: Mapped[str] = mapped_column(Text)
    help_text: Mapped[str] = mapped_column(Text, default="")
    is_required: Mapped[bool] = mapped_column(default=False)

    consultation: Mapped[Consultation] = relationship(back_populates="questions")
