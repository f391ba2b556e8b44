import pytest

from nlp import lexicon, morphology, pipeline


def terms(text: str) -> set[str]:
    return set(pipeline.terms([text])[0])


def test_pipeline_has_sentences_lemmas_and_terms(nb):
    with_apertium = morphology.engine("nb") is not None
    assert nb.pipe_names[:2] == ["sentencizer", "apertium_morphology" if with_apertium else "norwegian_stems"]
    doc = nb("Kommunane støttar satsinga. Vegane må prioriterast!")
    assert [s.text for s in doc.sents] == ["Kommunane støttar satsinga.", "Vegane må prioriterast!"]
    assert doc[0].lemma_ == ("kommune" if with_apertium else lexicon.stem("kommunene"))


def test_load_is_built_once_per_process():
    assert pipeline.load("nb") is pipeline.load("nb")


def test_build_rejects_unknown_language():
    with pytest.raises(ValueError):
        pipeline.build("sv")


def test_build_falls_back_when_trained_model_is_missing():
    nlp = pipeline.build("nb", model="nb_core_news_does_not_exist")
    assert "horing_terms" in nlp.pipe_names


def test_nynorsk_stop_words_are_removed():
    found = terms("Korleis kva ikkje eit ein dei frå berre")
    assert found == set()


def test_nynorsk_and_bokmal_meet():
    assert terms("tenestene") & terms("tjenestene")
    assert terms("skulane") & terms("skolene")
    assert terms("vegen") & terms("veien")


def test_compound_meets_its_parts():
    assert "samferdsel" in terms("samferdselsprosjekter")
    assert terms("områdeutvikling") & terms("steds- og områdeutvikling") >= {"områdeutvikling"}
    assert "sted" in terms("steds- og områdeutvikling")


def test_urls_numbers_and_punctuation_give_no_terms():
    assert terms("https://www.example.no/sak?id=12 post@kommune.no 2019–2030 12,5 % !!!") == set()


def test_names_are_marked_and_left_out_of_terms():
    doc = pipeline.read("Tinn kommune meiner Kongsbergregionen treng betre vegar.", "nn",
                        names=["Tinn kommune", "Kongsbergregionen"])
    assert [e.text for e in doc.ents] == ["Tinn kommune", "Kongsbergregionen"]
    assert "tinn" not in doc._.terms and "vei" in doc._.terms


def test_names_of_one_call_do_not_reach_the_next():
    text = "Rjukan og Notodden treng betre vegar."
    first = set(pipeline.terms([text], "nn", names=["Rjukan"])[0])
    second = set(pipeline.terms([text], "nn", names=["Notodden"])[0])
    plain = set(pipeline.terms([text], "nn")[0])
    only_first, only_second = plain - first, plain - second
    assert only_first and only_second and only_first.isdisjoint(only_second)
    # A name of the first call is a word again in the second, and no name is left after both
    assert only_first <= second and only_second <= first and "vei" in first & second
    assert not pipeline.read(text, "nn").ents


def test_bokmal_and_nynorsk_share_one_pipeline_and_differ_per_call():
    assert pipeline.load("nb") is pipeline.load("nn")
    # The language goes with the call: each standard's terms are kept apart
    assert pipeline.component_cfg("nn")["apertium_morphology"] == {"lang": "nn"}
    with pytest.raises(ValueError):
        pipeline.load("sv")
    with pytest.raises(ValueError):
        pipeline.terms(["Vegen"], "sv")


def test_pipe_handles_empty_and_long_text(nb):
    docs = list(nb.pipe(["", "ord " * 25_000]))
    assert docs[0]._.terms == ()
    assert docs[1]._.terms.count("ord") == 25_000


def test_a_run_on_token_of_100000_letters_is_not_split_into_compound_parts():
    found = terms("x" + "sykkel" * 16_666)
    assert len(found) == 1 and "sykkel" not in found


@pytest.mark.parametrize("run", ["a" * 20_000, "😀" * 20_000, "-" * 20_000, "https://example.no/" + "x" * 20_000])
def test_a_run_of_20000_characters_without_a_space_is_cut_before_spacy(run):
    import time

    started = time.process_time()
    found = pipeline.terms([f"Samferdsel {run} skole"])[0]
    assert time.process_time() - started < 0.5  # spaCy's affix loop is quadratic: 5,000 emoji took 4 s
    assert "samferdsel" in found and any(term.startswith("skol") for term in found)  # lemma or stem
    assert pipeline._bounded(run) == run[: pipeline.MAX_RUN_CHARS]
