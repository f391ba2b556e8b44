"""The consultee's pages for a round: the form, autosave, receipt, attachments, extensions."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from io import BytesIO

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import faults
from app.errors import ConflictError, DomainError, ValidationError
from app.extensions import db
from app.forms import ConfirmForm, Merged, apply_domain_error, conflicting_fields, labelled, merge_stale
from app.i18n import current_locale, quoted_list
from app.invitations import deadlines
from app.models import Invitation, ResponseVersion
from app.responses import (
    attachments,
    confirmation,
    form_actions,
    guide,
    importing,
    stash,
    submission,
)
from app.responses.forms import draft_problems, form_data, form_input, hold_back_invalid, response_form_class
from app.responses.kinds import kind_of
from app.responses.portal import Portal, portal_route
from app.snapshot import ADOPTED_BY_LABELS, ADOPTERS
from app.text import one_line
from app.timeutil import to_local, utcnow
from app.unavailable import RETRY_AFTER_SECONDS, UNAVAILABLE_ERRORS, form_message
from app.uploads import DOCX
from app.urls import absolute


def keeping_the_form(handler: Callable) -> Callable:
    """Wrap a form page's handler: a save or submit the database could not take (locked or down) comes back
    as the same form, filled with the posted values and a message, with status 503.

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
            form = response_form_class(invitation)()  # the posted values, as typed
            form.form_errors.append(form_message())
            page = _page(invitation, portal, form, submission.response_for(invitation))
            return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    return wrapped


@portal_route("", "respond", methods=("GET", "POST"), keeps_typed_text=True, files="MAX_RESPONSE_FORM_BYTES")
@keeping_the_form
def respond(invitation: Invitation, portal: Portal):
    """The round, the draft and the response form: save a draft or submit; the language and attachment
    buttons send the form too, so what was typed is saved before they act (form_actions)."""
    consultation = invitation.consultation
    response = submission.response_for(invitation)
    form_class = response_form_class(invitation)
    if request.method == "GET":
        form = form_class(data={**form_data(response), "submission_key": submission.new_submission_key()})
        restored = stash.take(request.args.get("gjenopprett"), request.path, current_user, utcnow())
        if restored is not None:
            form = form_class(formdata=restored)
            form.submission_key.data = submission.new_submission_key()
            flash(_("Her er det du skrev før du ble logget ut. Det er ikke lagret ennå: trykk Lagre utkast eller Send inn."), "info")
        page = _page(invitation, portal, form, response)
        db.session.commit()  # the link was opened; after rendering, so nothing is loaded twice
        return page
    form = form_class()
    action = form_actions.action_of(request.form)
    problems = [] if form.validate() else draft_problems(form) if action != "submit" else None
    if problems is None and action in ("save", "language") and form_actions.chosen_file() is None:
        kept = _save_the_rest(invitation, portal, form, response, action)
        if kept is not None:
            return kept
    if problems is None:
        csrf_field = getattr(form, "csrf_token", None)
        if csrf_field is not None and csrf_field.errors:
            csrf_field.errors = []
            form.form_errors.append(_("Siden har stått åpen lenge. Ingenting er lagret ennå, men alt du skrev står her: trykk på knappen igjen."))
        if form_actions.chosen_file() is not None:
            form.attachment.errors.append(_("Filen er ikke lastet opp. Rett feilene, velg filen på nytt og trykk «Last opp»."))
        # what the submit would also be refused for (a ranking, an unanswered question): named now, not next time
        missing = submission.missing_in(consultation, form_input(form, consultation)) if action == "submit" else {}
        for name, message in missing.items():
            if name in form and message not in form[name].errors:
                form[name].errors = [*form[name].errors, message]
        return _page(invitation, portal, form, response, errors=missing), 422
    if action == "language":
        form_actions.switch_language()
    merged = _merge_stale(form, response)
    if merged is not None and (merged.conflicts or merged.taken and action == "submit"):
        # both changed a field, or a submit would send text saved elsewhere the user has not seen: the user decides
        said = _("Svaret er lagret et annet sted (i en annen fane eller av en kollega) etter at siden ble åpnet. "
                 "Det som ble endret der, står nå i skjemaet; se over og trykk på knappen igjen.")
        if merged.conflicts:  # a field changed in both places holds what was typed here, what is saved beside it
            said = _("Svaret er lagret et annet sted (i en annen fane eller av en kollega) etter at siden ble åpnet. "
                     "Felt som bare ble endret der, står nå i skjemaet. Der begge endret det samme feltet, står det "
                     "som ble skrevet her, fortsatt i skjemaet, og det som er lagret, vises ved siden av: velg og "
                     "trykk på knappen igjen.")
        return _refused(invitation, portal, form, submission.ConflictError(said), merged=merged)
    if merged is not None and merged.taken:
        flash(_("Svaret var lagret et annet sted etter at siden ble åpnet. Det som ble endret der, er tatt med: "
                "%(fields)s.", fields=quoted_list(form[name].label.text for name in merged.taken)), "info")
    if problems:  # saved as typed, to be put right before the response is sent (named in the new language)
        listed = "; ".join(draft_problems(form) or problems)
        flash(_("Utkastet er lagret, men dette må rettes før du sender inn: %(problems)s", problems=listed)
              if invitation.consultee.is_public else
              _("Utkastet er lagret, men dette må rettes før dere sender inn: %(problems)s", problems=listed), "warning")
    if action == "submit":
        return _submit(invitation, portal, form, response)
    if action == "language" and response is None and submission.is_blank(form_input(form, consultation)):
        return redirect(portal.url("respond"))  # nothing typed: no working copy is made (it would lock the round)
    try:
        response = submission.save_draft(invitation, form_input(form, consultation),
                                         expected_version=_int(form.version.data), now=utcnow())
    except DomainError as error:
        if action == "language" and isinstance(error, submission.SubmitRefused):
            db.session.rollback()  # nothing can be saved in a closed round; the language still changes
            return redirect(portal.url("respond"))
        return _refused(invitation, portal, form, error)
    return _after_save(invitation, portal, form, response, action)


def _save_the_rest(invitation: Invitation, portal: Portal, form, response, action: str):
    """«Lagre utkast» or a language button with a field that cannot be saved as typed (a text over its cap, a
    date that is no date): everything else is saved, as autosave does, and the page comes back (in the new
    language) with the typed text still in that field and the reason beside it. None when the page itself
    failed (its CSRF token) or the save was refused: the caller shows the form as it was posted."""
    typed = {field.name: field.data for field in form if field.errors}
    errors = {field.name: field.errors for field in form if field.errors}
    held = hold_back_invalid(form, response)
    if held is None:
        return None
    if action == "language":
        form_actions.switch_language()
    merged = _merge_stale(form, response)
    if merged is not None and merged.conflicts:
        return None
    try:
        response = submission.save_draft(invitation, form_input(form, invitation.consultation),
                                         expected_version=_int(form.version.data), now=utcnow())
    except DomainError as error:
        return _refused(invitation, portal, form, error)
    db.session.commit()
    form.version.data = str(response.version)
    for name, value in typed.items():  # shown again as typed, with the reason, for the user to put right
        form[name].data, form[name].raw_data, form[name].errors = value, None, errors[name]
    problems = "; ".join(labelled(form[name].label.text, str(form[name].errors[0])) for name in typed)
    form.form_errors.append(
        _("Utkastet er lagret, unntatt dette, som står i skjemaet som du skrev det: %(problems)s", problems=problems)
        if invitation.consultee.is_public else
        _("Utkastet er lagret, unntatt dette, som står i skjemaet som dere skrev det: %(problems)s", problems=problems))
    return _page(invitation, portal, form, response), 422


def _after_save(invitation: Invitation, portal: Portal, form, response, action: str):
    """The draft is saved (flushed): store or remove a file as asked, commit, and go back to the form."""
    anchor = form_actions.place_of(request.form) if action == "save" else None
    message = _("Utkastet er lagret kl. %(time)s.", time=to_local(response.updated_at).strftime("%H:%M"))
    try:
        if action == "remove":
            anchor, message = "vedlegg", form_actions.remove(invitation, request.form.get(form_actions.REMOVE), utcnow())
        elif form_actions.chosen_file() is not None:
            anchor, message = "vedlegg", form_actions.attach(invitation, form_actions.chosen_file(), utcnow())
        elif action == "upload":
            form.attachment.errors.append(_("Velg en fil å laste opp."))
    except DomainError as error:  # refused before anything was changed: the draft stays saved
        form.attachment.errors.append(error.message)
    if form.attachment.errors:
        return _with_attachment_error(invitation, portal, form, response)
    db.session.commit()
    if action != "language":
        flash(message, "success")
    return redirect(portal.url("respond", _anchor=anchor))


def _with_attachment_error(invitation: Invitation, portal: Portal, form, response):
    """The text is saved (committed now), the file was not: the form again with the reason at the file field."""
    db.session.commit()
    form.version.data = str(response.version)
    return _page(invitation, portal, form, response), 422


def _submit(invitation: Invitation, portal: Portal, form, response):
    consultation = invitation.consultation
    expected = _int(form.version.data)
    if form_actions.chosen_file() is not None:  # the file chosen goes in with this submit
        try:
            response = submission.save_draft(invitation, form_input(form, consultation), expected_version=expected,
                                             now=utcnow())
            form_actions.attach(invitation, form_actions.chosen_file(), utcnow())
        except DomainError as error:
            if error.field == "attachment":  # the text is saved; the file was refused before anything changed
                form.attachment.errors.append(error.message)
                return _with_attachment_error(invitation, portal, form, submission.response_for(invitation))
            db.session.rollback()
            done = _already_submitted(invitation, form.submission_key.data)
            return redirect(portal.url("receipt", number=done.number)) if done else _refused(invitation, portal, form, error)
        expected = response.version
    try:
        version = submission.submit(invitation, form_input(form, consultation),
                                    expected_version=expected, submission_key=form.submission_key.data
                                    or submission.new_submission_key(), now=utcnow(), via=portal.via,
                                    user_id=_user_id(), receipt_url=lambda n: absolute(portal.url("receipt", number=n)))
    except submission.IncompleteError as error:
        db.session.commit()  # keep what was typed as the draft
        response = submission.response_for(invitation)
        form.version.data = str(response.version)
        for name, message in error.errors.items():
            if name in form:
                form[name].errors.append(message)
        form.form_errors.insert(0, _("%(reason)s Utkastet er lagret.", reason=error.message))
        return _page(invitation, portal, form, response, errors=error.errors), 422
    except DomainError as error:
        db.session.rollback()
        done = _already_submitted(invitation, form.submission_key.data)
        if done is not None:  # the first of a double click went through: show its receipt
            return redirect(portal.url("receipt", number=done.number))
        return _refused(invitation, portal, form, error)
    except IntegrityError:
        # The same form submitted twice at the same moment: the other request made the version.
        db.session.rollback()
        version = db.session.scalar(select(ResponseVersion).where(
            ResponseVersion.submission_key == form.submission_key.data))
        if version is None:
            raise
    faults.pause("submit.before_commit")  # tests kill the worker here: the new version is flushed, not committed
    confirmation.commit_and_remember_mail(version)
    return redirect(portal.url("receipt", number=version.number))


@portal_route("/import", "word_import", methods=("GET", "POST"), files=True)
def word_import(invitation: Invitation, portal: Portal):
    """Read an adopted response from Word, show where each part would go, and save it only when confirmed."""
    consultation = invitation.consultation
    if request.method == "GET":
        return _import_page(invitation, portal, rows=None)
    if not ConfirmForm().validate_on_submit():
        flash(_("Siden har stått åpen lenge. Last opp dokumentet på nytt."), "error")
        return redirect(portal.url("word_import"))
    if "confirm" in request.form and form_actions.LANGUAGE in request.form:
        # The language buttons send the review form: it is shown again as it was edited, in the new language
        form_actions.switch_language()
        try:
            rows = importing.review_from(request.form)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(portal.url("word_import"))
        return _import_page(invitation, portal, rows=rows, positions=_posted_positions(invitation),
                            yes_no=_posted_yes_no(invitation), ranks=_posted_ranks(invitation),
                            decision=_posted_decision(), found=_posted_found(invitation), held=_posted_held())
    if "confirm" in request.form:
        return _confirm_import(invitation, portal)
    file = request.files.get("document")
    data = file.read(current_app.config["MAX_DRAFT_BYTES"] + 1) if file and file.filename else b""
    try:
        if not data:
            raise ValidationError(_("Velg et Word-dokument (.docx)."), "document")
        if len(data) > current_app.config["MAX_DRAFT_BYTES"]:
            raise ValidationError(_("Dokumentet er for stort."), "document")
        proposal = importing.propose(consultation, data)
    except DomainError as error:
        flash(error.message, "error")
        return _import_page(invitation, portal, rows=None), 422
    held = importing.hold(invitation, file.filename, data, utcnow())
    db.session.commit()
    return _import_page(invitation, portal, rows=importing.review_rows(consultation, proposal), positions=proposal.positions,
                        yes_no=proposal.yes_no, ranks=importing.review_ranks(invitation, proposal),
                        decision=dict(proposal.decision), found=importing.Found.of(proposal), held=(held, True))


def _posted_held() -> tuple[str, bool]:
    """The key of the document held for a posted review form, and whether it is to be attached."""
    return request.form.get("document_key", "")[:100], bool(request.form.get("attach_document"))


def _posted_positions(invitation: Invitation) -> dict[int, str]:
    """The positions chosen on a posted review form, by focus area."""
    return {area.id: request.form[f"pos-{area.id}"] for area in invitation.consultation.focus_areas
            if f"pos-{area.id}" in request.form}


def _posted_ranks(invitation: Invitation) -> dict[int, str]:
    """The places in the ranking chosen on a posted review form, by focus area ("" for none)."""
    return {area.id: request.form[f"rank-{area.id}"] for area in invitation.consultation.focus_areas
            if f"rank-{area.id}" in request.form}


def _posted_decision() -> dict[str, str]:
    """Who adopted the answer, when and its case number as a posted review form gives them (the fields
    the review shows only when the document gave one of them)."""
    return {name: request.form[name][:submission.CASE_NUMBER_MAX].strip() for name in importing.DECISION_FIELDS
            if name in request.form}


def _adopters(invitation: Invitation, decision: dict[str, str] | None) -> list[tuple[str, str]]:
    """Who may have adopted the answer, as the response form offers it for the consultee's kind, with the
    body the document names where that is another («styre» for a municipality's company)."""
    keys = list(ADOPTERS.get(invitation.consultee.kind.value, ADOPTERS["annet"]))
    named = (decision or {}).get("adopted_by")
    if named in ADOPTED_BY_LABELS["nb"] and named not in keys:
        keys.insert(-1, named)
    labels = ADOPTED_BY_LABELS[current_locale()]
    return [(key, labels[key]) for key in keys]


def _posted_found(invitation: Invitation) -> importing.Found:
    """What a posted review form says the document itself gave."""
    return importing.Found.posted(invitation.consultation, request.form)


def _posted_yes_no(invitation: Invitation) -> dict[int, bool | None]:
    """The yes or no chosen on a posted review form, by yes/no question (None: «Ikke satt»)."""
    values = {"ja": True, "nei": False, "": None}
    return {q.id: values.get(request.form[f"yes-{q.id}"]) for q in invitation.consultation.questions
            if kind_of(q).has_yes_no and f"yes-{q.id}" in request.form}


def _confirm_import(invitation: Invitation, portal: Portal):
    form = request.form
    positions, yes_no, ranks = _posted_positions(invitation), _posted_yes_no(invitation), _posted_ranks(invitation)
    decision = _posted_decision()
    rows = []
    try:
        rows = importing.review_from(form)
        importing.apply_import(invitation, rows, positions, expected_version=_int(form.get("version")), now=utcnow(),
                               yes_no={q: yes for q, yes in yes_no.items() if yes is not None}, ranks=ranks,
                               decision=decision)
    except importing.ImportRefused as error:
        db.session.rollback()
        flash(error.message, "error")
        rows = [replace(row, error=error.errors.get(i, "")) for i, row in enumerate(rows)]
        return _import_page(invitation, portal, rows=rows, positions=positions, yes_no=yes_no, ranks=ranks,
                            decision=decision, found=_posted_found(invitation), held=_posted_held()), error.status
    except DomainError as error:
        db.session.rollback()
        if isinstance(error, ConflictError) and rows:
            # Saved elsewhere while the review was open: the review stays as edited, and confirming it again
            # adds it to what is saved now (the page carries the new version)
            flash(_("Svaret ble lagret et annet sted mens du så over dokumentet. Gjennomgangen står her som du "
                    "forlot den: trykk «Legg inn i svaret» igjen for å legge innholdet til det som er lagret nå."),
                  "error")
            return _import_page(invitation, portal, rows=rows, positions=positions, yes_no=yes_no, ranks=ranks,
                                decision=decision, found=_posted_found(invitation), held=_posted_held()), 409
        flash(error.message, "error")
        return redirect(portal.url("word_import"))
    key, attach = _posted_held()
    kept = ""
    if attach:
        try:
            importing.attach_held(invitation, key, max_bytes=current_app.config["MAX_ATTACHMENT_BYTES"], now=utcnow())
        except DomainError as error:
            kept = error.message
    else:
        importing.drop_held(invitation, key)
    db.session.commit()
    flash(_("Innholdet fra Word-dokumentet er lagt inn i svaret som utkast. Se over og send inn."), "success")
    if kept:
        flash(kept, "warning")
    return redirect(portal.url("respond"))


def _import_page(invitation: Invitation, portal: Portal, *, rows, positions=None, yes_no=None, ranks=None,
                 decision=None, found: importing.Found | None = None, held=("", False)):
    """The upload form (rows None), or the parts of a document to review with any reasons they cannot go in.

    `ranks` are the places in the ranking to review ("" for none); `decision` who adopted it, when and its case
    number as reviewed (shown when the document gave any, never for a person); `found` is what the document itself
    gave, shown beside what the saved draft holds where the two differ; `held` is the key of the uploaded
    document kept for the review and whether to attach it.
    """
    consultation, found, ranks = invitation.consultation, found or importing.Found(), ranks or {}
    response = submission.response_for(invitation) if rows is not None else None
    reviewing = rows is not None
    return render_template(
        "responses/import.html", invitation=invitation, portal=portal, rows=rows, positions=positions or {},
        yes_no=yes_no or {}, ranks=ranks, found=found, held=held, response=response,
        decision={} if invitation.consultee.is_public else decision or {}, adopters=_adopters(invitation, decision),
        general_question=importing.general_question(consultation),
        replaced=importing.replaced(consultation, response, found, current_locale()) if reviewing else {},
        ranking_notice=importing.ranking_notice(consultation, response, ranks, found) if reviewing else "")


@portal_route("/autosave", "autosave", methods=("POST",))
def autosave(invitation: Invitation, portal: Portal):
    """Save the working copy while the consultee types (JSON for the page's script)."""
    form = response_form_class(invitation)()
    problems = [] if form.validate() else draft_problems(form)
    held = []
    if problems is None:  # a field that cannot be saved as typed keeps its saved value; the rest is saved
        held = hold_back_invalid(form, submission.response_for(invitation))
        if held is None:
            return jsonify(saved=False, message=_("Ikke lagret: %(reason)s", reason=_first_error(form, invitation))), 422
        problems = draft_problems(form) or []
    merged = _merge_stale(form, submission.response_for(invitation))
    if merged is not None and merged.conflicts:
        return jsonify(saved=False, message=_(
            "Svaret er lagret et annet sted (i en annen fane, en side du nettopp forlot, eller av en kollega), "
            "og noe av det du har endret, er endret der også. Autolagringen er stoppet. "
            "Trykk «Lagre utkast» for å se det som er lagret nå, ved siden av det du skrev.")), 409
    try:
        response = submission.save_draft(invitation, form_input(form, invitation.consultation),
                                         expected_version=_int(form.version.data), now=utcnow())
    except submission.ConflictError:
        db.session.rollback()
        return jsonify(saved=False, message=_(
            "Svaret er lagret et annet sted (i en annen fane, en side du nettopp forlot, eller av en kollega). "
            "Autolagringen er stoppet. "
            "Trykk «Lagre utkast» for å se det som er lagret nå, ved siden av det du skrev.")), 409
    except DomainError as error:
        db.session.rollback()
        return jsonify(saved=False, message=error.message), 409
    db.session.commit()
    warnings = [_("Ikke lagret: %(problems)s. Resten er lagret.", problems="; ".join(held))] if held else []
    if problems:
        listed = "; ".join(problems)
        warnings.append(_("Rett før du sender inn: %(problems)s", problems=listed) if invitation.consultee.is_public
                        else _("Rett før dere sender inn: %(problems)s", problems=listed))
    # partial: the page still holds text that is not saved (autosave.js keeps asking before the page is left)
    if merged is not None and merged.taken:
        warnings.insert(0, _("Endret et annet sted i mellomtiden og tatt inn i skjemaet: %(fields)s.",
                             fields=quoted_list(form[name].label.text for name in merged.taken)))
    # taken: fields saved elsewhere that the page did not have; the script puts them in the form
    return jsonify(saved=True, partial=bool(held), version=response.version, taken=merged.taken if merged else {},
                   saved_at=f"{to_local(response.updated_at):%H:%M}", warning=" ".join(warnings))


@portal_route("/utkast.docx", "draft")
def draft_download(invitation: Invitation, portal: Portal):
    """The draft consulted on, as uploaded."""
    draft = invitation.consultation.current_draft
    if draft is None or draft.content is None:
        abort(404)
    db.session.commit()
    return send_file(BytesIO(draft.content), mimetype=DOCX, as_attachment=True,
                     download_name=one_line(draft.filename) or "utkast.docx")


@portal_route("/vedlegg/<int:attachment_id>", "attachment")
def attachment(invitation: Invitation, portal: Portal, attachment_id: int):
    """Download one of this response's attachments."""
    item = attachments.get_or_404(invitation, attachment_id)
    db.session.commit()
    return attachments.download(item)


@portal_route("/utsatt-frist", "extension", methods=("POST",), back_to="frist")
def extension(invitation: Invitation, portal: Portal):
    """Ask the secretariat for a later deadline."""
    form = deadlines.ExtensionForm()
    if form.validate_on_submit():
        try:
            deadlines.request_extension(invitation, form.until(), form.reason.data, now=utcnow())
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Søknaden om utsatt frist er sendt. Sekretariatets avgjørelse vises her når den er tatt."), "success")
            return redirect(portal.url("respond", _anchor="frist"))
    response = submission.response_for(invitation)
    main = response_form_class(invitation)(data={**form_data(response),
                                                             "submission_key": submission.new_submission_key()})
    # The answer form is shown as it is saved, untouched: nothing in it waits to be saved (no autosave on leaving)
    return _page(invitation, portal, main, response, extension_form=form, unsaved=False), 422


def _refused(invitation, portal, form, error: DomainError, merged: Merged | None = None):
    """A save or submit the service refused (409), with everything typed still in the form.

    When the working copy was saved elsewhere since the page was loaded, the form now carries the
    current version (saving again is a deliberate choice to replace it) and the page shows, per
    field that differs, what is saved now beside what was typed: only the fields typed in that were
    also changed there, when the page's script said which (`merged`: the others hold what is saved).
    """
    db.session.rollback()
    apply_domain_error(form, error)
    response = submission.response_for(invitation)
    conflicts = None
    if isinstance(error, submission.ConflictError):
        form.version.data = str(response.version) if response else ""
        conflicts = merged.conflicts if merged is not None else conflicting_fields(form, form_data(response))
    return _page(invitation, portal, form, response, conflicts=conflicts), 409


def _merge_stale(form, response) -> Merged | None:
    """The posted form merged with the working copy when that was saved elsewhere since the page was loaded
    (forms.merge_stale); the form then carries the current version. None when the page is current, or
    its script did not say what was typed (the service then refuses the stale version as before)."""
    if response is None or _int(form.version.data) == response.version:
        return None
    merged = merge_stale(form, form_data(response), request.form)
    if merged is not None:
        form.version.data = str(response.version)
    return merged


def _page(invitation, portal, form, response, *, errors=None, extension_form=None, conflicts=None,
          unsaved: bool | None = None):
    """The form page; `unsaved` (by default: after a post) marks the answer form as holding what is not saved yet,
    so that its script saves it when the page is left."""
    now = utcnow()
    consultation = invitation.consultation
    # The proof of whom the page was shown to keeps what is typed when the session runs out (stash.py).
    proof = stash.proof(current_user, portal.url("respond"), now) if portal.via == "account" else None
    return render_template(
        "responses/respond.html", invitation=invitation, consultation=invitation.consultation, portal=portal,
        form=form, response=response, window=submission.window(invitation, now), now=now,
        takes_drafts=submission.takes_drafts(invitation, now),
        extension_form=extension_form or deadlines.ExtensionForm(), errors=errors or {},
        conflicts=conflicts, unsaved=request.method == "POST" if unsaved is None else unsaved, stash_proof=proof, stash_field=stash.PROOF_FIELD, intro=guide.intro(consultation),
        draft_blocks=guide.draft_blocks(consultation.current_draft),
        linked_errors=_group_errors(consultation, form, errors or {}))


def _group_errors(consultation, form, errors: dict[str, str]) -> list[tuple[str, str, str]]:
    """(element id, label, message) of the errors that belong to a group of fields (a ranking), for the summary."""
    questions = {f"rank-{q.id}": q.text for q in consultation.questions}
    return [(name, questions.get(name, ""), message) for name, message in errors.items()
            if name not in form and name in questions]


def _already_submitted(invitation: Invitation, key: str | None) -> ResponseVersion | None:
    if not key:
        return None
    version = db.session.scalar(select(ResponseVersion).where(ResponseVersion.submission_key == key))
    return version if version is not None and version.response.consultee_id == invitation.consultee_id else None


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _first_error(form, invitation: Invitation) -> str:
    csrf_field = getattr(form, "csrf_token", None)
    if csrf_field is not None and csrf_field.errors:
        if invitation.consultee.is_public:
            return _("siden har stått åpen lenge. Trykk «Lagre utkast»: det du har skrevet, blir stående.")
        return _("siden har stått åpen lenge. Trykk «Lagre utkast»: det dere har skrevet, blir stående.")
    for field in form:
        if field.errors:
            return labelled(field.label.text, field.errors[0])
    return _("skjemaet kunne ikke leses.")


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None
