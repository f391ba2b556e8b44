"""One call for the app's background job: answers in, units, themes and summaries out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from nlp import assign, encoder, lexicon, morphology, pipeline, segment, stance, summary, themes
from nlp.types import (
    OTHER,
    AnalysedUnit,
    Analysis,
    Answer,
    Assignment,
    Comment,
    Example,
    FocusArea,
    Unit,
    method_name,
)


def analyse(answers: Sequence[Answer], focus_areas: Sequence[FocusArea], *,
            examples: Sequence[Example] = (), names: Sequence[str] = (),
            lang: str = "nb", split_mixed: bool = True,
            progress: Callable[[float], None] | None = None) -> Analysis:
    """Segment, assign, take stance, group into themes and summarise a round's answers.

    ``names`` (consultees, places) are marked by the entity ruler and left out of the terms;
    the pipeline is shared by the process, so one analysis should run at a time in it.
    The sentence encoder joins the assignment when ``encoder.enabled`` says so for the
    round's number of units; ``Analysis.method`` records whether it did (and whether Apertium's
    lemmas fed the word profiles), and ``progress`` hears
    how far its encoding has come (0–1), the one step that takes minutes.
    """
    pipeline.set_names(pipeline.load(lang), names)
    model = assign.build_model(focus_areas, examples, lang)
    # One Apertium batch for every word of the round; sentences are analysed in small groups.
    lexicon.prepare([a.text for a in answers], lang)
    cut = [(a, u) for a in answers for u in _units(a, model, lang, split_mixed)]
    texts = [u.text for _, u in cut]
    pairs = pipeline.term_pairs(texts, lang)
    # Nynorsk units are assigned as Apertium reads them in bokmål; themes, labels and quotes
    # keep the words the consultee wrote.
    read, term_lists = pipeline.as_read(texts, pairs, lang)
    with_encoder = encoder.enabled(len(cut), encoder.encoded_chars(read))
    sims = encoder.similarities(read, focus_areas, progress) if with_encoder else None
    assigned = assign.assign_terms(model, term_lists, sims)
    # Whether a text names a topic at all is a question for its words: the encoder finds
    # a nearest focus area even for "Vi er einige.".
    by_words = assign.assign_terms(model, term_lists) if with_encoder else assigned
    specific = model.specific_scores(term_lists)
    units = tuple(
        AnalysedUnit(f"{a.id}:{u.start}", a.id, a.consultee, u, placed, stance.stance(u.text, a.position), moved)
        for (a, u), found, plain, evidence in zip(cut, assigned, by_words, specific, strict=True)
        for placed, moved in [_place(a, found, plain, evidence, model.keys)])
    comments = [Comment(x.id, x.unit.text, x.consultee, x.assignment.label, None) for x in units]
    found_themes = tuple(themes.build_themes(comments, lang, terms=pairs))
    summaries = {t.id: tuple(summary.summarize(t, comments, lang)) for t in found_themes}
    method = method_name(with_encoder, morphology.engine(lang) is not None)
    return Analysis(units, found_themes, summaries, method)


def _units(answer: Answer, model: assign.Model, lang: str, split_mixed: bool) -> list[Unit]:
    units = segment.segment(answer.text)
    if not split_mixed:
        return units

    def topics(texts: list[str]) -> list[str]:
        """The clear focus area of each sentence, or "" where there is none."""
        found = assign.assign_terms(model, pipeline.terms(texts, lang))
        # Only a clear topic splits a paragraph; "other" sentences stay with their neighbours.
        return [a.label if a.label != OTHER and len(a.labels) == 1 else "" for a in found]

    return segment.split_mixed(answer.text, units, topics)


#: Words that name one focus area alone must reach this score (``Model.specific_scores``)
#: before a text that no form placed joins that focus area, or before a text moves out of
#: the focus area its consultee wrote it under.
CLEAR_EVIDENCE = 0.045


def _place(answer: Answer, found: Assignment, plain: Assignment, specific, keys) -> tuple[Assignment, bool]:
    """Where a unit goes, and whether the analysis moved it from the consultee's focus area.

    An answer written under a focus area stays there; the other focus areas its text is about
    are kept as secondary labels ("also about"). It moves only on strong evidence: its words
    share nothing with its own focus area, and name another one clearly. A text no form placed
    (a meeting note, a free-text answer) joins a focus area only where it clearly speaks about
    it; otherwise it is "other" and stays with its question.
    """
    evidence = dict(zip(keys, specific.tolist(), strict=False))
    clear = found.label != OTHER and evidence.get(found.label, 0.0) >= CLEAR_EVIDENCE
    home = answer.focus_area
    if not home:
        if found.label == OTHER or clear:
            return found, False
        return Assignment(OTHER, found.score, (OTHER,), found.scores, found.confidence), False
    if clear and found.label != home and dict(plain.scores).get(home, 0.0) <= 0.0 and not _names_no_topic(plain):
        return Assignment(found.label, found.score, (found.label, home), found.scores, found.confidence), True
    # Where the consultee put it is where it belongs: the form, not the words, decided.
    also = tuple(k for k in found.labels if k not in (home, OTHER) and evidence.get(k, 0.0) >= CLEAR_EVIDENCE)
    return Assignment(home, dict(found.scores).get(home, 0.0), (home, *also), found.scores, 1.0), False


def _names_no_topic(found: Assignment) -> bool:
    return found.label == OTHER and found.score < assign.THRESHOLD
