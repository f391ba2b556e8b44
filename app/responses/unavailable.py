"""The response form when the database is locked or down: shown again with what was posted (503)."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import request

from app.extensions import db
from app.unavailable import RETRY_AFTER_SECONDS, UNAVAILABLE_ERRORS, form_message


def keeping_the_form(handler: Callable) -> Callable:
    """Wrap a form page's handler: a save or submit the database could not take comes back as the
    same form, filled with the posted values and a message, with status 503.

    When even reading fails (the database is down), the app's 503 handler shows the posted text.
    """

    @wraps(handler)
    def wrapped(invitation, portal, **values):
        try:
            return handler(invitation, portal, **values)
        except UNAVAILABLE_ERRORS:
            if request.method != "POST":
                raise
            db.session.rollback()
            return _form_again(invitation, portal), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    return wrapped


def _form_again(invitation, portal) -> str:
    # Imported here: pages.py decorates its views with this module.
    from app.responses.forms import response_form_class
    from app.responses.pages import _page
    from app.responses.submission import response_for

    form = response_form_class(invitation.consultation)()  # the posted values, as typed
    form.form_errors.append(form_message())
    return _page(invitation, portal, form, response_for(invitation))
