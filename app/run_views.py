"""The web and command-line faces of a declared kind of run (app.runs.RunKind): made once, for every kind."""
from __future__ import annotations

import click
from flask import Blueprint, jsonify, redirect, url_for
from flask.cli import AppGroup
from flask_login import current_user

from app import runs
from app.auth.access import roles_required
from app.commits import start_run
from app.errors import DomainError
from app.extensions import db
from app.round import current_round
from app.timeutil import utcnow


def add_routes(bp: Blueprint, kind: runs.RunKind) -> None:
    """Add the kind's status JSON (polled by run-progress.js) and start button to `bp` (a round page's
    blueprint), both for kind.roles."""

    @roles_required(*kind.roles)
    def status():
        """The latest run's state, for the progress page's bar."""
        return jsonify(runs.status(kind.latest(current_round()), utcnow()))

    @roles_required(*kind.roles)
    def start():
        """Queue a run of the round (a worker does it; the progress page shows how far it has come)."""
        return start_view(kind, kind.started)

    bp.add_url_rule(kind.status_rule, kind.status_endpoint, status, methods=["GET"])
    bp.add_url_rule(kind.start_rule, kind.start_endpoint, start, methods=["POST"])


def start_view(kind: runs.RunKind, started: str, **options):
    """Queue a run of the round behind the button (refusals flashed), hand it to the worker, go back to the
    progress page."""
    consultation = current_round()
    start_run(lambda: kind.start(consultation, current_user, utcnow(), **options), kind.enqueue, str(started))
    return redirect(url_for(kind.page))


def add_command(groups: dict[str, AppGroup], kind: runs.RunKind) -> None:
    """Add `flask <group> <name> --round <slug>` (a new group if need be): run the kind now, printing progress;
    non-zero on failure."""

    def command(slug: str, **options) -> None:
        from app.models import Consultation

        consultation = db.session.scalar(db.select(Consultation).where(Consultation.slug == slug))
        if consultation is None:
            raise click.ClickException(f"No round with slug {slug!r}.")
        try:
            run = kind.start(consultation, None, utcnow())
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from error
        db.session.commit()
        try:
            run = kind.execute(run.id, echo=lambda percent, step: click.echo(f"{percent:3d}% {kind.model.label_of(step)}"))
        except Exception as error:
            raise click.ClickException(f"{kind.name.capitalize()} failed: {error}") from error
        click.echo(kind.done(run, **options))

    for option in reversed(kind.command_options):
        command = option(command)
    command = click.option("--round", "slug", required=True, help="The round's slug.")(command)
    group, name = kind.command.split()
    groups.setdefault(group, AppGroup(group)).command(name, help=kind.command_help)(command)
