"""Notices that come with a page are plain boxes: role="alert" is for a message a script shows while the page
is open, and for a form's error summary; role="status" only for a region a script fills while the page is open
(the rule is written in templates/base.html)."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
#: The regions that say role="status", by id, each with the script that writes into it while the page is open
SCRIPT_FILLED = {
    "autosave-status": "autosave.js",  # «Lagrer …», then «Lagret 10.42» or why not, at each autosave
}


def template_text(path: Path) -> str:
    """A template without its comments."""
    return re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"), flags=re.S)


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
              if 'role="alert"' in template_text(path)}
    assert alerts == {"_macros/forms.html"}


def test_only_a_region_a_script_fills_says_status():
    """A box that comes with the page (a deadline notice, an analysis still running) says nothing as a live region
    when the page loads, and only adds noise when a script later changes something near it."""
    regions = {}  # (template, which, tag): the id of the tag
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, tag in enumerate(re.findall(r'<[a-z][^>]*\brole="status"[^>]*>', template_text(path))):
            named = re.search(r'\bid="([^"]+)"', tag)
            regions[(path.relative_to(TEMPLATES).as_posix(), number, tag)] = named.group(1) if named else None
    assert not [place for place, name in regions.items() if name not in SCRIPT_FILLED]
    assert sorted(regions.values()) == sorted(SCRIPT_FILLED)  # each listed region is there, once
    for region, script in SCRIPT_FILLED.items():
        assert f'"{region}"' in (ROOT / "app" / "static" / "js" / script).read_text(encoding="utf-8")
