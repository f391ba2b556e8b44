"""Domain errors raised by models and services (the HTTP error pages are app.error_pages)."""
from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; the message is shown to the user as it is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: The form field the message belongs to, when there is one
        self.field = field


class ConsultationStateError(DomainError):
    """A consultation was asked to do something its status does not allow."""


class ConflictError(DomainError):
    """What the page was loaded from was saved elsewhere since (another tab or person): nothing is overwritten."""


class ValidationError(DomainError):
    """Input that passed the form but breaks a rule of the domain (e.g. a duplicate)."""


class DraftError(DomainError):
    """An uploaded or pasted draft could not be read."""
