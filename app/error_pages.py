"""The HTTP error pages users can meet, and the 503 page of a database that is down (app.unavailable)."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l

from app import unavailable


def register(app: Flask) -> None:
    """Render friendly pages for the HTTP errors users can meet."""
    def page(code: int, title, text):
        def handler(error):
            return render_template("errors/error.html", code=code, title=str(title), text=str(text)), code

        return handler

    app.register_error_handler(400, page(400, _l("Ugyldig forespørsel"), _l("Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen.")))
    app.register_error_handler(403, page(403, _l("Ingen tilgang"), _l("Du har ikke tilgang til denne siden.")))
    app.register_error_handler(404, page(404, _l("Fant ikke siden"), _l("Siden finnes ikke, eller lenken er ikke lenger gyldig.")))
    app.register_error_handler(405, page(405, _l("Siden kan ikke åpnes slik"), _l("Denne adressen tar bare imot skjemaer som sendes fra siden. Gå tilbake til siden og prøv igjen.")))
    app.register_error_handler(413, page(413, _l("Filen er for stor"), _l("Filen er større enn det som kan lastes opp. Gå tilbake og velg en mindre fil.")))
    app.register_error_handler(429, page(429, _l("For mange forsøk"), _l("Du har gjort for mange forsøk på kort tid. Vent litt og prøv igjen.")))
    unavailable.register(app)
    app.register_error_handler(500, page(500, _l("Noe gikk galt"), _l("En feil oppstod hos oss. Ingenting av det du sendte er lagret halvveis; prøv igjen.")))
