"""The consultee's pages exist twice: behind the invitation link and behind a consultee account."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import public, roles_required
from app.errors import DomainError
from app.extensions import csrf, db, limiter
from app.forms import form_capacity
from app.i18n import use_round_language
from app.models import STAFF_ROLES, Invitation, Role
from app.responses import access, bp, staff_bp, stash
from app.responses.forms import TEXT_FIELD_PREFIXES, response_form_class
from app.round import current_round
from app.security import takes_files
from app.snapshot import MAX_ANSWER
from app.timeutil import utcnow
from app.unavailable import TYPED_TEXT_ENDPOINTS


@dataclass(frozen=True)
class Portal:
    """How the consultee reached the round, so pages link within the same way in."""

    #: "link" (invitation token), "account" (signed-in consultee user) or "secretariat" (on its behalf)
    via: str
    key: str
    consultee_id: int | None = None

    def url(self, name: str, **values) -> str:
        if self.via == "link":
            return url_for(f"responses.{name}_by_token", token=self.key, **values)
        if self.via == "secretariat":
            return url_for(f"round.responses.{name}_by_staff", slug=self.key, consultee_id=self.consultee_id, **values)
        return url_for(f"responses.{name}_by_account", slug=self.key, **values)


#: Requests per address to link pages; generous, since a municipality's staff may share one address
LINK_LIMIT = "300 per minute"
#: Unknown or expired links per address: guessing tokens is pointless, but it is refused early too
BAD_LINK_LIMIT = "20 per minute;100 per hour"
#: Posts without a session to a form that keeps typed text, per address: each leads to a login,
#: so the login's own limit
STASH_LIMIT = "10 per minute;60 per hour"
#: Room beyond the form's own capacity, so that a form a browser let through is never refused for size
STASH_MARGIN_CHARS = MAX_ANSWER


def _not_found(response) -> bool:
    return response.status_code == 404


#: The Norwegian words of the consultee's paths (/svar/<token>…, /mine/<slug>…) in the secretariat's copy
#: of the same page, under /consultations/<slug>/…, whose path words are English (README, "URL rule")
STAFF_WORDS = {"kvittering": "receipt", "utkast": "draft", "utsatt-frist": "extension", "vedlegg": "attachments",
               "slett": "delete", "autosave": "autosave", "import": "import"}


def staff_rule(rule: str) -> str:
    """A portal page's rule with STAFF_WORDS' English words: /kvittering/<int:number>.docx → /receipt/<int:number>.docx.

    Variables and file suffixes are kept; a word the table lacks stops the app at import (ValueError).
    """

    def english(part: str) -> str:
        if not part or part.startswith("<"):
            return part
        word, dot, suffix = part.partition(".")
        if word not in STAFF_WORDS:
            raise ValueError(f"the portal rule {rule!r} has a word with no English one in STAFF_WORDS: {word!r}")
        return STAFF_WORDS[word] + dot + suffix

    return "/".join(english(part) for part in rule.split("/"))


def portal_route(rule: str, name: str, methods: tuple[str, ...] = ("GET",), *,
                 keeps_typed_text: bool = False, files: bool | str = False, after_close: bool = False,
                 back_to: str | None = None) -> Callable:
    """Register `handler(invitation, portal, **values)` under /svar/<token>{rule}, /mine/<slug>{rule}
    and /consultations/<slug>/responses/<consultee_id>/form{rule in English} (in the round blueprint;
    see staff_rule).

    The link is public (the unguessable token is the key); the account route is for consultee
    users and finds only their own organisation's invitation; the third is the secretariat
    answering on a consultee's behalf (e.g. from its adopted Word document). CSRF is checked by each page's
    form instead of before the view, so a page left open past its token's life shows the
    form again with everything typed, instead of an error page. `files=True` lets the request
    carry an upload (see security.takes_files); `files="SETTING"` caps its body at that setting.
    `after_close=True` keeps the page reachable by link once the round has closed (the receipts the
    receipt mail links to, read only); every other page of a closed round's link is the 410 page.
    `back_to` (an anchor of the form) makes a form's address that only takes posts lead back there
    when it is opened (a page shown after a refused post, reloaded or restored by the browser).
    """
    if back_to is not None:
        methods = (*methods, "GET")

    def decorator(handler: Callable) -> Callable:
        def view(invitation: Invitation, portal: Portal, **values):
            if back_to is not None and request.method == "GET":
                return redirect(portal.url("respond", _anchor=back_to))
            return handler(invitation, portal, **values)

        def by_token(token: str, **values):
            try:
                invitation = access.open_by_token(token, now=utcnow())
            except access.RoundEnded as ended:
                if not after_close:
                    return _round_ended(ended.invitation, token)
                invitation = ended.invitation
            except access.ConsulteeArchived as archived:
                return _access_closed(archived.invitation)
            g.link_actor = invitation.consultee.name
            use_round_language(invitation.language)
            return view(invitation, Portal("link", token), **values)

        def by_account(slug: str, **values):
            invitation = access.invitation_for_user_or_404(current_user, slug)
            invitation.mark_opened(utcnow())
            use_round_language(invitation.consultation.language.value)
            return view(invitation, Portal("account", slug), **values)

        def by_staff(consultee_id: int, **values):
            invitation = _staff_invitation_or_404(consultee_id)
            return view(invitation, Portal("secretariat", invitation.consultation.slug, consultee_id), **values)

        by_token.__name__, by_account.__name__ = f"{name}_by_token", f"{name}_by_account"
        by_staff.__name__ = f"{name}_by_staff"
        by_token.__doc__ = by_account.__doc__ = by_staff.__doc__ = handler.__doc__
        if files:
            setting = files if isinstance(files, str) else "MAX_CONTENT_LENGTH"
            by_token, by_account, by_staff = (takes_files(view, max_bytes_setting=setting)
                                              for view in (by_token, by_account, by_staff))
        link_view = limiter.limit(LINK_LIMIT)(limiter.limit(BAD_LINK_LIMIT, deduct_when=_not_found)(public(by_token)))
        bp.add_url_rule(f"/svar/<token>{rule}", by_token.__name__, csrf.exempt(link_view), methods=methods)
        account_view = roles_required(Role.CONSULTEE)(by_account)
        if keeps_typed_text:
            account_view = _keeping_typed_text(account_view)
        bp.add_url_rule(f"/mine/<slug>{rule}", by_account.__name__, csrf.exempt(account_view), methods=methods)
        staff_bp.add_url_rule(f"/responses/<int:consultee_id>/form{staff_rule(rule)}", by_staff.__name__,
                        csrf.exempt(roles_required(*STAFF_ROLES)(by_staff)), methods=methods)
        if keeps_typed_text:  # the 503 page shows these fields' text again when the database is down
            for endpoint in (f"responses.{by_token.__name__}", f"responses.{by_account.__name__}",
                             f"round.responses.{by_staff.__name__}"):
                TYPED_TEXT_ENDPOINTS[endpoint] = TEXT_FIELD_PREFIXES
        return handler

    return decorator


def _round_ended(invitation: Invitation, token: str):
    """A closed round's link: what became of the answer, its receipt, and where the summary is, with status 410."""
    use_round_language(invitation.language)
    response = next((r for r in invitation.consultation.responses if r.consultee_id == invitation.consultee_id), None)
    version = response.latest_version if response is not None else None
    page = render_template("responses/ended.html", invitation=invitation, consultation=invitation.consultation,
                           response=response, version=version, portal=Portal("link", token),
                           ended_at=answers_ended_at(invitation))
    db.session.commit()
    return page, 410


def _access_closed(invitation: Invitation):
    """An archived consultee's own link: its access to the round is closed, what it saved is kept, and whom to
    ask (the round's region), with status 403; an autosave is told in its own terms and stops (409)."""
    use_round_language(invitation.language)
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return jsonify(saved=False, message=_("Ikke lagret: tilgangen til høringen er stengt. Last inn siden på nytt "
                                              "for å se hvorfor.")), 409
    response = next((r for r in invitation.consultation.responses if r.consultee_id == invitation.consultee_id), None)
    return render_template("responses/access_closed.html", invitation=invitation, consultation=invitation.consultation,
                           response=response), 403


def answers_ended_at(invitation: Invitation) -> datetime:
    """When the round stopped taking this consultee's answers: its deadline, or the day the round closed
    if that came first (a closed round takes nothing, whatever extension still ran) or it took late answers."""
    consultation = invitation.consultation
    closed = consultation.closed_at
    if closed is None or (closed >= invitation.deadline_at and not consultation.accepts_late):
        return invitation.deadline_at
    return closed


def _staff_invitation_or_404(consultee_id: int) -> Invitation:
    invitation = next((i for i in current_round().invitations if i.consultee_id == consultee_id), None)
    if invitation is None:
        abort(404)
    return invitation


def _keeping_typed_text(view: Callable) -> Callable:
    """When the session ran out before a save, keep the form for its user and give it back after signing in.

    Only a post carrying the form's signed proof of its user is kept (see app.responses.stash);
    anything else meets the login page as any anonymous request does.
    """

    @wraps(view)
    def wrapped(*args, **values):
        if current_user.is_authenticated or request.method != "POST" or not request.form:
            return view(*args, **values)
        now = utcnow()
        action = url_for(request.endpoint, **request.view_args)  # as the page built it (portal.url)
        user = stash.owner(request.form.get(stash.PROOF_FIELD), action, now)
        if user is None:
            return view(*args, **values)  # the login page, nothing kept
        form_class = response_form_class(access.invitation_for_user_or_404(user, values["slug"]))
        fields, capacity = form_capacity(form_class)
        try:
            key = stash.keep(user, request.path, request.form, fields=fields - {"csrf_token"},
                             max_chars=capacity + STASH_MARGIN_CHARS, now=now)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("auth.login", next=request.path))
        db.session.commit()
        flash(_("Du var blitt logget ut. Logg inn igjen, så får du tilbake det du skrev."), "info")
        return redirect(url_for("auth.login", next=f"{request.path}?gjenopprett={key}"))

    return limiter.limit(STASH_LIMIT, methods=["POST"], exempt_when=lambda: current_user.is_authenticated)(wrapped)
