"""Tests for the differences between two submitted versions of a response."""

from dataclasses import replace

from app.responses.diff import Change, diff_snapshots, merged_keys, text_diff
from app.responses.snapshot import Snapshot, SnapshotAnswer, SnapshotAttachment

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


def test_diff_changed_position_in_nynorsk():
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
