"""The secretariat's review of the analysis: correct the grouping, write assessments."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.analysis import bp, review, services
from app.auth.access import roles_required
from app.consultations import services as consultations
from app.errors import ValidationError
from app.extensions import db
from app.forms import posted_text
from app.models import STAFF_ROLES, Assessment, CommentUnit, Theme
from app.timeutil import utcnow
from app.urls import safe_next_url
from app.views import press_button
from nlp.segment import sentences

#: Assignments scoring below this are worth a second look
LOW_SCORE = 0.05
STANCES = {"supports": _l("Støtter"), "objects": _l("Innvender"), "proposes": _l("Foreslår"), "neutral": _l("Nøytral")}


@bp.get("/<slug>/analysis/review")
@roles_required(*STAFF_ROLES)
def review_page(slug: str):
    """Per focus area its themes and comments, with filters."""
    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    area_id = request.args.get("omrade", type=int)
    query = select(CommentUnit).where(CommentUnit.consultation_id == consultation.id,
                                      CommentUnit.focus_area_id == area_id if area_id else CommentUnit.focus_area_id.is_(None))
    if request.args.get("instans", type=int):
        query = query.where(CommentUnit.consultee_id == request.args.get("instans", type=int))
    if request.args.get("standpunkt") in STANCES:
        query = query.where(CommentUnit.stance == request.args["standpunkt"])
    if request.args.get("ubekreftet"):
        query = query.where(CommentUnit.is_confirmed.is_(False))
    if request.args.get("lav"):
        query = query.where(CommentUnit.score < LOW_SCORE)
    comments = list(db.session.scalars(query.order_by(CommentUnit.theme_id, CommentUnit.id)))
    themes = list(db.session.scalars(select(Theme).where(
        Theme.consultation_id == consultation.id,
        Theme.focus_area_id == area_id if area_id else Theme.focus_area_id.is_(None)).order_by(Theme.position)))
    all_themes = list(db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)
                                         .order_by(Theme.focus_area_id, Theme.position)))
    splits = {u.id: [(part.start, part.text[:60]) for part in sentences(u.text)[1:]] for u in comments}
    return render_template("analysis/review.html", consultation=consultation, comments=comments, themes=themes,
                           splits=splits, area_titles={fa.id: fa.title for fa in consultation.focus_areas},
                           all_themes=all_themes, area_id=area_id, run=services.latest_run(consultation),
                           stances=STANCES, assessments=list(Assessment), low_score=LOW_SCORE,
                           next_url=request.full_path)


@bp.post("/<slug>/analysis/comments/<int:comment_id>/<any(confirm, irrelevant, move, split):action>")
@roles_required(*STAFF_ROLES)
def change_comment(slug: str, comment_id: int, action: str):
    """Confirm, move, split or set aside one comment."""
    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    unit = _owned(consultation, CommentUnit, comment_id)
    user, now = current_user, utcnow()
    changes = {
        "confirm": (lambda: review.confirm(unit, user, now), _("Plasseringen er bekreftet.")),
        "irrelevant": (lambda: review.mark_not_relevant(unit, user, now), _("Innspillet er merket som ikke relevant.")),
        "move": (lambda: _move(consultation, unit), _("Innspillet er flyttet.")),
        "split": (lambda: review.split(unit, request.form.get("at", type=int) or 0, user, now), _("Innspillet er delt.")),
    }
    change, message = changes[action]
    _guarded(consultation, change, message)
    return _back(slug)


@bp.post("/<slug>/analysis/themes/<int:theme_id>/<any(rename, merge, assess):action>")
@roles_required(*STAFF_ROLES)
def change_theme(slug: str, theme_id: int, action: str):
    """Rename a theme, merge it into another, or write its assessment."""
    consultation = consultations.get_by_slug_or_404(current_user.region, slug)
    theme = _owned(consultation, Theme, theme_id)
    now, form = utcnow(), request.form
    if action == "rename":
        _guarded(consultation, lambda: review.rename_theme(theme, posted_text("label"), now), _("Temaet har fått nytt navn."))
    elif action == "merge":
        target = _owned(consultation, Theme, form.get("into", type=int) or 0)
        _guarded(consultation, lambda: review.merge_themes(theme, target, now), _("Temaene er slått sammen."))
    else:
        value = form.get("assessment") or None
        if value is not None and value not in {a.value for a in Assessment}:
            abort(400)
        _guarded(consultation, lambda: review.assess(theme, Assessment(value) if value else None,
                                                     posted_text("text")[:20_000], current_user, now),
                 _("Vurderingen er lagret."))
    return _back(slug)


def _move(consultation, unit: CommentUnit) -> None:
    kind, _, raw = (request.form.get("target") or "").partition(":")
    if kind == "theme" and raw.isdigit():
        theme = _owned(consultation, Theme, int(raw))
        area = next((a for a in consultation.focus_areas if a.id == theme.focus_area_id), None)
        return review.move(unit, area, current_user, utcnow(), theme=theme)
    if kind == "fa" and raw.isdigit():
        area = next((a for a in consultation.focus_areas if a.id == int(raw)), None)
        if area is None:
            raise ValidationError(_("Fant ikke satsingsområdet."))
        return review.move(unit, area, current_user, utcnow())
    if kind == "none":
        return review.move(unit, None, current_user, utcnow())
    raise ValidationError(_("Velg hvor innspillet skal flyttes."))


def _guarded(consultation, change, message: str) -> None:
    run = services.latest_run(consultation)
    if run is not None and run.is_active:
        from flask import flash

        flash(_("Analysen kjører nå. Vent til den er ferdig før du retter."), "error")
        return
    press_button(change, message)


def _owned(consultation, model, item_id: int):
    item = db.session.get(model, item_id)
    if item is None or item.consultation_id != consultation.id:
        abort(404)
    return item


def _back(slug: str):
    return redirect(safe_next_url(request.form.get("next")) or url_for(".review_page", slug=slug))
