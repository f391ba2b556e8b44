from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME

from app.auth import bp, services
from app.auth.access import public, roles_required
from app.auth.forms import LoginForm, PasswordForm
from app.commits import save_form
from app.extensions import db, limiter
from app.models import Role
from app.timeutil import utcnow
from app.urls import safe_next_url

#: Guessing passwords from one address; lockout.py limits each account whatever the address
LOGIN_LIMIT = "10 per minute;60 per hour"
#: What a new session keeps from the one before: the chosen language and messages not yet shown
KEPT_ACROSS_SESSIONS = ("locale", "_flashes")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, now=utcnow())
        except (services.SignInStopped, services.SignInLocked) as stopped:
            form.password.errors.append(stopped.message)
            return render_template("auth/login.html", form=form)
        if user is not None:
            db.session.commit()
            start_session(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.index"))
        form.password.errors.append(_("Feil e-post eller passord."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@public
def logout():
    """Sign out, here and on every other device signed in as the same user."""
    if current_user.is_authenticated:
        services.end_sessions(current_user)
        db.session.commit()
    _renew_session()
    logout_user()  # after the renewal: it marks the remember cookie for deletion in the new session
    flash(_("Du er logget ut."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@roles_required(*Role)
def password():
    """Change one's own password: every other session of the user ends, this browser stays signed in."""
    form = PasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit() and save_form(
            form, lambda: services.change_password(user, current=form.current_password.data, new=form.password.data),
            _("Passordet er endret. Du er logget ut på alle andre enheter.")):
        start_session(user, remember=has_remember_cookie())
        return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)


def has_remember_cookie() -> bool:
    return current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies


def start_session(user, remember: bool) -> None:
    """Sign `user` in on a new session: nothing from before carries over but the language (no fixation)."""
    _renew_session()
    login_user(user, remember=remember)


def _renew_session() -> None:
    kept = {key: session[key] for key in KEPT_ACROSS_SESSIONS if key in session}
    session.clear()
    session.update(kept)
