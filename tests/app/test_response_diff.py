"""Tests for the differences between two submitted versions of a response."""

import time
from dataclasses import replace

import pytest

from app.responses.diff import MAX_DIFF_CHARS, MAX_DIFF_UNITS, Change, diff_snapshots, merged_keys, text_diff
from app.snapshot import MAX_ANSWER, Snapshot, SnapshotAnswer, SnapshotAttachment
from tests.app.worst_case import LIMIT_SECONDS, measure

SAMFERDSEL = "Kommunikasjon, infrastruktur og samferdsel"
KOMPETANSE = "Kompetanseutvikling og innovasjon"
POSITION_Q = "Hva mener dere om satsingsområdene?"
RANKING_Q = "Ranger satsingsområdene"
TEXT_Q = "Er vi store nok sammen?"
YES_Q = "Bør regionrådet ha felles innkjøp?"


def _answers() -> tuple[SnapshotAnswer, ...]:
    return (
        SnapshotAnswer(1, POSITION_Q, "position", 10, SAMFERDSEL, "enig", text="Vegen først."),
        SnapshotAnswer(1, POSITION_Q, "position", 11, KOMPETANSE, "uenig"),
        SnapshotAnswer(2, RANKING_Q, "ranking", 10, SAMFERDSEL, rank=1),
        SnapshotAnswer(2, RANKING_Q, "ranking", 11, KOMPETANSE, rank=2),
        SnapshotAnswer(3, TEXT_Q, "text", text="Ja, sammen er vi sterke."),
    )


def _snapshot(version: int = 1, language: str = "nb", **overrides) -> Snapshot:
    values = dict(consultation_title="Strategi 2030", consultee="Tinn kommune", language=language,
                  version=version, submitted_at="2019-03-11T13:32:00+00:00",
                  adopted_by="administrasjon", answers=_answers())
    return Snapshot(**{**values, **overrides})


def _with_answer(snapshot: Snapshot, index: int, **changes) -> Snapshot:
    answers = list(snapshot.answers)
    answers[index] = replace(answers[index], **changes)
    return replace(snapshot, version=snapshot.version + 1, answers=tuple(answers))


def test_diff_identical_versions_have_no_changes():
    assert diff_snapshots(_snapshot(), _snapshot(version=2)) == []


def test_diff_changed_position_uses_labels():
    old = _snapshot()
    assert diff_snapshots(old, _with_answer(old, 1, position="delvis_enig")) == [
        Change(POSITION_Q, KOMPETANSE, "position", "Uenig", "Delvis enig")]


def test_diff_changed_position_in_nynorsk(app):  # the app renders the labels from the catalogs
    old = _snapshot(language="nn")
    assert diff_snapshots(old, _with_answer(old, 0, position="uenig")) == [
        Change(POSITION_Q, SAMFERDSEL, "position", "Einig", "Ueinig")]


def test_diff_changed_text_and_rank():
    old = _snapshot()
    new = _with_answer(_with_answer(old, 4, text="Nei, ikke alene."), 2, rank=2)
    new = _with_answer(new, 3, rank=1)
    assert diff_snapshots(old, new) == [
        Change(RANKING_Q, SAMFERDSEL, "rank", "1", "2"),
        Change(RANKING_Q, KOMPETANSE, "rank", "2", "1"),
        Change(TEXT_Q, None, "text", "Ja, sammen er vi sterke.", "Nei, ikke alene."),
    ]


def test_diff_text_differing_only_in_surrounding_whitespace_is_no_change():
    old = _snapshot()
    assert diff_snapshots(old, _with_answer(old, 4, text="Ja, sammen er vi sterke.\r\n")) == []


def test_diff_new_answer_counts_from_empty_in_new_order():
    old = _snapshot()
    yes = SnapshotAnswer(4, YES_Q, "yes_no", yes=True, text="Det sparer penger.")
    answers = old.answers[:2] + (yes,) + old.answers[2:]
    assert diff_snapshots(old, replace(old, version=2, answers=answers)) == [
        Change(YES_Q, None, "yes", "", "Ja"),
        Change(YES_Q, None, "text", "", "Det sparer penger."),
    ]


def test_diff_removed_answer_counts_to_empty():
    old = _snapshot()
    new = replace(old, version=2, answers=old.answers[:1] + old.answers[2:])
    assert diff_snapshots(old, new) == [Change(POSITION_Q, KOMPETANSE, "position", "Uenig", "")]


def test_diff_removed_answers_keep_their_place_among_the_new_ones():
    assert merged_keys([(1, 10), (1, 11), (2, None)], [(1, 10), (2, None), (3, None)]) == [
        (1, 10), (1, 11), (2, None), (3, None)]
    assert merged_keys([(0, None), (1, 10)], [(1, 10)]) == [(0, None), (1, 10)]


def test_diff_adopted_by_decision_date_and_case_number():
    old = _snapshot()
    new = replace(old, version=2, adopted_by="kommunestyre", decision_date="2019-06-20",
                  case_number="19/44")
    assert diff_snapshots(old, new) == [
        Change("", None, "adopted_by", "Administrasjonen", "Kommunestyret"),
        Change("", None, "decision_date", "", "20. juni 2019"),
        Change("", None, "case_number", "", "19/44"),
    ]


def test_diff_attachments_added_and_removed():
    old = _snapshot(attachments=(SnapshotAttachment(1, "utkast.docx", 2048),))
    new = replace(old, version=2, attachments=(SnapshotAttachment(2, "vedtak.pdf", 10240),))
    assert diff_snapshots(old, new) == [
        Change("", None, "attachments", "utkast.docx (2 kB)", ""),
        Change("", None, "attachments", "", "vedtak.pdf (10 kB)"),
    ]


def test_diff_first_version_lists_every_non_empty_value():
    first = _snapshot(answers=_answers() + (SnapshotAnswer(5, "Andre innspill", "text"),),
                      case_number="19/1")
    changes = diff_snapshots(None, first)
    assert changes == [
        Change("", None, "adopted_by", "", "Administrasjonen"),
        Change("", None, "case_number", "", "19/1"),
        Change(POSITION_Q, SAMFERDSEL, "position", "", "Enig"),
        Change(POSITION_Q, SAMFERDSEL, "text", "", "Vegen først."),
        Change(POSITION_Q, KOMPETANSE, "position", "", "Uenig"),
        Change(RANKING_Q, SAMFERDSEL, "rank", "", "1"),
        Change(RANKING_Q, KOMPETANSE, "rank", "", "2"),
        Change(TEXT_Q, None, "text", "", "Ja, sammen er vi sterke."),
    ]


def _rebuild(segments: list[tuple[str, str]]) -> tuple[str, str]:
    before = "".join(text for op, text in segments if op != "insert")
    after = "".join(text for op, text in segments if op != "delete")
    return before, after


def test_text_diff_marks_inserted_and_deleted_words():
    before = "Vi er enige i at samferdsel er viktig."
    after = "Vi er delvis enige i at samferdsel og jernbane er viktig!"
    segments = text_diff(before, after)
    assert segments == [
        ("equal", "Vi er"), ("insert", " delvis"), ("equal", " enige i at samferdsel "),
        ("insert", "og jernbane "), ("equal", "er viktig"), ("delete", "."), ("insert", "!")]
    assert _rebuild(segments) == (before, after)


def test_text_diff_replaced_run_of_words_is_one_delete_and_one_insert():
    assert text_diff("vi vil ha veg", "vi ønsker oss bane") == [
        ("equal", "vi "), ("delete", "vil ha veg"), ("insert", "ønsker oss bane")]


def test_text_diff_empty_sides_and_line_breaks():
    assert text_diff("", "Ny tekst") == [("insert", "Ny tekst")]
    assert text_diff("Gammel tekst", "") == [("delete", "Gammel tekst")]
    assert text_diff("Lik", "Lik") == [("equal", "Lik")]
    assert text_diff("", "") == []
    before, after = "Første avsnitt.\n\nAndre avsnitt.", "Første avsnitt.\n\nTredje avsnitt.\nSlutt."
    assert _rebuild(text_diff(before, after)) == (before, after)


def test_text_diff_compares_sentences_first_and_words_only_inside_changed_ones():
    before = "Vegen er viktig. Bana er viktig. Skolen er viktig."
    after = "Vegen er viktig. Bana er svært viktig. Skolen er viktig."
    assert text_diff(before, after) == [
        ("equal", "Vegen er viktig. Bana er "), ("insert", "svært "), ("equal", "viktig. Skolen er viktig.")]


def test_text_diff_shows_a_large_changed_run_whole():
    before = " ".join(f"ord{i}" for i in range(400)) + "."
    after = " ".join(f"ord{i}" for i in range(0, 800, 2)) + "."
    assert text_diff(before, after) == [("delete", before), ("insert", after)]


def test_text_diff_gives_up_past_the_field_cap_or_too_many_sentences():
    assert text_diff("a" * (MAX_DIFF_CHARS + 1), "b") is None
    assert text_diff("a", "b" * (MAX_DIFF_CHARS + 1)) is None
    many = "Ja. " * (MAX_DIFF_UNITS + 1)
    assert text_diff(many, many + "Nei.") is None
    fewer = many[: 4 * (MAX_DIFF_UNITS - 1)]
    assert text_diff(fewer, fewer + "Nei.") is not None


def test_text_diff_of_a_sentence_repeated_hundreds_of_times_still_rebuilds_both_sides():
    before, after = "Enig. " * 600, "Enig. Uenig. " * 300
    assert _rebuild(text_diff(before, after)) == (before, after)


# --- worst cases through the real page (tests/app/worst_case.py) ----------------------

def _worst_texts(n: int) -> dict[str, tuple[str, str]]:
    """Pairs of texts at the field cap that differ everywhere, each shaped against one part of the diff."""
    words = " ".join(f"ord{i % 97}" for i in range(n))
    return {
        "no spaces": ("a" * n, "b" * n),
        "no sentence ends": (words[:n], words[:n].replace("ord", "ordet")[:n]),
        "short sentences": (("Ja. " * n)[:n], ("Nei. " * n)[:n]),
        "one repeated token": (("samferdsel " * n)[:n], ("samferdsel, " * n)[:n]),
        "one repeated sentence": (("Enig. " * n)[:n], ("Enig. Uenig. " * n)[:n]),
        "small changes everywhere": (
            "".join(f"Felles {i}. {'a ' * 40}x. " for i in range(n // 100))[:n],
            "".join(f"Felles {i}. {'a b ' * 20}y. " for i in range(n // 100))[:n]),
        "line per word": ("\n".join(words.split())[:n], "\n".join(reversed(words.split()))[:n]),
    }


def two_long_versions(app):
    """Prepare: two submitted versions whose every text field differs at the cap; measure the page."""
    from app.consultations import structure
    from app.extensions import db
    from app.models import QuestionKind, Region, Role
    from app.responses import submission
    from app.timeutil import utcnow
    from tests.conftest import login, make_consultation, make_consultee, make_user
    from tests.factories import complete_input, invitation_of, open_round_for

    region = Region(name="Testregionen", slug="testregionen")
    db.session.add(region)
    db.session.commit()
    consultation = make_consultation(db, region)
    for n in range(len(_worst_texts(10))):  # a text question per shape, besides the round's own fields
        structure.add_question(consultation, kind=QuestionKind.TEXT, text=f"Spørsmål {n}", help_text="",
                               is_required=False)
    open_round_for(db, consultation, make_consultee(db, region, "Tinn kommune"))
    invitation = invitation_of(consultation, "Tinn kommune")
    fields = [("comments", a.id) for a in consultation.focus_areas] + [
        ("texts", q.id) for q in consultation.questions if q.kind.value == "text"]
    pairs = list(_worst_texts(MAX_ANSWER).values())
    versions = [complete_input(consultation), complete_input(consultation)]
    for n, (kind, key) in enumerate(fields):
        for data, text in zip(versions, pairs[n % len(pairs)], strict=True):
            getattr(data, kind)[key] = text
    for key, data in zip("ab", versions, strict=True):
        submission.submit(invitation, data, expected_version=submission.version_of(invitation), submission_key=key, now=utcnow(), via="link")
    db.session.commit()
    client = app.test_client()
    login(client, make_user(db, region, Role.SECRETARIAT, "sekretariat@example.no"))
    url = f"/consultations/{consultation.slug}/responses/{invitation.consultee_id}"

    def call():
        response = client.get(url)
        page = response.get_data(as_text=True)
        return {"status": response.status_code, "fields": len(fields),
                "whole": page.count("for lang til å vise endringene ord for ord")}
    return call


@pytest.mark.bounds
def test_worst_case_the_page_of_two_versions_differing_everywhere_at_the_cap():
    measured = measure("tests.app.test_response_diff:two_long_versions")
    assert measured.result["status"] == 200 and measured.result["fields"] > len(_worst_texts(10))
    assert measured.result["whole"] >= 3  # three shapes are past the sentence cap, shown whole
    assert measured.within_bounds(), measured


@pytest.mark.bounds
@pytest.mark.parametrize("shape", list(_worst_texts(MAX_ANSWER)))
def test_worst_case_text_diff_of_each_shape_at_the_cap(shape):
    before, after = _worst_texts(MAX_ANSWER)[shape]
    started = time.perf_counter()
    segments = text_diff(before, after)
    assert time.perf_counter() - started < LIMIT_SECONDS
    assert segments is None or _rebuild(segments) == (before, after)
