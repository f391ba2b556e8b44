from flask import Blueprint, redirect, url_for
from flask_login import current_user

from app.auth.access import public
from app.models import Role

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def index():
    """Send each user to where their work is; a visitor who is not signed in to the public rounds (the
    header's «Logg inn» leads staff and consultees on)."""
    if not current_user.is_authenticated:
        return redirect(url_for("public.index"))
    if current_user.role is Role.CONSULTEE:
        return redirect(url_for("responses.mine"))
    return redirect(url_for("consultations.index"))


@bp.post("/language/<code>")
@public
def set_language(code: str):
    """Remember the user's choice of language."""
    from flask import request, session

    from app.i18n import SUPPORTED_LOCALES
    from app.urls import safe_next_url

    if code in SUPPORTED_LOCALES:
        session["locale"] = code
    return redirect(safe_next_url(request.form.get("next")) or url_for("main.index"))
