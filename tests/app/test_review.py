"""The secretariat corrects the analysis and writes assessments; reruns keep all of it."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from app.models import Assessment, AuditEvent, CommentUnit, Theme
from tests.app.test_analysis import TEXTS, run
from tests.conftest import login, make_consultation, make_consultee, make_region, make_users, sqlite_template
from tests.factories import open_round_for


def _analyse(db, consultation, consultee_a, consultee_b) -> None:
    """Tinn and Rollag answer the round, and the analysis runs."""
    from tests.app.test_analysis import submit

    open_round_for(db, consultation, consultee_a, consultee_b)
    for name, text in TEXTS.items():
        submit(db, consultation, name, text)
    db.session.commit()
    run(db, consultation)


def _build_analysed(app) -> None:
    """The rows the `users` and `consultation` fixtures make, and the round answered and analysed."""
    from app.extensions import db

    region = make_region(db)
    tinn, rollag = make_consultee(db, region, "Tinn kommune"), make_consultee(db, region, "Rollag kommune")
    make_users(db, region, tinn, rollag)
    _analyse(db, make_consultation(db, region), tinn, rollag)


@pytest.fixture(scope="module")
def analysed_template(tmp_path_factory):
    """The analysed round, built once for this module; each test that asks for `analysed` starts on a copy."""
    return sqlite_template(tmp_path_factory, "analysed", _build_analysed)


@pytest.fixture
def analysed(db, analysed_template, consultation, consultee_a, consultee_b):
    """The round with Tinn's and Rollag's answers analysed: the template's copy, or built here when DATABASE_URL names the database."""
    if analysed_template is None:
        _analyse(db, consultation, consultee_a, consultee_b)
    return consultation


def first_unit(like: str) -> CommentUnit:
    from app.extensions import db

    return db.session.scalar(select(CommentUnit).where(CommentUnit.text.like(like)).order_by(CommentUnit.id))


def test_the_review_page_shows_themes_and_filters(client, db, users, analysed):
    login(client, users["secretariat"])
    area = analysed.focus_areas[0]
    page = client.get(f"/consultations/{analysed.slug}/analysis/review?omrade={area.id}").get_data(as_text=True)
    assert "Vegen over fjellet" in page and "Lagre vurdering" in page
    # The reason's box says how long it may be before it stops taking text
    theme = db.session.scalar(select(Theme).where(Theme.focus_area_id == area.id).order_by(Theme.position))
    assert f'<p class="hint" id="assessment-limit-{theme.id}">Høyst 20\xa0000 tegn.</p>' in page
    assert f'aria-describedby="assessment-limit-{theme.id}"' in page
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
    log = client.get(f"/consultations/{slug}/audit").get_data(as_text=True)
    row = log[log.index("Innspill flyttet"):]
    row = row[:row.index("</tr>")]
    assert f"«{unit.text[:20]}" in row and f"Satsingsområde: {target.title}" in row  # by name, not by id
    assert "focus_area_id" not in log and "theme_id" not in log and f"Innspill {unit.id}<" not in log


def test_the_analysis_runs_again_after_comments_were_confirmed_and_moved(client, db, users, analysed):
    """A confirmed or moved comment leaves its old theme before that theme is deleted: the database
    refused to delete a theme a kept comment still pointed to, and every later run failed."""
    from app.models import RunStatus

    login(client, users["secretariat"])
    first, second = db.session.scalars(select(CommentUnit).where(CommentUnit.theme_id.is_not(None))
                                       .order_by(CommentUnit.id).limit(2)).all()
    client.post(f"/consultations/{analysed.slug}/analysis/comments/{first.id}/confirm")
    other = next(a for a in analysed.focus_areas if a.id != second.focus_area_id)
    client.post(f"/consultations/{analysed.slug}/analysis/comments/{second.id}/move", data={"target": f"fa:{other.id}"})
    finished, _ = run(db, analysed)
    assert finished.status is RunStatus.DONE, finished.error
    moved = db.session.get(CommentUnit, second.id)
    assert moved.focus_area_id == other.id and moved.is_confirmed


def test_the_review_asks_for_a_new_run_once_comments_are_checked_and_not_after_it(client, db, users, analysed):
    """What a person confirms or moves teaches the next run (nlp's head), so the review and the analysis
    page say how many were checked since the last run and offer to run it again. A corrected kind is no
    such example and is not counted; once the analysis has run again the notice is gone."""
    login(client, users["secretariat"])
    slug = analysed.slug
    review_page, analysis_page = f"/consultations/{slug}/analysis/review?usikre=1", f"/consultations/{slug}/analysis"
    assert "siden analysen sist ble kjørt" not in client.get(review_page).get_data(as_text=True)
    first, second, third = db.session.scalars(select(CommentUnit).where(CommentUnit.theme_id.is_not(None))
                                              .order_by(CommentUnit.id).limit(3)).all()
    client.post(f"/consultations/{slug}/analysis/comments/{third.id}/stance", data={"stance": "objects"})
    assert "siden analysen sist ble kjørt" not in client.get(review_page).get_data(as_text=True)
    client.post(f"/consultations/{slug}/analysis/comments/{first.id}/confirm")
    assert "Du har sjekket ett innspill siden analysen sist ble kjørt." in client.get(review_page).get_data(as_text=True)
    other = next(a for a in analysed.focus_areas if a.id != second.focus_area_id)
    client.post(f"/consultations/{slug}/analysis/comments/{second.id}/move", data={"target": f"fa:{other.id}"})
    for page in (client.get(review_page).get_data(as_text=True), client.get(analysis_page).get_data(as_text=True)):
        assert "Du har sjekket 2 innspill siden analysen sist ble kjørt." in page
        assert f'action="/consultations/{slug}/analysis/start"' in page
    run(db, analysed)
    assert "siden analysen sist ble kjørt" not in client.get(review_page).get_data(as_text=True)
    assert db.session.get(CommentUnit, second.id).focus_area_id == other.id


def test_correcting_a_comments_kind_is_kept_through_a_rerun_and_logged(client, db, users, analysed):
    login(client, users["secretariat"])
    unit = db.session.scalar(select(CommentUnit).where(CommentUnit.stance != "objects").order_by(CommentUnit.id))
    page = client.get(f"/consultations/{analysed.slug}/analysis/review?omrade={unit.focus_area_id}")
    assert f'action="/consultations/{analysed.slug}/analysis/comments/{unit.id}/stance"' in page.get_data(as_text=True)
    client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/stance", data={"stance": "objects"})
    db.session.refresh(unit)
    assert unit.stance == "objects" and unit.corrected_at is not None
    assert not unit.is_confirmed  # its kind was corrected, not its place: still among those left to check
    run(db, analysed)
    kept = db.session.scalar(select(CommentUnit).where(CommentUnit.text == unit.text))
    assert kept.stance == "objects"  # a rerun keeps what a person corrected
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "comment.stance"))
    assert event.after == {"stance": "objects"}
    log = client.get(f"/consultations/{analysed.slug}/audit").get_data(as_text=True)
    assert "Type innspill endret" in log and "Innvender" in log
    refused = client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/stance",
                          data={"stance": "sure"}, follow_redirects=True)
    assert "Velg hva slags innspill det er." in refused.get_data(as_text=True)
    client.post("/logout")
    login(client, users["council"])  # the council reads; only the secretariat corrects
    assert client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/stance",
                       data={"stance": "supports"}).status_code == 403


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
    first, second = themes[0].id, themes[1].id  # ids: the merge deletes the second theme
    client.post(f"/consultations/{slug}/analysis/themes/{first}/rename", data={"label": "Veg og kollektiv"})
    client.post(f"/consultations/{slug}/analysis/themes/{first}/assess",
                data={"assessment": "delvis_tatt_til_folge", "text": "Tas med i tiltaksplanen for samferdsel."})
    client.post(f"/consultations/{slug}/analysis/themes/{second}/merge", data={"into": first})
    assert db.session.get(Theme, second) is None
    members = {u.id for u in db.session.scalars(select(CommentUnit).where(CommentUnit.theme_id == first))}
    run(db, analysed)
    kept = db.session.get(Theme, first)
    assert kept is not None and kept.label == "Veg og kollektiv"
    assert kept.assessment is Assessment.PARTLY and kept.assessment_text.startswith("Tas med")
    log = client.get(f"/consultations/{slug}/audit").get_data(as_text=True)
    assert "Vurdering: Delvis tatt til følge" in log and "delvis_tatt_til_folge" not in log
    assert {u.id for u in db.session.scalars(select(CommentUnit).where(CommentUnit.theme_id == first))} == members


def test_corrections_are_refused_while_an_analysis_runs(client, db, users, analysed):
    from app.analysis import jobs
    from app.timeutil import utcnow

    jobs.start(analysed, None, utcnow())
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
    assert "Hovedfunn" in page and "Begge som har svart, er enige: Rollag kommune og Tinn kommune." in page
    assert theme.label in page and "Tas inn i strategien." in page and "Tatt opp av" in page
    assert "Standpunkt per høringsinstans" in page
    response_url = f"/consultations/{analysed.slug}/responses/{analysed.invitations[0].consultee_id}"
    assert response_url in page and client.get(response_url).status_code == 200
    assert client.get(f"/consultations/{analysed.slug}/analysis/review").status_code == 403
    assert client.post(f"/consultations/{analysed.slug}/analysis/themes/{theme.id}/rename",
                       data={"label": "Kapret"}).status_code == 403


def two_themes():
    """Two themes to merge (the review page offers those of one focus area; the service takes any two)."""
    from app.extensions import db

    themes = db.session.scalars(select(Theme).where(Theme.focus_area_id.is_not(None)).order_by(Theme.id)).all()
    return themes[0], themes[1]


def theme_state(db, theme_id: int) -> dict:
    theme = db.session.get(Theme, theme_id)
    members = db.session.scalars(select(CommentUnit).where(CommentUnit.theme_id == theme_id).order_by(CommentUnit.id))
    return {"label": theme.label, "assessment": theme.assessment, "text": theme.assessment_text,
            "is_kept": theme.is_kept, "phrases": list(theme.key_phrases), "summary": list(theme.summary),
            "area": theme.focus_area_id, "position": theme.position,
            "members": [(u.id, u.is_confirmed, u.focus_area_id) for u in members]}


def test_a_merge_asks_first_naming_both_themes_and_changes_nothing(client, db, users, analysed):
    login(client, users["secretariat"])
    source, target = two_themes()
    page = client.get(f"/consultations/{analysed.slug}/analysis/themes/{source.id}/merge?into={target.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and f"Slå sammen «{source.label}» med «{target.label}»?" in text
    assert "Ja, slå sammen" in text and "angre" in text
    assert db.session.get(Theme, source.id) is not None


def test_the_merge_page_of_a_theme_merged_already_leads_back_to_the_review_saying_so(client, db, users, analysed):
    login(client, users["secretariat"])
    source, target = two_themes()
    url = f"/consultations/{analysed.slug}/analysis/themes/{source.id}/merge?into={target.id}"
    client.post(f"/consultations/{analysed.slug}/analysis/themes/{source.id}/merge", data={"into": target.id})
    back = client.get(url, follow_redirects=True)  # the browser's back button
    assert back.status_code == 200 and "Det temaet finnes ikke lenger" in back.get_data(as_text=True)


def test_the_merge_page_warns_that_the_assessment_of_the_theme_merged_away_is_lost_when_both_are_assessed(
        client, db, users, analysed):
    from app.analysis import review
    from app.timeutil import utcnow

    source, target = two_themes()
    review.assess(source, Assessment.ACCEPTED, "Tas inn i strategien.", users["secretariat"], utcnow())
    db.session.commit()
    login(client, users["secretariat"])
    url = f"/consultations/{analysed.slug}/analysis/themes/{source.id}/merge?into={target.id}"
    assert "Begge temaene er vurdert" not in client.get(url).get_data(as_text=True)  # the target takes it over
    review.assess(target, Assessment.NOTED, "", users["secretariat"], utcnow())
    db.session.commit()
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "Begge temaene er vurdert" in page and "Tas inn i strategien." in page


def test_undoing_a_merge_gives_both_themes_back_exactly(client, db, users, analysed):
    from app.analysis import review
    from app.timeutil import utcnow

    source, target = two_themes()
    review.assess(source, Assessment.NOTED, "Til orientering.", users["secretariat"], utcnow())
    review.rename_theme(target, "Veg og kollektiv", utcnow())
    db.session.commit()
    before = {source.id: theme_state(db, source.id), target.id: theme_state(db, target.id)}
    source_id, target_id = source.id, target.id
    login(client, users["secretariat"])
    page = f"/consultations/{analysed.slug}/analysis/review?omrade={target.focus_area_id}"
    merged = client.post(f"/consultations/{analysed.slug}/analysis/themes/{source_id}/merge",
                         data={"into": target_id, "next": page})
    assert merged.headers["Location"].endswith(f"{page}#tema-{target_id}")
    assert db.session.get(Theme, source_id) is None
    shown = client.get(page).get_data(as_text=True)
    assert "Angre sammenslåingen" in shown and "ble slått sammen med dette temaet" in shown
    merge_id = review.undoable_merges(analysed.id)[target_id].id
    undone = client.post(f"/consultations/{analysed.slug}/analysis/merges/{merge_id}/undo", data={"next": page})
    assert undone.headers["Location"].endswith(f"#tema-{source_id}")
    db.session.expire_all()
    assert {source_id: theme_state(db, source_id), target_id: theme_state(db, target_id)} == before
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "theme.merge_undone")) == 1


def test_a_merge_cannot_be_undone_once_the_theme_changed_or_the_analysis_ran(client, db, users, analysed):
    from app.analysis import review
    from app.models import ThemeMerge
    from app.timeutil import utcnow

    source, target = two_themes()
    merge = review.merge_themes(source, target, users["secretariat"], utcnow())
    review.rename_theme(target, "Et nytt navn", utcnow())
    db.session.commit()
    assert review.undoable_merges(analysed.id) == {}
    login(client, users["secretariat"])
    page = client.post(f"/consultations/{analysed.slug}/analysis/merges/{merge.id}/undo",
                       follow_redirects=True).get_data(as_text=True)
    assert "kan ikke angres lenger" in page
    assert db.session.get(Theme, merge.source_id) is None
    run(db, analysed)
    assert db.session.scalar(select(func.count(ThemeMerge.id))) == 0


def test_another_rounds_merge_cannot_be_undone(client, db, users, analysed, region):
    from app.analysis import review
    from app.timeutil import utcnow
    from tests.conftest import make_consultation

    source, target = two_themes()
    merge = review.merge_themes(source, target, users["secretariat"], utcnow())
    other = make_consultation(db, region, "En annen høring")
    db.session.commit()
    login(client, users["secretariat"])
    assert client.post(f"/consultations/{other.slug}/analysis/merges/{merge.id}/undo").status_code == 404
    page = client.get(f"/consultations/{other.slug}/analysis/themes/{source.id}/merge?into={target.id}",
                      follow_redirects=True).get_data(as_text=True)
    assert "Det temaet finnes ikke lenger" in page and target.label not in page  # the theme merged away is gone
    assert client.get(f"/consultations/{other.slug}/analysis/themes/{target.id}/merge?into={target.id}").status_code == 302


def test_each_change_comes_back_to_the_comment_or_theme_acted_on(client, db, users, analysed):
    login(client, users["secretariat"])
    unit = first_unit("Felles digitale%")
    page = f"/consultations/{analysed.slug}/analysis/review?omrade={unit.focus_area_id}"
    confirmed = client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/confirm",
                            data={"next": page, "after": "innspill-999"})
    assert confirmed.headers["Location"].endswith(f"{page}#innspill-{unit.id}")
    theme_id = unit.theme_id
    renamed = client.post(f"/consultations/{analysed.slug}/analysis/themes/{theme_id}/rename",
                          data={"label": "Digitalt samarbeid", "next": page})
    assert renamed.headers["Location"].endswith(f"#tema-{theme_id}")
    assessed = client.post(f"/consultations/{analysed.slug}/analysis/themes/{theme_id}/assess",
                           data={"assessment": "", "text": "", "next": page})
    assert assessed.headers["Location"].endswith(f"#tema-{theme_id}")


def test_every_button_on_a_comment_is_described_by_its_text(client, db, users, analysed):
    """A screen reader going from button to button hears which comment «Del» or «Ikke relevant» acts on,
    as it does for «Bekreft», «Flytt» and «Endre type»."""
    unit = first_unit("Vegen over fjellet%")
    unit.text = "Vegen over fjellet er viktigst. Kollektivtilbudet kommer etter."  # two sentences: it can be split
    db.session.commit()
    login(client, users["secretariat"])
    shown = client.get(f"/consultations/{analysed.slug}/analysis/review?usikre=1").get_data(as_text=True)
    cards = re.findall(r'<li class="comment[^"]*" id="innspill-(\d+)">(.*?)</li>', shown, re.S)
    buttons = [(unit_id, button) for unit_id, card in cards for button in re.findall(r"<button[^>]*>[^<]*", card)]
    assert any(button.endswith(">Del") for _, button in buttons), "no comment to split on the page"
    assert any(button.endswith(">Ikke relevant") for _, button in buttons)
    undescribed = [button for unit_id, button in buttons if f'aria-describedby="text-{unit_id}"' not in button]
    assert not undescribed, undescribed


def test_a_comment_that_leaves_the_page_gives_its_place_to_its_neighbour(client, db, users, analysed):
    login(client, users["secretariat"])
    unit = first_unit("Vi savner%")
    page = f"/consultations/{analysed.slug}/analysis/review?omrade={unit.focus_area_id}"
    shown = client.get(page).get_data(as_text=True)
    assert 'name="after" value="innspill-' in shown
    # each comment's buttons are described by its text, for a screen reader going from button to button
    assert f'<p id="text-{unit.id}">' in shown and shown.count(f'aria-describedby="text-{unit.id}"') >= 2
    target = next(a for a in analysed.focus_areas if a.id != unit.focus_area_id)
    moved = client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/move",
                        data={"target": f"fa:{target.id}", "next": page, "after": "innspill-7"})
    assert moved.headers["Location"].endswith(f"{page}#innspill-7")
    # the place shows the neighbour, so the message names the comment moved and where it went
    said = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert f"er flyttet til «{target.title}»." in said and "«Vi savner" in said
    forged = client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/move",
                         data={"target": f"fa:{unit.focus_area_id}", "next": page + "&ubekreftet=1",
                               "after": "x\"><script>"})
    assert forged.headers["Location"].endswith("ubekreftet=1")


@pytest.mark.parametrize("target", ["fa:999999", "fa:abc", "", "elsewhere:1"])
def test_a_move_to_a_place_not_in_the_round_is_refused_with_a_message(client, db, users, analysed, other_round_area,
                                                                     target):
    login(client, users["secretariat"])
    unit = first_unit("Vi savner%")
    target = target.replace("999999", str(other_round_area.id)) if target == "fa:999999" else target
    page = f"/consultations/{analysed.slug}/analysis/review?omrade={unit.focus_area_id}"
    refused = client.post(f"/consultations/{analysed.slug}/analysis/comments/{unit.id}/move",
                          data={"target": target, "next": page}, follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Fant ikke satsingsområdet." in text or "Velg hvor innspillet skal flyttes." in text
    db.session.refresh(unit)
    assert unit.focus_area_id is not None and not unit.is_confirmed


@pytest.fixture
def other_round_area(db, region):
    """A focus area of another round of the same region."""
    from app.models import FocusArea

    other = make_consultation(db, region, "En annen høring")
    area = FocusArea(consultation=other, title="Et annet område", position=1)
    db.session.add(area)
    db.session.commit()
    return area


def test_a_quote_whose_comment_was_moved_or_found_not_relevant_is_no_longer_quoted_anywhere(client, db, users, analysed):
    from app.models import CommentUnit, Theme

    theme = next(t for t in db.session.scalars(select(Theme).where(Theme.consultation_id == analysed.id))
                 if t.summary and len(t.summary) >= 1)
    quote = theme.summary[0]["text"]
    unit = next(u for u in db.session.scalars(select(CommentUnit).where(CommentUnit.theme_id == theme.id))
                if " ".join(quote.split()) in " ".join(u.text.split()) and u.consultee.name == theme.summary[0]["consultee"])
    login(client, users["secretariat"])
    slug = analysed.slug
    assert quote in client.get(f"/consultations/{slug}/analysis").get_data(as_text=True)
    target = next(a for a in analysed.focus_areas if a.id != unit.focus_area_id)
    client.post(f"/consultations/{slug}/analysis/comments/{unit.id}/move", data={"target": f"fa:{target.id}"})
    assert quote not in client.get(f"/consultations/{slug}/analysis").get_data(as_text=True)
    login(client, users["council"])
    assert quote not in client.get(f"/consultations/{slug}/overview").get_data(as_text=True)


def test_the_overview_starts_with_the_findings_and_a_chart_with_its_numbers_as_text(client, db, users, analysed):
    login(client, users["council"])
    page = client.get(f"/consultations/{analysed.slug}/overview").get_data(as_text=True)
    findings, chart, detail = (page.index(h) for h in ("Hovedfunn", "Støtte per satsingsområde",
                                                        "Innspillene per satsingsområde"))
    assert chart < findings < detail
    bars = page[chart:findings]
    assert '<span class="chart-figures">2 enig</span>' in bars and "<svg" in bars and 'aria-hidden="true"' in bars
    # Positions nobody took take no room: no zero in the figures, no empty card in the detail
    assert "0 delvis enig" not in page and "0 uenig" not in page and "Delvis enig 0" not in page


def test_themes_the_secretariat_has_not_reviewed_are_marked_on_the_overview(client, db, users, analysed):
    from app.analysis import review
    from app.timeutil import utcnow
    from nlp.remarks import says_nothing

    themes = db.session.scalars(select(Theme).order_by(Theme.id)).all()
    # A theme of comments that only say they have nothing to add («Ingen flere merknader») is not shown
    shown = [t for t in themes if any(c.is_relevant and not says_nothing(c.text) for c in t.comments)]
    login(client, users["council"])
    page = client.get(f"/consultations/{analysed.slug}/overview").get_data(as_text=True)
    assert page.count("Ikke gjennomgått</span>") == len(shown) > 0
    for theme in themes:
        review.rename_theme(theme, theme.label, utcnow())
    db.session.commit()
    page = client.get(f"/consultations/{analysed.slug}/overview").get_data(as_text=True)
    assert "Ikke gjennomgått" not in page


def test_the_council_lands_on_the_overview_once_a_round_is_analysed(client, db, users, analysed, region):
    from tests.conftest import make_consultation

    fresh = make_consultation(db, region, "En høring uten analyse")
    db.session.commit()
    login(client, users["council"])
    listing = client.get("/consultations/").get_data(as_text=True)
    assert f'href="/consultations/{analysed.slug}/overview"' in listing
    assert f'href="/consultations/{fresh.slug}"' in listing
    client.post("/logout")
    login(client, users["secretariat"])
    listing = client.get("/consultations/").get_data(as_text=True)
    assert f'href="/consultations/{analysed.slug}"' in listing and "/overview" not in listing


# --- worst case (tests/app/worst_case.py) -----------------------------------------------------

def a_change_posted_at_the_request_cap(app):
    """Prepare: one comment, and a confirm whose `next` and `after` fill the 4 MB form cap; measure the post."""
    from app.extensions import db
    from app.models import CommentUnit, Region, Role
    from tests.conftest import login, make_consultation, make_user

    region = Region(name="Testregionen", slug="testregionen")
    db.session.add(region)
    db.session.commit()
    consultation = make_consultation(db, region)
    unit = CommentUnit(consultation_id=consultation.id, source_key="r1:q1", source_hash="0" * 64, text="Enig.",
                       start=0, end=5)
    db.session.add(unit)
    db.session.commit()
    client = app.test_client()
    login(client, make_user(db, region, Role.SECRETARIAT, "sekretariat@example.no"))
    page = f"/consultations/{consultation.slug}/analysis/review?"
    data = {"next": page + "omrade=1&" * 150_000, "after": "innspill-" + "9" * 1_900_000}
    url = f"/consultations/{consultation.slug}/analysis/comments/{unit.id}/confirm"

    def post():
        response = client.post(url, data=data)
        return [response.status_code, response.headers.get("Location", "")]

    return post


@pytest.mark.bounds
def test_worst_case_the_place_to_come_back_to_is_bounded():
    from tests.app.worst_case import measure

    measured = measure("tests.app.test_review:a_change_posted_at_the_request_cap")
    assert measured.within_bounds(), measured
    status, location = measured.result
    assert status == 302 and len(location) < 200 and location.endswith("/analysis/review#innspill-1"), location


def test_the_overview_of_a_round_without_answers_has_no_chart_to_draw(client, db, users, consultation, consultee_a):
    open_round_for(db, consultation, consultee_a)
    db.session.commit()
    login(client, users["council"])
    page = client.get(f"/consultations/{consultation.slug}/overview")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ingen svar er sendt inn ennå." in text
    assert "Støtte per satsingsområde" not in text and "Ingen har tatt stilling til dette satsingsområdet." in text


def test_the_least_sure_come_first_from_every_focus_area_until_checked(client, db, users, analysed):
    login(client, users["secretariat"])
    slug = analysed.slug
    units = db.session.scalars(select(CommentUnit).where(CommentUnit.consultation_id == analysed.id)).all()
    assert all(u.confidence is None or 0 <= u.confidence <= 1 for u in units)
    page = client.get(f"/consultations/{slug}/analysis/review?usikre=1").get_data(as_text=True)
    assert f"{len(units)} innspill er ikke sjekket ennå." in page
    order = sorted(units, key=lambda u: (u.confidence is None, u.confidence or 0, u.id))
    positions = [page.index(f'id="innspill-{u.id}"') for u in order]
    assert positions == sorted(positions)
    # Comments from different focus areas share the list, each naming where it was placed
    assert len({u.focus_area_id for u in units}) > 1 and "Plassert i «" in page
    client.post(f"/consultations/{slug}/analysis/comments/{order[0].id}/confirm",
                data={"next": f"/consultations/{slug}/analysis/review?usikre=1"})
    page = client.get(f"/consultations/{slug}/analysis/review?usikre=1").get_data(as_text=True)
    assert f'id="innspill-{order[0].id}"' not in page
    assert f"{len(units) - 1} innspill er ikke sjekket ennå." in page


def test_a_consultee_and_the_council_cannot_open_the_uncertain_list(db, as_role, analysed):
    for role in ("consultee_a", "council"):
        assert as_role(role).get(f"/consultations/{analysed.slug}/analysis/review?usikre=1").status_code == 403


def test_a_merge_keeps_the_assessment_of_the_theme_merged_away(db, users, analysed):
    from app.analysis import review
    from app.timeutil import utcnow

    source, target = two_themes()
    review.assess(source, Assessment.NOTED, "Tas med i handlingsplanen.", users["secretariat"], utcnow())
    review.merge_themes(source, target, users["secretariat"], utcnow())
    db.session.commit()
    assert (target.assessment, target.assessment_text) == (Assessment.NOTED, "Tas med i handlingsplanen.")
    assert target.assessed_by_id == users["secretariat"].id


def test_a_merge_within_a_focus_area_leaves_the_comments_places_unchecked_and_one_across_checks_them(db, users,
                                                                                                        analysed):
    from app.analysis import review
    from app.timeutil import utcnow

    left = review.left_to_check(analysed)
    themes = db.session.scalars(select(Theme).where(Theme.consultation_id == analysed.id)).all()
    same = next(((a, b) for a in themes for b in themes if a.id != b.id and a.focus_area_id == b.focus_area_id
                 and a.comments and not any(c.is_confirmed for c in a.comments)), None)
    assert same is not None
    review.merge_themes(*same, users["secretariat"], utcnow())
    db.session.commit()
    assert review.left_to_check(analysed) == left  # nobody looked at those places
    themes = db.session.scalars(select(Theme).where(Theme.consultation_id == analysed.id)).all()
    source, target = next((a, b) for a in themes for b in themes if a.comments and a.focus_area_id != b.focus_area_id)
    moved = [c.id for c in source.comments]
    review.merge_themes(source, target, users["secretariat"], utcnow())
    db.session.commit()
    assert all(db.session.get(CommentUnit, i).is_confirmed for i in moved)  # moved into another focus area by a person


def test_worst_case_an_over_long_theme_name_or_assessment_is_refused_whole_never_cut(client, db, users, analysed):
    theme = db.session.scalar(select(Theme).where(Theme.consultation_id == analysed.id).order_by(Theme.id))
    label = theme.label
    login(client, users["secretariat"])
    base = f"/consultations/{analysed.slug}/analysis/themes/{theme.id}"
    page = client.get(f"/consultations/{analysed.slug}/analysis/review?omrade={theme.focus_area_id}").get_data(as_text=True)
    assert 'maxlength="20000"' in page and 'maxlength="300"' in page
    named = client.post(f"{base}/rename", data={"label": "Langt navn " * 1_000}, follow_redirects=True)
    assert "Navnet på temaet kan ha høyst 300 tegn." in named.get_data(as_text=True)
    assessed = client.post(f"{base}/assess", data={"assessment": "til_orientering", "text": "x" * 20_001}, follow_redirects=True)
    assert "Begrunnelsen kan ha høyst 20000 tegn." in assessed.get_data(as_text=True)
    db.session.refresh(theme)
    assert theme.label == label and theme.assessment is None and not theme.assessment_text
    # 20,000 characters with line breaks, as the browser counts them, are taken whole
    text = ("Vurdert.\r\n" * 2_000)[:20_000].replace("\r\n", "\n").replace("\n", "\r\n")
    client.post(f"{base}/assess", data={"assessment": "til_orientering", "text": text})
    db.session.refresh(theme)
    assert theme.assessment_text == text.replace("\r\n", "\n").strip()


def test_an_empty_theme_name_comes_back_marked_invalid_and_described_by_its_message(client, db, users, analysed):
    theme = db.session.scalar(select(Theme).where(Theme.consultation_id == analysed.id).order_by(Theme.id))
    label = theme.label
    login(client, users["secretariat"])
    page = f"/consultations/{analysed.slug}/analysis/review?omrade={theme.focus_area_id}"
    refused = client.post(f"/consultations/{analysed.slug}/analysis/themes/{theme.id}/rename",
                          data={"label": "  ", "next": page})
    assert refused.status_code == 422
    html_ = refused.get_data(as_text=True)
    field = re.search(rf'<input[^>]*id="label-{theme.id}"[^>]*>', html_).group(0)
    assert 'aria-invalid="true"' in field and 'value="  "' in field, field  # as it was sent
    described = re.search(r'aria-describedby="([^"]+)"', field).group(1)
    message = re.search(rf'<p[^>]*id="{described}"[^>]*>(.*?)</p>', html_, re.S)
    assert message and message.group(1).strip() == "Temaet må ha et navn.", described
    assert f'href="#label-{theme.id}"' in html_  # the error summary on top leads to the field
    # the page is the one the name was typed on, and its other forms still come back to it
    assert f'name="next" value="{html.escape(page)}"' in html_ and html_.count('aria-invalid="true"') == 1
    db.session.refresh(theme)
    assert theme.label == label


def test_a_reason_saved_without_an_assessment_is_kept_and_the_page_says_the_council_does_not_see_it_yet(
        client, db, users, analysed):
    theme = db.session.scalar(select(Theme).where(Theme.consultation_id == analysed.id).order_by(Theme.id))
    login(client, users["secretariat"])
    page = client.post(f"/consultations/{analysed.slug}/analysis/themes/{theme.id}/assess",
                       data={"assessment": "", "text": "Må drøftes i arbeidsutvalget."}, follow_redirects=True)
    assert "Rådet ser den når du har valgt en vurdering." in page.get_data(as_text=True)
    db.session.refresh(theme)
    assert theme.assessment_text == "Må drøftes i arbeidsutvalget."


def test_the_change_log_of_a_move_names_the_theme_the_comment_went_to(db, users, analysed):
    from app.analysis import review
    from app.timeutil import utcnow

    source, target = two_themes()
    unit = source.comments[0]
    review.move(unit, target.focus_area, users["secretariat"], utcnow(), theme=target)
    review.move(unit, target.focus_area, users["secretariat"], utcnow())  # out of every theme
    db.session.commit()
    moves = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.move").order_by(AuditEvent.id)).all()
    assert [(m.before["theme_id"], m.after["theme_id"]) for m in moves] == [(source.id, target.id), (target.id, None)]


def test_a_comment_written_in_a_focus_areas_box_is_said_to_be_placed_by_the_consultee(client, db, users, analysed):
    placed = db.session.scalar(select(CommentUnit).where(CommentUnit.asked_focus_area_id.is_not(None),
                                                         CommentUnit.focus_area_id == CommentUnit.asked_focus_area_id))
    login(client, users["secretariat"])
    page = client.get(f"/consultations/{analysed.slug}/analysis/review?omrade={placed.focus_area_id}").get_data(as_text=True)
    item = page[page.index(f'id="innspill-{placed.id}"'):]
    item = item[:item.index("</li>")]
    assert "Plassert av høringsinstansen" in item and "Sikkerhet 100" not in item
