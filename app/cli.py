"""Flask commands: `flask users create`, `flask demo load`, `flask demo logins`, `flask invitations send-due`,
`flask reminders send`, `flask backup`; each kind of background run adds its own (`flask analysis run`, `flask report build`,
`flask report archive`; see app.runs)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.models import Consultee, Region, Role

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data for trying the app.")
analysis_cli = AppGroup("analysis", help="The analysis of a round's comments.")
report_cli = AppGroup("report", help="The summary report of a round.")
reminders_cli = AppGroup("reminders", help="Reminders before the deadline.")
invitations_cli = AppGroup("invitations", help="Invitations to open rounds.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--region", "region_slug", help="Region slug (default: the only region).")
@click.option("--consultee", "consultee_name", help="Consultee name, for the consultee role.")
@click.password_option(help="Prompted for when not given.")
def create_user(email: str, name: str, role: str, region_slug: str | None,
                consultee_name: str | None, password: str) -> None:
    """Create a user account."""
    from app.auth.services import create_user as create

    region = _region(region_slug)
    consultee = None
    if consultee_name:
        consultee = db.session.scalar(select(Consultee).where(
            Consultee.region_id == region.id, Consultee.name_key == Consultee.key_for(consultee_name)))
        if consultee is None:
            raise click.ClickException(f"No consultee named {consultee_name!r} in {region.name}.")
    try:
        user = create(email=email, name=name, password=password, role=Role(role), region=region,
                      consultee=consultee)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} user {user.email}.")


@users_cli.command("create-region")
@click.option("--name", required=True)
@click.option("--slug", required=True)
def create_region(name: str, slug: str) -> None:
    """Create the regional council that owns rounds and users."""
    db.session.add(Region(name=name, slug=slug))
    db.session.commit()
    click.echo(f"Created region {name}.")


def _region(slug: str | None) -> Region:
    if slug:
        region = db.session.scalar(select(Region).where(Region.slug == slug))
        if region is None:
            raise click.ClickException(f"No region with slug {slug!r}.")
        return region
    regions = list(db.session.scalars(select(Region)))
    if len(regions) != 1:
        raise click.ClickException("Name the region with --region (there is not exactly one).")
    return regions[0]


@demo_cli.command("load")
def load_demo() -> None:
    """Create the Kongsbergregionen demo (safe to run again: nothing is duplicated)."""
    from app.demo import load

    summary = load()
    db.session.commit()
    click.echo(summary)


@demo_cli.command("logins")
def demo_logins() -> None:
    """Print the demo logins and a fresh invitation link for one demo consultee."""
    from app.demo import logins_text

    text = logins_text()
    db.session.commit()
    click.echo(text)


@report_cli.command("docx")
@click.option("--round", "slug", required=True, help="The round's slug.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def report_docx_command(slug: str, output: str) -> None:
    """Write the round's summary report as a Word document."""
    from app.reports.docx_writer import report_docx

    _write_report(slug, output, report_docx)


@report_cli.command("xlsx")
@click.option("--round", "slug", required=True, help="The round's slug.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def report_xlsx_command(slug: str, output: str) -> None:
    """Write every comment of the round to an Excel workbook."""
    from app.reports.xlsx_writer import report_xlsx

    _write_report(slug, output, report_xlsx)


def _write_report(slug: str, output: str, writer) -> None:
    from pathlib import Path

    from app.reports.services import collect
    from app.timeutil import to_local, utcnow

    consultation = _round_or_fail(slug)
    Path(output).write_bytes(writer(collect(consultation, to_local(utcnow()).date())))
    click.echo(f"Wrote {output}")


def _moment(now_text: str | None):
    """--now read as Oslo time unless it has an offset; the present moment when not given."""
    from app.timeutil import parse_moment, utcnow

    try:
        return parse_moment(now_text) if now_text else utcnow()
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--now") from error


@invitations_cli.command("send-due")
@click.option("--now", "now_text", help="The moment to act as (ISO 8601; without an offset: Oslo time). Default: now.")
def send_due_invitations_command(now_text: str | None) -> None:
    """Send the invitations of rounds opened ahead of their opening date, once that date has come; safe to run again.

    The queue's worker does the same every ten minutes (app.invitations.scheduled).

    An invitation whose mail could not be delivered is marked not sent, so the next run tries it again.
    """
    from app.invitations.scheduled import send_due_invitations

    sent, failed = send_due_invitations(_moment(now_text))
    for invitation in sent:
        what = "Could not mail" if invitation.consultee.email in failed else "Invited"
        click.echo(f"{what} {invitation.consultee.name} <{invitation.consultee.email}> to {invitation.consultation.slug}")
    failures = sum(invitation.consultee.email in failed for invitation in sent)
    click.echo(f"{len(sent) - failures} invitation(s) sent" + (f", {failures} failed (see the log)." if failures else "."))


@reminders_cli.command("send")
@click.option("--now", "now_text", help="The moment to act as (ISO 8601; without an offset: Oslo time). Default: now.")
def send_reminders_command(now_text: str | None) -> None:
    """Remind every consultee whose deadline is near and that has not answered; safe to run again.

    The queue's worker does the same every ten minutes (app.invitations.scheduled).

    A reminder whose mail could not be delivered is not recorded, so the next run tries it again.
    """
    from app.invitations.scheduled import send_due_reminders
    from app.timeutil import format_local_datetime

    sent, failed = send_due_reminders(_moment(now_text))
    for item in sent:
        what = "Could not mail" if item.reminder.sent_to in failed else "Reminded"
        click.echo(f"{what} {item.invitation.consultee.name} <{item.reminder.sent_to}> about "
                   f"{item.consultation.slug} (deadline {format_local_datetime(item.reminder.deadline_at)})")
    click.echo(f"{len(sent) - len(failed)} reminder(s) sent" + (f", {len(failed)} failed (see the log)." if failed else "."))


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Where to write the copy (default: instance/backups/horing-<UTC time>.sqlite or .dump).")
def backup_command(output: str | None) -> None:
    """Write a consistent copy of the database (safe while the app runs); prints the file written."""
    from pathlib import Path

    from flask import current_app

    from app.backup import BackupError, backup, default_output
    from app.timeutil import utcnow

    url = db.engine.url
    path = Path(output) if output else default_output(url, current_app.config["INSTANCE_DIR"] / "backups", utcnow())
    try:
        written = backup(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(str(written))


def _round_or_fail(slug: str):
    from app.models import Consultation

    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        raise click.ClickException(f"No round with slug {slug!r}.")
    return consultation


def register(app: Flask) -> None:
    from app import runs
    from app.run_views import add_command

    groups = {group.name: group for group in (users_cli, demo_cli, analysis_cli, report_cli, invitations_cli, reminders_cli)}
    for kind in runs.KINDS.values():  # declared by the blueprints' modules, imported before the commands
        add_command(groups, kind)
    for group in groups.values():
        app.cli.add_command(group)
    app.cli.add_command(backup_command)
