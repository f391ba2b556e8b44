"""axe-core in headless Chromium on every main page: no WCAG 2.1 A/AA violations."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN, CONSULTEE, ROOT, SECRETARIAT

pytestmark = pytest.mark.e2e

AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: axe.run on the current document, limited to the WCAG 2.1 A and AA rules
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    .then(results => results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary}))})))"""

#: (page name, path from the rounds fixture); the demo round is open with answers, so its structure is locked:
#: the draft round shows the editing forms.
STAFF_PAGES = [
    ("round list", lambda s, r: s.path("consultations.index")),
    ("new round form", lambda s, r: s.path("consultations.create")),
    ("round", lambda s, r: s.path("round.show", slug=r["demo"]["slug"])),
    ("round in draft", lambda s, r: s.path("round.show", slug=r["draft"]["slug"])),
    ("round details form", lambda s, r: s.path("round.edit", slug=r["draft"]["slug"])),
    ("new draft version form", lambda s, r: s.path("round.draft", slug=r["draft"]["slug"])),
    ("focus areas", lambda s, r: s.path("round.focus_areas", slug=r["draft"]["slug"])),
    ("focus area form", lambda s, r: s.path("round.edit_focus_area", slug=r["draft"]["slug"],
                                            item_id=r["draft"]["area"])),
    ("questions", lambda s, r: s.path("round.questions", slug=r["draft"]["slug"])),
    ("question form", lambda s, r: s.path("round.edit_question", slug=r["draft"]["slug"],
                                          item_id=r["draft"]["question"])),
    ("invitations", lambda s, r: s.path("round.invitations.index", slug=r["draft"]["slug"])),
    ("open confirmation", lambda s, r: s.path("round.confirm", slug=r["draft"]["slug"], action="open")),
    ("invitations of an open round", lambda s, r: s.path("round.invitations.index", slug=r["demo"]["slug"])),
    ("dashboard", lambda s, r: s.path("round.responses.dashboard_page", slug=r["demo"]["slug"])),
    ("one response", lambda s, r: s.path("round.responses.response_page", slug=r["demo"]["slug"],
                                         consultee_id=r["demo"]["tinn"])),
    ("one response machine translated", lambda s, r: s.path("round.responses.translated_response", slug=r["demo"]["slug"],
                                                            consultee_id=r["demo"]["tinn"])),
    ("analysis", lambda s, r: s.path("round.analysis.show", slug=r["demo"]["slug"])),
    ("review", lambda s, r: s.path("round.analysis.review_page", slug=r["demo"]["slug"], omrade=r["demo"]["area"])),
    ("overview", lambda s, r: s.path("round.reports.council_overview", slug=r["demo"]["slug"])),
    ("report", lambda s, r: s.path("round.reports.page", slug=r["demo"]["slug"])),
    ("report files", lambda s, r: s.path("round.reports.files", slug=r["demo"]["slug"])),
    ("archive package", lambda s, r: s.path("round.reports.archive", slug=r["demo"]["slug"])),
    ("meetings", lambda s, r: s.path("round.meetings.index", slug=r["demo"]["slug"])),
    ("meeting form", lambda s, r: s.path("round.meetings.edit", slug=r["demo"]["slug"])),
    ("audit log", lambda s, r: s.path("round.responses.audit_page", slug=r["demo"]["slug"])),
    ("consultee register", lambda s, r: s.path("consultees.index")),
    ("consultee form", lambda s, r: s.path("consultees.create")),
    ("archive confirmation", lambda s, r: s.path("consultees.archive", consultee_id=r["demo"]["tinn"])),
]
ADMIN_PAGES = [("users", lambda s, r: s.path("admin.users"))]
CONSULTEE_PAGES = [("our rounds", lambda s, r: s.path("responses.mine"))]
ANONYMOUS_PAGES = [
    ("login", lambda s, r: s.path("auth.login")),
    ("consultee form by link", lambda s, r: s.path("responses.respond_by_token",
                                                   token=s.tokens["Buskerud fylkeskommune"])),
    ("receipt by link", lambda s, r: s.path("responses.receipt_by_token",
                                            token=s.tokens["Kongsberg kommune"], number=1)),
    ("public round page", lambda s, r: s.path("public.round_page", slug=r["published"]["slug"])),
    ("public response", lambda s, r: s.path("public.response", slug=r["published"]["slug"],
                                            consultee_id=r["published"]["tinn"])),
    ("public summary", lambda s, r: s.path("public.summary", slug=r["published"]["slug"])),
]


#: (form, who fills it in, its path, the button that sends it empty); the page comes back with its errors
FORMS_SENT_EMPTY = [
    ("new round", SECRETARIAT, lambda s, r: s.path("consultations.create"), "Opprett høring"),
    ("consultee in the register", SECRETARIAT, lambda s, r: s.path("consultees.create"), "Lagre"),
    ("meeting", SECRETARIAT, lambda s, r: s.path("round.meetings.edit", slug=r["demo"]["slug"]), "Lagre referatet"),
    ("response by link", None, lambda s, r: s.path("responses.respond_by_token",
                                                     token=s.tokens["Buskerud fylkeskommune"]), "Send inn svaret"),
]


@pytest.fixture(scope="module")
def world(rounds, analysed):
    return rounds


def check_page(page, path: str) -> None:
    """Load `path`, run axe on it and fail with a readable list of violations."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    violations = axe_violations(page)
    assert not violations, f"{path}: {len(violations)} axe violations\n" + describe(violations)
    unnamed = page.evaluate(UNNAMED_STOPS)
    assert not unnamed, f"{path}: Tab stops a screen reader announces with no role or name: {unnamed}"


#: Elements made Tab stops with tabindex="0" (a table that scrolls sideways) that have no role or no name:
#: axe asks only that a scrolling region can be reached, not that it says what it is once it has the focus
UNNAMED_STOPS = """() => [...document.querySelectorAll('[tabindex="0"]')].filter(e => {
    const named = e.getAttribute('aria-label') || (e.getAttribute('aria-labelledby') || '').split(' ')
        .map(id => document.getElementById(id)).some(l => l && l.textContent.trim());
    return !e.getAttribute('role') || !named;
}).map(e => e.outerHTML.slice(0, 120))"""


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe finds on the page as it is now."""
    # Evaluated over the DevTools protocol, so the page's CSP (no inline scripts) stays as it is.
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "path_of"), STAFF_PAGES, ids=[name for name, _ in STAFF_PAGES])
def test_staff_page_has_no_axe_violations(page_as, live_server, world, name, path_of):
    check_page(page_as(SECRETARIAT), path_of(live_server, world))


@pytest.mark.parametrize(("name", "path_of"), ADMIN_PAGES, ids=[name for name, _ in ADMIN_PAGES])
def test_admin_page_has_no_axe_violations(page_as, live_server, world, name, path_of):
    check_page(page_as(ADMIN), path_of(live_server, world))


@pytest.mark.parametrize(("name", "path_of"), CONSULTEE_PAGES, ids=[name for name, _ in CONSULTEE_PAGES])
def test_consultee_page_has_no_axe_violations(page_as, live_server, world, name, path_of):
    check_page(page_as(CONSULTEE), path_of(live_server, world))


@pytest.mark.parametrize(("name", "path_of"), ANONYMOUS_PAGES, ids=[name for name, _ in ANONYMOUS_PAGES])
def test_public_page_has_no_axe_violations(page_as, live_server, world, name, path_of):
    check_page(page_as(), path_of(live_server, world))


@pytest.mark.parametrize(("name", "email", "path_of", "button"), FORMS_SENT_EMPTY,
                         ids=[name for name, *_ in FORMS_SENT_EMPTY])
def test_form_with_errors_has_no_axe_violations(page_as, live_server, world, name, email, path_of, button):
    page = page_as(email)
    page.goto(path_of(live_server, world))
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name=button, exact=True).click()
    assert sent.value.status in (200, 422), sent.value.status
    page.wait_for_load_state()
    expect(page.get_by_role("alert").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"{name} with errors: {len(violations)} axe violations\n" + describe(violations)


def test_axe_finds_and_describes_a_violation(open_page, live_server):
    page = open_page()
    page.goto(live_server.path("auth.login"))
    page.evaluate("() => document.querySelector('form').append(document.createElement('textarea'))")
    violations = axe_violations(page)
    assert [v["id"] for v in violations] == ["label"], describe(violations)
    assert "label (critical)" in describe(violations) and "<textarea>" in describe(violations)
