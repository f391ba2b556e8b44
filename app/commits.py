"""The one way views run a state change: call the service, commit once or roll back whole."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _

from app.errors import DomainError
from app.extensions import db
from app.forms import ConfirmForm, Form, apply_domain_error

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """A committed change and what the service returned."""

    value: T


def save_form(form: Form, change: Callable[[], T], success: str | Callable[[T], str]) -> Done[T] | None:
    """Run `change` for a valid form: commit and flash `success`, or roll back and show the error in the form."""
    try:
        value = change()
    except DomainError as error:
        db.session.rollback()
        apply_domain_error(form, error)
        return None
    db.session.commit()
    flash(str(success(value) if callable(success) else success), "success")
    return Done(value)


def press_button(change: Callable[[], object], success: str | None = None, form: Form | None = None) -> bool:
    """Run `change` behind a CSRF-checked button: commit and flash, or roll back and flash why not; a reason
    that names a field of `form` (the button's own small form) is put beside that field instead."""
    if not (form if form is not None else ConfirmForm()).validate_on_submit():
        flash(_("Skjemaet var utløpt. Prøv igjen."), "error")
        return False
    try:
        change()
    except DomainError as error:
        db.session.rollback()
        if form is not None and error.field in form:
            apply_domain_error(form, error)
        else:
            flash(error.message, "error")
        return False
    db.session.commit()
    if success:
        flash(str(success), "success")
    return True


def confirm_then(consultation, change: Callable[[], object], *, title: str, text: str, done: str,
                 back_url: str, next_url: str):
    """A one-way action behind its own page: GET asks first, POST does it (press_button's rules).

    The page works without JavaScript; «Avbryt» goes to `back_url`, and after the action the
    browser goes to `next_url`.
    """
    if request.method == "GET":
        return render_template("consultations/confirm.html", consultation=consultation, title=title, text=text,
                               action_url=request.path, action="delete", cancel_url=back_url)
    press_button(change, done)
    return redirect(next_url)


def start_run(start: Callable[[], T], task: Callable[[int], object], success: str) -> None:
    """Queue a background run behind a button (press_button's rules), then hand it to the worker.

    In Huey's immediate mode (tests, a single machine set up so) the task runs here; a failure is already
    recorded on the run. `success` («… is being made») is said only while the run is still to finish: a run
    already done is shown by the page the button leads back to.
    """
    queued: list = []
    if press_button(lambda: queued.append(start())):
        try:
            task(queued[0].id)
        except Exception:  # noqa: BLE001 - the run records its own failure
            db.session.rollback()
        run = db.session.get(type(queued[0]), queued[0].id)
        if run is not None:
            db.session.refresh(run)
            if run.is_active:
                flash(success, "success")
