from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import audit
from app.auth.access import roles_required
from app.commits import press_button, save_form
from app.consultees import bp, services
from app.consultees.forms import ConsulteeForm
from app.i18n import quoted_list
from app.models import STAFF_ROLES, ConsulteeKind
from app.timeutil import utcnow


@bp.get("/")
@roles_required(*STAFF_ROLES)
def index():
    """The register of consultees."""
    show_archived = request.args.get("arkiverte") == "1"
    consultees = services.list_consultees(current_user.region, include_archived=show_archived)
    return render_template("consultees/index.html", consultees=consultees, show_archived=show_archived,
                           events=audit.register_events(current_user.region_id), audit_action=audit.action_label,
                           audit_changes=audit.shown_changes, audit_actor=audit.shown_actor)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def create():
    """Add a consultee to the register."""
    form = ConsulteeForm()
    if form.validate_on_submit() and save_form(
            form, lambda: services.create_consultee(current_user.region, **_fields(form)),
            lambda consultee: _("%(name)s er lagt til i registeret.", name=consultee.name)):
        return redirect(url_for(".index"))
    return render_template("consultees/form.html", form=form, consultee=None, archived=_archived_duplicate(form, None))


@bp.route("/<int:consultee_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit(consultee_id: int):
    """Change a consultee's details."""
    consultee = services.get_or_404(current_user.region, consultee_id)
    form = ConsulteeForm(obj=consultee, kind=consultee.kind.value) if request.method == "GET" else ConsulteeForm()
    if form.validate_on_submit() and save_form(
            form, lambda: services.update_consultee(consultee, **_fields(form)),
            lambda changed: _("Endringene for %(name)s er lagret.", name=changed.name)):
        return redirect(url_for(".index"))
    return render_template("consultees/form.html", form=form, consultee=consultee,
                           archived=_archived_duplicate(form, consultee))


@bp.route("/<int:consultee_id>/archive", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def archive(consultee_id: int):
    """Archive a consultee: kept for past rounds, not offered for new ones.

    One click when nothing is open; when an open round still waits for its answer or holds its draft, the
    button leads to a page naming them first (GET), whose button confirms (`confirmed=1`).
    """
    consultee = services.get_or_404(current_user.region, consultee_id)
    if consultee.is_archived:
        return redirect(url_for(".index", arkiverte=1))
    affected = services.archive_affects(consultee)
    if request.method == "GET":
        return render_template("consultees/archive.html", consultee=consultee, affected=affected)
    if affected and request.form.get("confirmed") != "1":
        return redirect(url_for(".archive", consultee_id=consultee.id), code=303)
    if press_button(lambda: services.archive_consultee(consultee, now=utcnow()), _("%(name)s er arkivert.", name=consultee.name)) \
            and affected:
        flash(_("Lenken til %(rounds)s virker ikke lenger, og %(name)s kan ikke svare der. «Hent tilbake» åpner den "
                "igjen.", rounds=quoted_list(item.consultation.title for item in affected), name=consultee.name),
              "warning")
    return redirect(url_for(".index"))


@bp.post("/<int:consultee_id>/restore")
@roles_required(*STAFF_ROLES)
def restore(consultee_id: int):
    """Bring an archived consultee back into the register."""
    consultee = services.get_or_404(current_user.region, consultee_id)
    press_button(lambda: services.restore_consultee(consultee), _("%(name)s er hentet tilbake fra arkivet.", name=consultee.name))
    return redirect(url_for(".index", arkiverte=1))


def _archived_duplicate(form: ConsulteeForm, consultee):
    """After a refused save: the archived consultee the typed name or number belongs to, for the form to link to."""
    if not form.errors:
        return None
    return services.archived_duplicate(current_user.region, consultee, name=form.name.data or "",
                                       org_number=form.org_number.data)


def _fields(form: ConsulteeForm) -> dict:
    return {"name": form.name.data, "kind": ConsulteeKind(form.kind.data),
            "email": form.email.data, "org_number": form.org_number.data}
