"""Notices that come with a page are plain boxes: role="alert" is for a message a script shows while the page
is open, and for a form's error summary (the rule is written in templates/base.html)."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import login

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def boxes(page: str) -> list[str]:
    """The opening tags of the page's Designsystemet alert boxes."""
    return re.findall(r'<div class="ds-alert[^"]*"[^>]*>', page)


def test_the_warnings_before_closing_a_round_early_are_plain_notices(client, users, round_):
    consultation, _tinn, _rollag = round_
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{consultation.slug}/confirm/close").get_data(as_text=True)
    assert "Høringsfristen er ikke ute" in page and "Disse har ikke svart" in page
    assert len(boxes(page)) == 2 and not any("role=" in box for box in boxes(page)), boxes(page)


def test_the_warning_before_archiving_a_consultee_a_round_waits_for_is_a_plain_notice(client, users, round_,
                                                                                       consultee_a):
    login(client, users["secretariat"])
    page = client.get(f"/consultees/{consultee_a.id}/archive").get_data(as_text=True)
    assert "1 åpen høring venter fortsatt på Tinn kommune" in page
    assert len(boxes(page)) == 1 and "role=" not in boxes(page)[0], boxes(page)


def test_no_template_but_the_error_summary_says_alert():
    """A background job's failure, too, is told by a box that comes with the page."""
    alerts = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")
              if 'role="alert"' in re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"), flags=re.S)}
    assert alerts == {"_macros/forms.html"}
