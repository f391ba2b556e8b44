"""Domain errors raised by models and services, and the HTTP error pages."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l


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


def register_error_handlers(app: Flask) -> None:
    """Render friendly pages for the HTTP errors users can meet."""
    from app import unavailable

    def page(code: int, title, text):
        def handler(error):
            return render_template("errors/error.html", code=code, title=str(title), text=str(text)), code

        return handler

    app.register_error_handler(400, page(400, _l("Ugyldig forespørsel"), _l("Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen.")))
    app.register_error_handler(403, page(403, _l("Ingen tilgang"), _l("Du har ikke tilgang til denne siden.")))
    app.register_error_handler(404, page(404, _l("Fant ikke siden"), _l("Siden finnes ikke, eller lenken er ikke lenger gyldig.")))
    app.register_error_handler(413, page(413, _l("Filen er for stor"), _l("Filen er større enn det som kan lastes opp. Gå tilbake og velg en mindre fil.")))
    app.register_error_handler(429, page(429, _l("For mange forsøk"), _l("Du har gjort for mange forsøk på kort tid. Vent litt og prøv igjen.")))
    unavailable.register(app)
    app.register_error_handler(500, page(500, _l("Noe gikk galt"), _l("En feil oppstod hos oss. Ingenting av det du sendte er lagret halvveis; prøv igjen.")))
