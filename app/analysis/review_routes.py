"""The secretariat's review of the analysis: correct the grouping, write assessments.

Every change comes back to the reviewer's place: the page it was made on, scrolled to the comment
or theme acted on (its anchor), which takes the focus (`static/js/review-place.js`). A comment that
left the page's filter gives its place to its neighbour on the page.
"""
import re
from urllib.parse import parse_qsl, urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.analysis import bp, jobs, review
from app.analysis.forms import ThemeNameForm
from app.auth.access import roles_required
from app.commits import press_button
from app.errors import ValidationError
from app.extensions import db
from app.forms import Form, posted_text
from app.models import STAFF_ROLES, Assessment, CommentUnit, Theme, ThemeMerge
from app.positions import STANCES as STANCE_MSGIDS
from app.round import current_round
from app.timeutil import utcnow
from app.urls import safe_next_url
from nlp.segment import sentences

#: Assignments scoring below this are worth a second look
LOW_SCORE = 0.05
STANCES = {code: _l(msgid) for code, msgid in STANCE_MSGIDS.items()}
#: The anchors a form may name as the place to come back to
ANCHOR = re.compile(r"(innspill|tema)-\d{1,12}")
#: The review page's own addresses are short; a longer `next` is not one of ours and is not read
MAX_NEXT = 2_000


@bp.get("/analysis/review")
@roles_required(*STAFF_ROLES)
def review_page():
    """Per focus area its themes and comments, with filters."""
    return _review(current_round(), request.args, request.full_path)


def _review(consultation, args: MultiDict, next_url: str, named: ThemeNameForm | None = None) -> str:
    """The review page for these filters; `named` is a theme's name form that was refused, shown as it was sent."""
    area_id = args.get("omrade", type=int)
    uncertain = bool(args.get("usikre"))
    query = _shown(consultation, args)
    if uncertain:
        # The least sure placements first, wherever they are; unknown confidence last
        query = query.order_by(CommentUnit.confidence.is_(None), CommentUnit.confidence, CommentUnit.id)
    else:
        query = query.order_by(CommentUnit.theme_id, CommentUnit.id)
    comments = list(db.session.scalars(query))
    themes = [] if uncertain else list(db.session.scalars(select(Theme).where(
        Theme.consultation_id == consultation.id,
        Theme.focus_area_id == area_id if area_id else Theme.focus_area_id.is_(None)).order_by(Theme.position)))
    all_themes = list(db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)
                                         .order_by(Theme.focus_area_id, Theme.position)))
    splits = {u.id: [(part.start, part.text[:60]) for part in sentences(u.text)[1:]] for u in comments}
    name_forms = {t.id: named if named is not None and named.theme_id == t.id
                  else ThemeNameForm(t.id, formdata=None, data={"label": t.label}) for t in themes}
    return render_template("analysis/review.html", consultation=consultation, comments=comments, themes=themes,
                           splits=splits, area_titles={fa.id: fa.title for fa in consultation.focus_areas},
                           joint_names={m.id: m.joint_name for m in consultation.meetings if m.consultee_id is None},
                           neighbours=_neighbours(themes, comments),
                           undoable=review.undoable_merges(consultation.id),
                           all_themes=all_themes, area_id=area_id, run=jobs.latest_run(consultation),
                           stances=STANCES, assessments=list(Assessment), low_score=LOW_SCORE,
                           max_assessment=review.MAX_ASSESSMENT, name_forms=name_forms, named=named,
                           uncertain=uncertain, left_to_check=review.left_to_check(consultation),
                           checked_since=jobs.checked_since_analysis(consultation),
                           args=args, next_url=next_url)


@bp.post("/analysis/comments/<int:comment_id>/<any(confirm, irrelevant, move, split, stance):action>")
@roles_required(*STAFF_ROLES)
def change_comment(comment_id: int, action: str):
    """Confirm, move, split, set aside one comment, or correct what kind of comment it is."""
    consultation = current_round()
    unit = _owned(consultation, CommentUnit, comment_id)
    user, now = current_user, utcnow()
    changes = {
        "confirm": lambda: (lambda: review.confirm(unit, user, now), _("Plasseringen er bekreftet.")),
        "irrelevant": lambda: (lambda: review.mark_not_relevant(unit, user, now),
                               _("Innspillet er merket som ikke relevant.")),
        "move": lambda: _move(consultation, unit, user, now),
        "split": lambda: (lambda: review.split(unit, request.form.get("at", type=int) or 0, user, now),
                          _("Innspillet er delt.")),
        "stance": lambda: (lambda: review.set_stance(unit, request.form.get("stance", ""), user, now),
                           _("Typen innspill er endret.")),
    }
    change, message = changes[action]()
    _guarded(consultation, change, message)
    return _back(_comment_place(consultation, unit))


@bp.post("/analysis/themes/<int:theme_id>/rename")
@roles_required(*STAFF_ROLES)
def rename_theme(theme_id: int):
    """Give a theme a new name; a name refused comes back on the page it was typed on, beside its field."""
    consultation = current_round()
    theme = _owned(consultation, Theme, theme_id)
    form = ThemeNameForm(theme_id)
    _guarded(consultation, lambda: review.rename_theme(theme, form.label.data or "", utcnow()),
             _("Temaet har fått nytt navn."), form)
    if form.label.errors:
        return _review(consultation, _next_args(), _next_url() or url_for(".review_page"), named=form), 422
    return _back(f"tema-{theme_id}")


@bp.post("/analysis/themes/<int:theme_id>/<any(merge, assess):action>")
@roles_required(*STAFF_ROLES)
def change_theme(theme_id: int, action: str):
    """Merge a theme into another, or write its assessment."""
    consultation = current_round()
    theme = _owned(consultation, Theme, theme_id)
    now, form, place = utcnow(), request.form, f"tema-{theme_id}"
    if action == "merge":
        target = _owned(consultation, Theme, form.get("into", type=int) or 0)
        message = _("«%(source)s» er slått sammen med «%(target)s».", source=theme.label, target=target.label)
        if _guarded(consultation, lambda: review.merge_themes(theme, target, current_user, now), message):
            place = f"tema-{target.id}"
    else:
        value = form.get("assessment") or None
        if value is not None and value not in {a.value for a in Assessment}:
            abort(400)
        text = posted_text("text")
        saved = _("Vurderingen er lagret.") if value or not text.strip() else \
            _("Begrunnelsen er lagret. Rådet ser den når du har valgt en vurdering.")
        _guarded(consultation, lambda: review.assess(theme, Assessment(value) if value else None, text,
                                                     current_user, now), saved)
    return _back(place)


@bp.get("/analysis/themes/<int:theme_id>/merge")
@roles_required(*STAFF_ROLES)
def merge_page(theme_id: int):
    """Ask before merging: both themes by name, and how long the merge can be undone."""
    consultation = current_round()
    found = db.session.get(Theme, theme_id)
    if found is None or found.consultation_id != consultation.id:  # merged already (the back button), or a rerun
        flash(_("Det temaet finnes ikke lenger: det er slått sammen med et annet, eller analysen har kjørt på nytt."),
              "info")
        return redirect(_next_url(request.args.get("next", "")) or url_for(".review_page"))
    theme = _owned(consultation, Theme, theme_id)
    target = _owned(consultation, Theme, request.args.get("into", type=int) or 0)
    back = _next_url(request.args.get("next", "")) or url_for(".review_page", omrade=theme.focus_area_id)
    return render_template("analysis/merge.html", consultation=consultation, theme=theme, target=target,
                           next_url=back, cancel_url=f"{back}#tema-{theme.id}",
                           count=len(theme.comments), target_count=len(target.comments))


@bp.post("/analysis/merges/<int:merge_id>/undo")
@roles_required(*STAFF_ROLES)
def undo_merge(merge_id: int):
    """Give back both themes of a merge, exactly as they were."""
    consultation = current_round()
    merge = _owned(consultation, ThemeMerge, merge_id)
    place, source_id = f"tema-{merge.target_id}", merge.source_id
    label = merge.before["source"]["label"]
    if _guarded(consultation, lambda: review.undo_merge(merge, utcnow()),
                _("Sammenslåingen er angret: «%(source)s» er et eget tema igjen.", source=label)):
        place = f"tema-{source_id}"
    return _back(place)


def _shown(consultation, args: MultiDict):
    """The comments the review page shows for these filters (area, consultee, stance, unconfirmed, weak;
    or every unchecked comment of the round, «Mest usikre først»)."""
    area_id = args.get("omrade", type=int)
    query = select(CommentUnit).where(CommentUnit.consultation_id == consultation.id)
    if args.get("usikre"):
        query = query.where(*review.UNCHECKED)
    else:
        query = query.where(CommentUnit.focus_area_id == area_id if area_id else CommentUnit.focus_area_id.is_(None))
    if args.get("instans", type=int):
        query = query.where(CommentUnit.consultee_id == args.get("instans", type=int))
    if args.get("standpunkt") in STANCES:
        query = query.where(CommentUnit.stance == args["standpunkt"])
    if args.get("ubekreftet"):
        query = query.where(CommentUnit.is_confirmed.is_(False))
    if args.get("lav"):
        query = query.where(CommentUnit.score < LOW_SCORE)
    return query


def _neighbours(themes: list[Theme], comments: list[CommentUnit]) -> dict[int, str]:
    """Per comment, the place to come back to if it leaves the page: the next comment, else the one before."""
    order = [u for t in themes for u in comments if u.theme_id == t.id]
    # Without theme sections (the «Mest usikre først» list) the page is the list itself
    order += [u for u in comments if u.theme_id is None or not themes]
    places = {}
    for n, unit in enumerate(order):
        other = order[n + 1] if n + 1 < len(order) else order[n - 1] if n else None
        places[unit.id] = f"innspill-{other.id}" if other else (f"tema-{unit.theme_id}" if unit.theme_id else "")
    return places


def _comment_place(consultation, unit: CommentUnit) -> str:
    """The comment's own anchor while the page it was acted on still shows it, else its neighbour's."""
    if db.session.scalar(_shown(consultation, _next_args()).where(CommentUnit.id == unit.id)) is not None:
        return f"innspill-{unit.id}"
    after = request.form.get("after", "")
    return after if ANCHOR.fullmatch(after) else ""


def _move(consultation, unit: CommentUnit, user, now) -> tuple:
    """The move the form asks for (the posted target, read once), and what the page says once it is made:
    which comment went where, since the place acted on may show its neighbour."""
    kind, _colon, raw = (request.form.get("target") or "").partition(":")
    if kind == "theme" and raw.isdigit():
        theme = _owned(consultation, Theme, int(raw))
        area = next((a for a in consultation.focus_areas if a.id == theme.focus_area_id), None)
        return lambda: review.move(unit, area, user, now, theme=theme), _moved(unit, theme.label)
    if kind == "fa" and raw.isdigit():
        area = next((a for a in consultation.focus_areas if a.id == int(raw)), None)
        if area is not None:
            return lambda: review.move(unit, area, user, now), _moved(unit, area.title)
        return _refused(_("Fant ikke satsingsområdet.")), ""
    if kind == "none":
        return lambda: review.move(unit, None, user, now), _moved(unit, _("Passer ikke i noe satsingsområde"))
    return _refused(_("Velg hvor innspillet skal flyttes.")), ""


def _refused(message: str):
    """A change that is refused with `message` when it is made."""
    def change():
        raise ValidationError(message)
    return change


def _moved(unit: CommentUnit, place: str) -> str:
    text = " ".join(unit.text.split())
    text = text if len(text) <= 60 else text[:59].rstrip() + "…"
    return _("«%(text)s» er flyttet til «%(place)s».", text=text, place=place)


def _guarded(consultation, change, message: str, form: Form | None = None) -> bool:
    run = jobs.latest_run(consultation)
    if run is not None and run.is_active:
        flash(_("Analysen kjører nå. Vent til den er ferdig før du retter."), "error")
        return False
    return press_button(change, message, form)


def _owned(consultation, model, item_id: int):
    item = db.session.get(model, item_id)
    if item is None or item.consultation_id != consultation.id:
        abort(404)
    return item


def _next_url(given: str | None = None) -> str | None:
    """The page the change was made on (posted as `next`), if it is a path on this site of a reasonable length."""
    given = (request.form.get("next") if given is None else given) or ""
    return safe_next_url(given) if len(given) <= MAX_NEXT else None


def _next_args() -> MultiDict:
    """The filters of the page the change was made on."""
    return MultiDict(parse_qsl(urlsplit(_next_url() or "").query))


def _back(place: str = ""):
    """Back to the page the change was made on, at the place acted on."""
    target = _next_url() or url_for(".review_page")
    return redirect(f"{target.split('#')[0]}#{place}" if place else target)
