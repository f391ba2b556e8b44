"""Each kind of background run is one declaration: its routes, who may use them, its page and its command."""
from __future__ import annotations

import dataclasses

import pytest
from flask import url_for

from app import runs
from app.auth.access import declared_roles
from app.models import Role

KINDS = ("analysis", "report", "archive")
USER_OF_ROLE = {Role.ADMIN: "admin", Role.SECRETARIAT: "secretariat", Role.COUNCIL: "council",
                Role.CONSULTEE: "consultee_a", Role.RECORDS: "records"}


def _urls(app, kind: runs.RunKind, slug: str) -> tuple[str, str]:
    blueprint = kind.page.rpartition(".")[0]
    with app.test_request_context():
        return (url_for(f"{blueprint}.{kind.status_endpoint}", slug=slug),
                url_for(f"{blueprint}.{kind.start_endpoint}", slug=slug))


def test_every_kind_is_declared_once(app):
    assert set(runs.KINDS) == set(KINDS)
    with pytest.raises(ValueError, match="already declared"):
        runs.declare(dataclasses.replace(runs.KINDS["report"]))


@pytest.mark.parametrize("name", KINDS)
def test_a_kind_gives_its_page_status_and_start_the_same_roles(app, name):
    kind = runs.KINDS[name]
    blueprint = kind.page.rpartition(".")[0]
    for endpoint in (kind.page, f"{blueprint}.{kind.status_endpoint}", f"{blueprint}.{kind.start_endpoint}"):
        assert declared_roles(app.view_functions[endpoint]) == frozenset(kind.roles), endpoint


@pytest.mark.parametrize("name", KINDS)
def test_a_role_outside_the_kind_can_neither_start_nor_follow_a_run(app, db, client, as_role, consultation, name):
    kind = runs.KINDS[name]
    status_url, start_url = _urls(app, kind, consultation.slug)
    outsiders = [role for role in Role if role not in kind.roles]
    assert outsiders
    for role in outsiders:
        as_role(USER_OF_ROLE[role])
        assert client.get(status_url).status_code == 403, (role, status_url)
        assert client.post(start_url).status_code == 403, (role, start_url)
    assert kind.latest(consultation) is None
    as_role(USER_OF_ROLE[kind.roles[0]])
    assert client.get(status_url).get_json() == {"status": None, "active": False}


@pytest.mark.parametrize("name", KINDS)
def test_a_kind_gives_its_command_which_refuses_an_unknown_round(app, db, name):
    kind = runs.KINDS[name]
    runner = app.test_cli_runner()
    assert runner.invoke(args=[*kind.command.split(), "--help"]).exit_code == 0
    options = ["-o", "unused.zip"] if kind.command_options else []
    result = runner.invoke(args=[*kind.command.split(), "--round", "finnes-ikke", *options])
    assert result.exit_code != 0 and "No round with slug 'finnes-ikke'" in result.output
