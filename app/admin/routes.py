from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app import audit
from app.admin import bp
from app.admin.forms import UserEditForm, UserForm
from app.auth import services as auth
from app.auth.access import roles_required
from app.auth.routes import has_remember_cookie, start_session
from app.commits import press_button, save_form
from app.consultees import services as consultees
from app.extensions import db
from app.forms import choices
from app.models import Role, User


@bp.route("/users", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def users():
    """The region's users, and a form to add one."""
    form = UserForm()
    form.consultee_id.choices = _consultee_choices()
    if form.validate_on_submit() and save_form(form, lambda: _create(form), lambda user: _("Brukeren %(email)s er opprettet.", email=user.email)):
        return redirect(url_for(".users"))
    people = db.session.scalars(select(User).where(User.region_id == current_user.region_id).order_by(User.name))
    return render_template("admin/users.html", form=form, users=list(people), events=audit.user_events(current_user.region_id),
                           audit_action=audit.action_label, audit_changes=audit.shown_changes,
                           audit_actor=audit.shown_actor)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    """Change a user of the region: name, e-mail, role, consultee, and a new password when they have lost theirs."""
    user = _user_of_region_or_404(user_id)
    form = UserEditForm(data={"name": user.name, "email": user.email, "role": user.role.value,
                              "consultee_id": user.consultee_id or 0})
    form.consultee_id.choices = _consultee_choices(user.consultee)
    if form.validate_on_submit() and save_form(form, lambda: _update(user, form), _("Endringene for %(name)s er lagret.", name=form.name.data)):
        if user.id == current_user.id:  # one's own new e-mail ends every session: this browser stays signed in
            start_session(user, remember=has_remember_cookie())
        return redirect(url_for(".users"))
    return render_template("admin/user.html", form=form, user=user)


@bp.post("/users/<int:user_id>/active")
@roles_required(Role.ADMIN)
def set_active(user_id: int):
    """Deactivate a user of the region (they can no longer sign in) or let them in again."""
    user = _user_of_region_or_404(user_id)
    active = request.form.get("active") == "1"
    done = _("%(name)s kan logge inn igjen.", name=user.name) if active else _("%(name)s er deaktivert og logget ut.", name=user.name)
    press_button(lambda: auth.set_active(user, active, by=current_user), done)
    return redirect(url_for(".users"))


def _create(form: UserForm) -> User:
    consultee = consultees.get_or_404(current_user.region, form.consultee_id.data) if form.consultee_id.data else None
    return auth.create_user(email=form.email.data, name=form.name.data, password=form.password.data,
                            role=Role(form.role.data), region=current_user.region, consultee=consultee)


def _update(user: User, form: UserEditForm) -> None:
    consultee = consultees.get_or_404(current_user.region, form.consultee_id.data) if form.consultee_id.data else None
    auth.update_user(user, name=form.name.data, email=form.email.data, role=Role(form.role.data), consultee=consultee,
                     by=current_user)
    if form.new_password.data:
        auth.set_password(user, form.new_password.data)


def _user_of_region_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.region_id != current_user.region_id:
        abort(404)
    return user


def _consultee_choices(current=None) -> list:
    """The region's consultees; a user's own, if it has been archived, too (marked), so the rest of the user can
    be changed without choosing another."""
    listed = [(c.id, c.name) for c in consultees.list_consultees(current_user.region)]
    if current is not None and current.is_archived:
        listed.append((current.id, _("%(name)s (arkivert)", name=current.name)))
    return choices([(0, "—")] + listed)
