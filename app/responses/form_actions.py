"""The response form's buttons besides «Lagre utkast» and «Send inn»: switching language, uploading and
removing an attachment. Each is a submit of the response form itself, so what was typed is saved first
(as «Lagre utkast» does) and never lost to the click.

The routes that took an upload or a removal on their own (pages loaded before the form carried its
attachments) still work, through the same functions.
"""
from __future__ import annotations

import re
from datetime import datetime

from flask import current_app, flash, redirect, request, session
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from app.errors import DomainError, ValidationError
from app.extensions import db
from app.forms import ConfirmForm
from app.i18n import SUPPORTED_LOCALES, forget_cached_locale
from app.models import Invitation
from app.responses import attachments
from app.responses.portal import Portal, portal_route
from app.timeutil import utcnow

#: The name of the language buttons (value: the locale) and of the attachment buttons on the form
LANGUAGE, UPLOAD, REMOVE = "language", "upload", "remove_attachment"
#: The part of the form the user was in (autosave.js sends it): «Lagre utkast» comes back to it
PLACE, PLACES = "_place", re.compile(r"question-\d+|vedtak|vedlegg")


def action_of(form) -> str:
    """Which button sent the form: "submit", "language", "upload", "remove" or "save"."""
    for name, action in (("submit", "submit"), (LANGUAGE, "language"), (UPLOAD, "upload"), (REMOVE, "remove")):
        if name in form:
            return action
    return "save"


def place_of(form) -> str | None:
    """The anchor of the part of the form the user was in when it was sent, if it names one."""
    place = form.get(PLACE, "")
    return place if PLACES.fullmatch(place) else None


def chosen_file() -> FileStorage | None:
    """The file picked in the form's attachment field, if any."""
    file = request.files.get("attachment")
    return file if file is not None and file.filename else None


def switch_language() -> None:
    """Remember the language the user chose (as the switcher on every page does), for this request too."""
    code = request.form.get(LANGUAGE, "")
    if code in SUPPORTED_LOCALES:
        session["locale"] = code
        forget_cached_locale()


def attach(invitation: Invitation, file: FileStorage, now: datetime) -> str:
    """Store the chosen file with the working copy; the message to show. DomainError when refused."""
    max_bytes = current_app.config["MAX_ATTACHMENT_BYTES"]
    attachment = attachments.add(invitation, filename=file.filename, data=file.read(max_bytes + 1),
                                 max_bytes=max_bytes, now=now)
    return _("%(filename)s er lastet opp. Send inn svaret for å ta vedlegget med.", filename=attachment.filename)


def remove(invitation: Invitation, attachment_id: str | None, now: datetime) -> str:
    """Remove one of the working copy's attachments; the message to show."""
    if not attachment_id or not attachment_id.isdigit():
        raise ValidationError(_("Vedlegget finnes ikke lenger."), "attachment")
    item = attachments.get_or_404(invitation, int(attachment_id))
    name = item.filename
    attachments.remove(invitation, item, now=now)
    return _("%(filename)s er fjernet.", filename=name)


@portal_route("/vedlegg", "upload", methods=("POST",), files="MAX_RESPONSE_FORM_BYTES", back_to="vedlegg")
def upload(invitation: Invitation, portal: Portal):
    """Attach a file from a page loaded before the form carried its attachments (the file alone is posted)."""
    return _alone(invitation, portal, lambda now: attach(invitation, chosen_file(), now) if chosen_file()
                  else _nothing_chosen())


@portal_route("/vedlegg/<int:attachment_id>/slett", "delete_attachment", methods=("POST",), back_to="vedlegg")
def delete_attachment(invitation: Invitation, portal: Portal, attachment_id: int):
    """Remove an attachment from a page loaded before the form carried its attachments."""
    return _alone(invitation, portal, lambda now: remove(invitation, str(attachment_id), now))


def _nothing_chosen() -> str:
    raise ValidationError(_("Velg en fil å laste opp."), "attachment")


def _alone(invitation: Invitation, portal: Portal, change) -> object:
    if not ConfirmForm().validate_on_submit():
        flash(_("Siden har stått åpen lenge. Velg filen og last opp på nytt."), "error")
        return redirect(portal.url("respond", _anchor="vedlegg"))
    try:
        message = change(utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(portal.url("respond", _anchor="vedlegg"))
