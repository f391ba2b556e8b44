"""All models, importable from one place (Alembic and the app need them registered)."""
from app.models.analysis import (
    STEP_LABELS,
    AnalysisRun,
    Assessment,
    CommentUnit,
    Theme,
    ThemeMerge,
)
from app.models.archive import ArchiveRun
from app.models.audit import AuditEvent, AuditTrailError
from app.models.base import Base, utcnow
from app.models.consultation import (
    Consultation,
    Draft,
    FocusArea,
    Language,
    Question,
    QuestionKind,
    Status,
)
from app.models.consultee import Consultee, ConsulteeKind, Region
from app.models.extension import ExtensionRequest, ExtensionStatus
from app.models.imported import ImportedDocument
from app.models.invitation import Invitation, InvitationState
from app.models.meeting import Meeting, MeetingNote
from app.models.redaction import REDACTION_BASES, Redaction
from app.models.reminder import Reminder
from app.models.report import ReportRun
from app.models.response import (
    AdoptedBy,
    Answer,
    Attachment,
    Position,
    Response,
    ResponseStatus,
    ResponseVersion,
)
from app.models.run import RunMixin, RunStatus
from app.models.stash import FormStash
from app.models.user import ARCHIVE_ROLES, STAFF_ROLES, Role, User

__all__ = [
    "STEP_LABELS",
    "Base", "utcnow", "Consultation", "Draft", "FocusArea", "Language", "Question",
    "QuestionKind", "Status", "Consultee", "ConsulteeKind", "Region", "Invitation",
    "InvitationState", "Response", "ResponseStatus", "STAFF_ROLES", "ARCHIVE_ROLES", "Role", "User",
    "AnalysisRun", "Assessment", "CommentUnit", "RunMixin", "RunStatus", "Theme", "ThemeMerge", "AuditEvent", "AuditTrailError", "REDACTION_BASES", "Redaction", "Reminder", "ReportRun", "ArchiveRun", "FormStash", "ImportedDocument", "Meeting", "MeetingNote", "ExtensionRequest", "ExtensionStatus", "AdoptedBy", "Answer", "Attachment", "Position", "ResponseVersion",
]
