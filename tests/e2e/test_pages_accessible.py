"""axe-core in headless Chromium on every main page: no WCAG 2.1 A/AA violations."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ADMIN, DEMO_SLUG, ROOT, SECRETARIAT

pytestmark = pytest.mark.e2e

AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: axe.run on the current document, limited to the WCAG 2.1 A and AA rules
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    .then(results => results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary}))})))"""

#: (page name, who looks at it, how to find its path)
STAFF_PAGES = [
    ("round list", lambda s, world: s.path("consultations.index")),
    ("round", lambda s, world: s.path("consultations.show", slug=DEMO_SLUG)),
    ("round details form", lambda s, world: s.path("consultations.edit", slug=DEMO_SLUG)),
    ("new round form", lambda s, world: s.path("consultations.create")),
    ("focus areas", lambda s, world: s.path("consultations.focus_areas", slug=DEMO_SLUG)),
    ("questions", lambda s, world: s.path("consultations.questions", slug=DEMO_SLUG)),
    ("invitations", lambda s, world: s.path("invitations.index", slug=DEMO_SLUG)),
    ("dashboard", lambda s, world: s.path("responses.dashboard_page", slug=DEMO_SLUG)),
    ("analysis", lambda s, world: s.path("analysis.show", slug=DEMO_SLUG)),
    ("review", lambda s, world: s.path("analysis.review_page", slug=DEMO_SLUG, omrade=world["first_area"])),
    ("overview", lambda s, world: s.path("analysis.council_overview", slug=DEMO_SLUG)),
    ("report", lambda s, world: s.path("reports.page", slug=DEMO_SLUG)),
    ("meetings", lambda s, world: s.path("meetings.index", slug=DEMO_SLUG)),
    ("audit log", lambda s, world: s.path("responses.audit_page", slug=DEMO_SLUG)),
    ("consultee register", lambda s, world: s.path("consultees.index")),
]
ADMIN_PAGES = [("users", lambda s, world: s.path("admin.users"))]
ANONYMOUS_PAGES = [
    ("login", lambda s, world: s.path("auth.login")),
    ("consultee form by link", lambda s, world: s.path("responses.respond_by_token",
                                                       token=s.tokens["Buskerud fylkeskommune"])),
    ("receipt by link", lambda s, world: s.path("responses.receipt_by_token",
                                                token=s.tokens["Kongsberg kommune"], number=1)),
    ("public round page", lambda s, world: s.path("public.round_page", slug=world["published"])),
]


@pytest.fixture(scope="module")
def world(live_server, analysed, published_slug):
    from app.extensions import db
    from app.models import Consultation

    with live_server.app.app_context():
        demo = db.session.scalar(db.select(Consultation).where(Consultation.slug == DEMO_SLUG))
        first_area = demo.focus_areas[0].id
        db.session.remove()
    return {"first_area": first_area, "published": published_slug}


def check_page(page, path: str) -> None:
    """Load `path`, run axe on it and fail with a readable list of violations."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    violations = axe_violations(page)
    assert not violations, f"{path}: {len(violations)} axe violations\n" + describe(violations)


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
def test_staff_page_has_no_axe_violations(staff_page, live_server, world, name, path_of):
    check_page(staff_page, path_of(live_server, world))


@pytest.mark.parametrize(("name", "path_of"), ADMIN_PAGES, ids=[name for name, _ in ADMIN_PAGES])
def test_admin_page_has_no_axe_violations(open_page, live_server, world, name, path_of):
    check_page(open_page(ADMIN), path_of(live_server, world))


@pytest.mark.parametrize(("name", "path_of"), ANONYMOUS_PAGES, ids=[name for name, _ in ANONYMOUS_PAGES])
def test_public_page_has_no_axe_violations(open_page, live_server, world, name, path_of):
    check_page(open_page(), path_of(live_server, world))


@pytest.fixture
def staff_page(open_page):
    return open_page(SECRETARIAT)


def test_axe_finds_and_describes_a_violation(open_page, live_server):
    page = open_page()
    page.goto(live_server.path("auth.login"))
    page.evaluate("() => document.querySelector('form').append(document.createElement('textarea'))")
    violations = axe_violations(page)
    assert [v["id"] for v in violations] == ["label"], describe(violations)
    assert "label (critical)" in describe(violations) and "<textarea>" in describe(violations)
