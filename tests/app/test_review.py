"""The secretariat corrects the analysis and writes assessments; reruns keep all of it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import Assessment, AuditEvent, CommentUnit, Theme
from tests.app.test_analysis import TEXTS, run
from tests.app.test_responses import open_round_for
from tests.conftest import login


@pytest.fixture
def analysed(db, consultation, consultee_a, consultee_b):
    from tests.app.test_analysis import submit

    open_round_for(db, consultation, consultee_a, consultee_b)
    for name, text in TEXTS.items():
        submit(db, consultation, name, text)
    db.session.commit()
    run(db, consultation)
    return consultation


def first_unit(like: str) -> CommentUnit:
    from app.extensions import db

    return db.session.scalar(select(CommentUnit).where(CommentUnit.text.like(like)).order_by(CommentUnit.id))


def test_the_review_page_shows_themes_and_filters(client, db, users, analysed):
    login(client, users["secretariat"])
    area = analysed.focus_areas[0]
    page = client.get(f"/consultations/{analysed.slug}/analysis/review?omrade={area.id}").get_data(as_text=True)
    assert "Vegen over fjellet" in page and "Lagre vurdering" in page
    only_rollag = client.get(f"/consultations/{analysed.slug}/analysis/review?omrade={area.id}"
                             f"&instans={analysed.invitations[1].consultee_id}").get_data(as_text=True)
    assert "Vegen over fjellet" not in only_rollag


def test_moving_confirming_and_setting_aside_in_the_browser(client, db, users, analysed):
    login(client, users["secretariat"])
    slug = analysed.slug
    unit = first_unit("Vi savner%")
    target = analysed.focus_areas[-1]
    client.post(f"/consultations/{slug}/analysis/comments/{unit.id}/move", data={"target": f"fa:{target.id}"})
    db.session.refresh(unit)
    assert unit.focus_area_id == target.id and unit.is_confirmed and unit.corrected_by_id == users["secretariat"].id
    other = first_unit("Felles digitale%")
    client.post(f"/consultations/{slug}/analysis/comments/{other.id}/confirm")
    client.post(f"/consultations/{slug}/analysis/comments/{other.id}/irrelevant")
    db.session.refresh(other)
    assert other.is_confirmed and not other.is_relevant and other.theme_id is None
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.like("comment.%"))) == 3


def test_splitting_a_unit_makes_two_that_point_back_into_the_source(client, db, users, analysed):
    from app.analysis.sources import collect

    login(client, users["secretariat"])
    unit = first_unit("Vegen over fjellet%")
    source = {s.key: s for s in collect(analysed)}[unit.source_key]
    at = unit.text.index(" og bedre")
    client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/split", data={"at": at})
    parts = db.session.scalars(select(CommentUnit).where(CommentUnit.source_key == unit.source_key)
                               .order_by(CommentUnit.start)).all()
    assert [p.text for p in parts][:2] == ["Vegen over fjellet", "og bedre kollektivtilbud er det viktigste for oss."]
    assert all(p.text == source.text[p.start:p.end] for p in parts)


def test_renaming_merging_and_assessing_themes_survive_a_rerun(client, db, users, analysed):
    login(client, users["secretariat"])
    slug = analysed.slug
    themes = db.session.scalars(select(Theme).where(Theme.focus_area_id.is_not(None)).order_by(Theme.id)).all()
    assert len(themes) >= 2
    first, second = themes[0], themes[1]
    client.post(f"/consultations/{slug}/analysis/themes/{first.id}/rename", data={"label": "Veg og kollektiv"})
    client.post(f"/consultations/{slug}/analysis/themes/{first.id}/assess",
                data={"assessment": "delvis_tatt_til_folge", "text": "Tas med i tiltaksplanen for samferdsel."})
    client.post(f"/consultations/{slug}/analysis/themes/{second.id}/merge", data={"into": first.id})
    assert db.session.get(Theme, second.id) is None
    members = {u.id for u in db.session.scalars(select(CommentUnit).where(CommentUnit.theme_id == first.id))}
    run(db, analysed)
    kept = db.session.get(Theme, first.id)
    assert kept is not None and kept.label == "Veg og kollektiv"
    assert kept.assessment is Assessment.PARTLY and kept.assessment_text.startswith("Tas med")
    assert {u.id for u in db.session.scalars(select(CommentUnit).where(CommentUnit.theme_id == first.id))} == members


def test_corrections_are_refused_while_an_analysis_runs(client, db, users, analysed):
    from app.analysis import services
    from app.timeutil import utcnow

    services.start(analysed, None, utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    unit = first_unit("Vi savner%")
    page = client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/confirm",
                       follow_redirects=True).get_data(as_text=True)
    assert "Analysen kjører nå" in page
    db.session.refresh(unit)
    assert not unit.is_confirmed


def test_another_rounds_comments_cannot_be_touched(client, db, users, analysed, region):
    from tests.conftest import make_consultation

    other = make_consultation(db, region, "En annen høring")
    login(client, users["secretariat"])
    unit = first_unit("Vi savner%")
    assert client.post(f"/consultations/{other.slug}/analysis/comments/{unit.id}/confirm").status_code == 404


def test_the_council_reads_support_themes_and_the_matrix(client, db, users, analysed):
    from app.analysis import review
    from app.timeutil import utcnow

    theme = db.session.scalar(select(Theme).where(Theme.focus_area_id.is_not(None)))
    review.assess(theme, Assessment.ACCEPTED, "Tas inn i strategien.", users["secretariat"], utcnow())
    db.session.commit()
    login(client, users["council"])
    page = client.get(f"/consultations/{analysed.slug}/overview").get_data(as_text=True)
    assert "Enig <span class=\"count\">2</span>" in page and "Rollag kommune, Tinn kommune" in page
    assert theme.label in page and "Tas inn i strategien." in page and "Tatt opp av" in page
    assert "Standpunkt per høringsinstans" in page
    response_url = f"/consultations/{analysed.slug}/responses/{analysed.invitations[0].consultee_id}"
    assert response_url in page and client.get(response_url).status_code == 200
    assert client.get(f"/consultations/{analysed.slug}/analysis/review").status_code == 403
    assert client.post(f"/consultations/{analysed.slug}/analysis/themes/{theme.id}/rename",
                       data={"label": "Kapret"}).status_code == 403
