"""Feedback on the secretariat's irreversible steps: each asks first on a page of its own, without JavaScript."""
from __future__ import annotations

import re

from app.models import Status
from tests.app.test_consultations import ready_to_open
from tests.conftest import login

STEPS = (("open", Status.OPEN, "Høringen er åpnet"), ("close", Status.CLOSED, "Høringen er avsluttet"),
         ("report", Status.REPORTED, "oppsummert"), ("publish", Status.PUBLISHED, "Høringen er publisert"))


def test_open_close_and_publish_each_ask_on_a_page_and_then_say_what_happened(client, users, db, consultation,
                                                                              consultee_a):
    ready_to_open(db, consultation, consultee_a)
    login(client, users["secretariat"])
    base = f"/consultations/{consultation.slug}"
    for action, status, flashed in STEPS:
        show = client.get(base).get_data(as_text=True)
        # The round's page offers a link to the question, never a button that acts at once.
        assert f'href="{base}/confirm/{action}"' in show
        assert f'action="{base}/{action}"' not in show
        page = client.get(f"{base}/confirm/{action}").get_data(as_text=True)
        assert re.search(rf'<form method="post" action="{base}/{action}"', page)
        assert 'name="csrf_token"' in page and "Avbryt" in page
        # Works under the CSP: no inline script anywhere on the page.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) and "onclick" not in page
        done = client.post(f"{base}/{action}", follow_redirects=True).get_data(as_text=True)
        db.session.refresh(consultation)
        assert consultation.status is status and flashed in done
