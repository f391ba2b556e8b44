from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import bp, services
from app.auth.access import public
from app.auth.forms import LoginForm
from app.extensions import db, limiter
from app.timeutil import utcnow
from app.urls import safe_next_url


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
@public
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data, now=utcnow())
        if user is not None:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.index"))
        form.password.errors.append(_("Feil e-post eller passord."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@public
def logout():
    """Sign out."""
    logout_user()
    flash(_("Du er logget ut."), "info")
    return redirect(url_for("auth.login"))
