import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy

from nlp import lexicon, morphology

ROOT = Path(__file__).parents[2]
MISSING = "/nonexistent/apertium/modes"
needs_apertium = pytest.mark.skipif(
    not Path(morphology.DEFAULT_MODES, "nno-nob.mode").exists(),
    reason="Apertium's apertium-nno-nob is not installed (make apertium)")


def blank(modes_dir: str = morphology.DEFAULT_MODES):
    """A blank pipeline with the morphology component and analysers of its own ("nb" unless told)."""
    nlp = spacy.blank("nb")
    nlp.add_pipe("apertium_morphology", config={"modes_dir": modes_dir})
    return nlp


def analysed(doc) -> list[tuple[str, str, str]]:
    return [(t.text, t.lemma_, t.pos_) for t in doc if not t.is_punct]


@needs_apertium
def test_bokmal_words_get_lemma_and_part_of_speech():
    doc = blank()("Kommunene prioriterer tjenestene for eldre.")
    assert analysed(doc)[:3] == [("Kommunene", "kommune", "NOUN"), ("prioriterer", "prioritere", "VERB"),
                                 ("tjenestene", "tjeneste", "NOUN")]
    assert all(t._.analysed for t in doc if not t.is_punct)


@needs_apertium
def test_nynorsk_words_get_nynorsk_lemmas():
    doc = blank()("Kommunane prioriterer ikkje tenestene til sjukeheimane.",
                  component_cfg={"apertium_morphology": {"lang": "nn"}})
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Kommunane"] == "kommune" and lemmas["tenestene"] == "teneste"
    assert lemmas["sjukeheimane"] == "sjukeheim" and doc[2].pos_ == "ADV"


@needs_apertium
def test_a_nynorsk_word_in_a_bokmal_pipeline_is_read_by_nynorsk():
    doc = blank()("Lærarane i kommunane")
    assert [t.lemma_ for t in doc] == ["lærar", "i", "kommune"]
    # Spelled as bokmål in the index terms, so nynorsk and bokmål comments meet.
    assert lexicon.terms_of_lemma("tenestene", "teneste") == lexicon.terms_of_lemma("tjenestene", "tjeneste")


@needs_apertium
def test_unknown_words_keep_their_snowball_stem():
    doc = blank()("Xyzzyqene kommer")
    assert doc[0].lemma_ == lexicon.stem("xyzzyqene") and not doc[0]._.analysed
    assert doc[0].pos_ == "" and doc[0]._.compound_parts == ()
    assert doc[1].lemma_ == "komme"


@needs_apertium
def test_compounds_get_their_parts():
    doc = blank()("Samferdselsprosjektene og bysykkelordningen")
    assert doc[0].lemma_ == "samferdselsprosjekt"
    assert doc[0]._.compound_parts == ("samferdsel", "prosjekt")
    assert doc[2]._.compound_parts == ("by", "sykkel", "ordning")
    assert {"samferdselsprosjekt", "samferdsel", "prosjekt"} <= set(
        lexicon.terms_of_lemma("samferdselsprosjektene", doc[0].lemma_, doc[0]._.compound_parts))


@needs_apertium
def test_each_distinct_form_is_analysed_once():
    nlp = blank()
    engine = nlp.get_pipe("apertium_morphology").engine("nb")
    texts = ["Kommunen støtter planen.", "Kommunen støtter ikke planen.", "Planen støtter kommunen."] * 50
    list(nlp.pipe(texts, batch_size=40))
    distinct = {"kommunen", "støtter", "planen", "ikke"}
    assert engine.forms_sent == len(distinct)
    assert engine.calls == 1  # the first batch had every form; the later ones nothing new
    list(nlp.pipe(texts))
    nlp("Kommunen støtter planen.")
    assert (engine.calls, engine.forms_sent) == (1, len(distinct))


def test_without_apertium_the_component_stems_by_snowball():
    nlp = blank(modes_dir=MISSING)
    assert nlp.get_pipe("apertium_morphology").engine("nb") is None
    doc = nlp("Kommunene prioriterer samferdselsprosjektene")
    assert [t.lemma_ for t in doc] == [lexicon.stem(t.lower_) for t in doc]
    assert not any(t._.analysed or t._.compound_parts for t in doc)


def test_without_apertium_the_process_wide_analyser_is_none(nlp_env):
    morphology.engine.cache_clear()
    nlp_env(morphology.SETTING, MISSING)
    try:
        assert morphology.engine("nb") is None
        assert morphology.as_bokmal(["Vi er einige."]) == ["Vi er einige."]
    finally:
        morphology.engine.cache_clear()


def test_without_apertium_evaluate_says_it_ran_on_stems():
    env = {**os.environ, morphology.SETTING: MISSING, "HORING_NLP_ENCODER": "off",
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "nlp", "evaluate", "--gold", "nlp/data/rounds/sogn_gold.jsonl",
         "--focus-areas", "nlp/data/rounds/sogn_focus_areas.json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["method"] == "lexical" and result["accuracy"] > 0.8


@needs_apertium
def test_nynorsk_units_are_read_in_bokmal():
    texts = ["Vi er einige i at tenestene må styrkjast.", "Kommunen støtter forslaget."]
    read = morphology.as_bokmal(texts)
    assert read[1] == texts[1]
    assert "tjenestene" in read[0] and "ikkje" not in read[0]


def test_only_words_are_sent_to_apertium():
    assert morphology.analysable("samferdsel") and morphology.analysable("e-post")
    assert not any(map(morphology.analysable, ["x", "12", "bl.", "steds-", "a/b", "^x$", "ord" * 20]))


@needs_apertium
def test_the_translator_goes_both_ways_and_keeps_marks_and_names():
    to_nynorsk = morphology.Translator(source="nb")
    to_bokmal = morphology.Translator(source="nn")
    assert (to_nynorsk.target, to_bokmal.target) == ("nn", "nb")
    assert to_nynorsk.translate(["Strategien nevner ikke rutene til Rjukan."]) == \
        ["Strategien nemner ikkje rutene til Rjukan."]
    assert to_bokmal.translate(["Kollektivtilbodet må styrkjast."]) == ["Kollektivtilbudet må styrkes."]
    assert to_nynorsk.translate(["", "  "]) == ["", "  "]  # nothing to send


@needs_apertium
def test_nynorsk_is_translated_as_public_bodies_write_it():
    """Found reading a translated response: «Me støttar …», «må framleis liggja», «bør også omfatta»."""
    found = morphology.Translator(source="nb").translate(
        ["Vi støtter at samferdsel står først.", "Det må fortsatt ligge hos hver kommune, og bør også omfatte skolen.",
         "Også dette."])
    assert found == ["Vi støttar at samferdsel står først.",
                     "Det må framleis liggje hos kvar kommune, og bør òg omfatte skulen.", "Òg dette."]
    assert morphology.nynorsk_style("Ogsåvel også") == "Ogsåvel òg"  # whole words only


@needs_apertium
def test_the_translator_sends_each_distinct_text_once():
    translator = morphology.Translator(source="nb")
    first = translator.translate(["Vi trenger bedre veier.", "Vi trenger bedre veier.", "Bussen går ikke."])
    sent = translator.chars_sent
    assert sent == len("Vi trenger bedre veier.") + len("Bussen går ikke.")
    assert translator.translate(["Bussen går ikke."]) == first[2:] and translator.chars_sent == sent


@needs_apertium
def test_the_translator_stops_at_its_limit_at_the_worst_case():
    translator = morphology.Translator(source="nb")
    texts = ["Kommunene må samarbeide bedre om samferdsel. " * 100] * 3  # 4 500 characters each
    texts = [t + str(n) for n, t in enumerate(texts)]
    found = translator.translate(texts, limit=2 * len(texts[0]) + 1)
    assert found[0] and found[1] and found[2] is None
    assert translator.chars_sent == len(texts[0]) + len(texts[1])
    longest = "Kommunene må samarbeide bedre. " * (morphology.MAX_TRANSLATE_CHARS // 31 + 1)
    assert translator.translate([longest]) == [None] and translator.chars_sent == len(texts[0]) + len(texts[1])


def test_without_apertium_there_is_no_translator(nlp_env, tmp_path):
    morphology.translator.cache_clear()
    nlp_env(morphology.SETTING, str(tmp_path))  # a modes directory without the pair's modes
    try:
        assert morphology.translator("nb") is None and morphology.translator("nn") is None
    finally:
        morphology.translator.cache_clear()
    with pytest.raises(ValueError):
        morphology.Translator(source="en")


def _started_for(command: str, text: str) -> str:
    """What the pipeline answers when it is started for this text alone."""
    return subprocess.run(["sh", "-c", command], input=text.encode(), capture_output=True, check=True).stdout.decode()


#: A text after which Apertium's tagger, kept running, read the next one otherwise (its model grew)
CHANGES_THE_TAGGER = "Felles løysingar for sakshandsaming og arkiv vil spare pengar."
READ_OTHERWISE = "Mobilnettet fell ut når straumen går, og det er uheldig for tryggleiken til innbyggjarane."


@needs_apertium
@pytest.mark.parametrize("mode", ["nob-nno", "nno-nob"])
def test_a_kept_analyser_answers_each_text_as_if_started_for_it_alone(mode):
    command = morphology.analyser_command(Path(morphology.DEFAULT_MODES), mode)
    kept = morphology.Pipeline(command)
    try:
        for text in (CHANGES_THE_TAGGER, READ_OTHERWISE, "Felles", READ_OTHERWISE):
            assert kept.run(text) == _started_for(command, text)
        assert kept.starts == 1  # the analyser and grammars were loaded once for all four
    finally:
        kept.close()


@needs_apertium
@pytest.mark.parametrize("mode", sorted(set(morphology.TRANSLATION_MODES.values())))
def test_a_kept_translator_answers_as_the_whole_mode_started_for_each_text(mode):
    command = morphology.translator_command(Path(morphology.DEFAULT_MODES), mode)
    whole = f"apertium-destxt | {command} | apertium-retxt"
    for text in (CHANGES_THE_TAGGER, READ_OTHERWISE, "Dei [seier] ^at$ vegen\n\ner stengd <kvar> vinter."):
        assert morphology.run_translation(command, [text]) == [_started_for(whole, text).strip()]


@needs_apertium
def test_a_kept_pipeline_that_stopped_is_started_again_and_a_null_character_cannot_shift_its_answers():
    command = morphology.analyser_command(Path(morphology.DEFAULT_MODES), "nob-nno")
    kept = morphology.Pipeline(command)
    try:
        assert "vei<n>" in kept.run("vei")
        kept._parts[0]._process.kill()
        kept._parts[0]._process.wait()
        assert "vei<n>" in kept.run("vei") and kept.starts == 2
        # A null character ends a text for the programs: read as a space, it cannot make them
        # answer twice and leave every later text with the answer of the one before.
        assert kept.run("bil\0båt") == _started_for(command, "bil båt")
        assert kept.run("sykkel") == _started_for(command, "sykkel")
    finally:
        kept.close()


@needs_apertium
def test_a_kept_pipeline_reads_a_text_longer_than_its_pipes_hold():
    command = morphology.analyser_command(Path(morphology.DEFAULT_MODES), "nob-nno")
    text = "vinteren .\n" * 7_000  # 77 kB in, 330 kB out: more than either pipe holds (64 kB)
    kept = morphology.Pipeline(command)
    try:
        out = kept.run(text)
        assert out.count("^vinteren/vinter<n>") == 7_000
        assert kept.run("bil") == _started_for(command, "bil")
    finally:
        kept.close()


@needs_apertium
def test_text_with_the_stream_formats_own_characters_is_tagged_whole():
    # A bare "/" made Apertium's disambiguator stop: every text of the call lost its tagging.
    tagged = morphology.engine("nb").tag(["Et areal/naturregnskap [se vedlegg] for <alle> {x} \\ y ^z$ @",
                                          "Vegen er stengd."])
    assert [form for form, _ in tagged[0]][:7] == ["Et", "areal", "/", "naturregnskap", "[", "se", "vedlegg"]
    assert dict(tagged[0])["naturregnskap"].parts == ("natur", "regnskap")
    assert [form for form, _ in tagged[1]][:3] == ["Vegen", "er", "stengd"] and len(tagged) == 2


@needs_apertium
def test_a_kept_pipeline_nobody_asks_is_stopped_and_started_again_when_asked():
    command = morphology.analyser_command(Path(morphology.DEFAULT_MODES), "nob-nno")
    kept = morphology.Pipeline(command)
    try:
        first = kept.run("bil")
        now = time.monotonic()
        assert not kept.close_if_idle(now)  # asked just now: kept (IDLE_SECONDS)
        kept._lock.acquire()  # a request under way is never cut short
        try:
            assert not kept.close_if_idle(now + 3600) and kept.running
        finally:
            kept._lock.release()
        assert kept.close_if_idle(now + morphology.IDLE_SECONDS + 1) and not kept.running
        assert kept.run("bil") == first and kept.starts == 2
    finally:
        kept.close()


@needs_apertium
def test_a_lone_surrogate_in_a_text_is_read_as_a_question_mark_not_an_error():
    tagged = morphology.engine("nb").tag(["Vegen \udcff er stengd.", "Bilen er rask."])
    assert [form for form, _ in tagged[0]][:3] == ["Vegen", "?", "er"] and len(tagged) == 2
    assert morphology.translator("nn").translate(["Vegen \udcff er stengd kvar vinter."])[0].startswith("Veien ? er")
