import pytest

from nlp import assign
from nlp.types import OTHER, Example, FocusArea


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bussen og ferja går for sjeldan, og vegen er stengd kvar vinter.", "samferdsel"),
        ("Vi trenger flere lærlingplasser og et desentralisert studietilbud.", "kompetanse"),
        ("Reiselivet og landbruket gir arbeidsplassar i bygdene.", "naering"),
        ("Me treng fleire bustader og eit levande sentrum for å få folk til å flytte hit.",
         "stedsutvikling"),
        ("Felles innkjøp og IKT-løysingar for heimetenesta sparer pengar.", "tjenester"),
        ("Klimagassutsleppa må ned, og naturmangfaldet må takast vare på.", "klima"),
        ("Regionrådet må forankre strategien politisk i kommunestyra.", "samarbeid"),
        ("Samferdselsprosjekter bør samordnes.", "samferdsel"),
    ],
)
def test_zero_shot_assigns_bokmal_and_nynorsk(focus_areas, text, expected):
    assert assign.assign([text], focus_areas)[0].label == expected


def test_nothing_to_go_on_is_other(focus_areas):
    texts = ["", "12 345 2019-2030", "https://www.example.no/sak/12", "Takk for invitasjonen."]
    assert [a.label for a in assign.assign(texts, focus_areas)] == [OTHER] * 4


def test_mixed_languages_still_assign(focus_areas):
    text = "We need better broadband; breibandet i bygdene er for dårleg og fiber manglar."
    assert assign.assign([text], focus_areas)[0].label == "samferdsel"


def test_assignment_scores_are_sorted_and_cover_every_focus_area(focus_areas):
    result = assign.assign(["Vegen og ferja må prioriterast."], focus_areas)[0]
    values = [s for _, s in result.scores]
    assert values == sorted(values, reverse=True)
    assert {k for k, _ in result.scores} == {fa.key for fa in focus_areas} | {OTHER}
    assert result.labels[0] == result.label and result.score == values[0]


def test_100000_character_answer_is_assigned(focus_areas):
    text = ("Vi treng betre kollektivtilbod og tryggare vegar. " * 2100)[:100_000]
    assert assign.assign([text], focus_areas)[0].label == "samferdsel"


def test_confirmed_examples_teach_new_vocabulary(focus_areas):
    text = "Snøskuterløypene må merkast betre."
    before = assign.assign([text], focus_areas)[0]
    examples = [Example("Snøskuterløypene bør merkast og preparerast.", "naering"),
                Example("Fleire snøskuterløyper vil styrkje vinterturismen.", "naering")]
    after = assign.assign([text], focus_areas, examples)[0]
    assert before.label != "naering" and after.label == "naering"


def test_far_examples_do_not_move_a_clear_comment(focus_areas):
    """A confirmed example nudges the round's scores (the head's bias); a comment clearly
    about something else keeps its place."""
    text = "Bussen og ferja går for sjeldan."
    examples = [Example("Kulturhuset treng nytt tak.", "klima")]
    assert [a.labels for a in assign.assign([text], focus_areas, examples)] == \
        [a.labels for a in assign.assign([text], focus_areas)] == [("samferdsel",)]


def test_empty_or_clashing_focus_areas_are_rejected(focus_areas):
    with pytest.raises(ValueError):
        assign.build_model([])
    with pytest.raises(ValueError):
        assign.build_model([*focus_areas, focus_areas[0]])
    with pytest.raises(ValueError):
        assign.build_model([FocusArea(OTHER, "Anna")])


def test_focus_areas_of_another_round(focus_areas):
    areas = [FocusArea("oppvekst", "Trygt oppvekstmiljø", "Barnehage, skole, fritid for barn og unge."),
             FocusArea("eldre", "Framtidens eldreomsorg", "Hjemmetjenester, sykehjem, velferdsteknologi.")]
    texts = ["Ungdomane treng ein fritidsklubb.", "Heimesjukepleia må få meir tid til kvar brukar."]
    assert [a.label for a in assign.assign(texts, areas)] == ["oppvekst", "eldre"]


def test_heldout_accuracy_stays_above_floor(focus_areas, labelled):
    rows = [r for r in labelled if r["split"] == "heldout"]
    predicted = assign.assign([r["text"] for r in rows], focus_areas)
    hits = [a.label in r["labels"] for r, a in zip(rows, predicted, strict=True)]
    for lang in ("nb", "nn"):
        part = [h for h, r in zip(hits, rows, strict=True) if r["lang"] == lang]
        assert sum(part) / len(part) >= 0.75, lang


CLIMATE_AREAS = [
    FocusArea("energi", "Energi og energiomstilling", "Fornybar kraft og energieffektivisering i bygg."),
    FocusArea("natur", "Natur og arealbruk", "Naturmangfold, myr og skog."),
    FocusArea("tilpasning", "Klimatilpasning", "Flom, skred og overvann i et endret klima."),
]


def test_focus_area_keeps_the_words_of_its_own_text():
    model = assign.build_model(CLIMATE_AREAS)
    flood = model.vocab["flom"]
    weights = model.profiles[:, flood].toarray().ravel()
    assert weights[model.keys.index("tilpasning")] > 0
    assert weights[model.keys.index("natur")] == 0


def test_concept_words_follow_the_focus_area_they_fit_when_all_share_a_group():
    # Every focus area here shares the climate group; "skogvern" is nature, not energy.
    texts = ["Skogvernet må styrkjast.", "Overvannet må håndteres lokalt."]
    assert [a.label for a in assign.assign(texts, CLIMATE_AREAS)] == ["natur", "tilpasning"]


def test_inner_terms_find_profile_words_inside_unknown_compounds():
    vocab = frozenset({"sykkel", "ordning", "lader", "rus", "sykkelvei"})
    assert assign.inner_terms("bysykkelordning", vocab) == ("ordning", "sykkel")
    assert assign.inner_terms("hurtiglader", vocab) == ("lader",)
    # Short terms only count as a word's head, and a part inside a longer found part is dropped.
    assert assign.inner_terms("krusning", vocab) == ()
    assert assign.inner_terms("gangsykkelvei", vocab) == ("sykkelvei",)
    assert assign.inner_terms("sykkel", vocab) == ()
    assert assign.inner_terms("sykkel" * 20_000, vocab) == ()  # no quadratic search of garbage


def test_a_focus_area_word_inside_a_compound_counts():
    areas = [FocusArea("mobilitet", "Klimavennlig mobilitet", "Gange, sykkel og kollektiv."),
             FocusArea("natur", "Natur og arealbruk", "Naturmangfold, myr og skog.")]
    found = assign.assign(["Bysykkelordningen er en suksess."], areas)[0]
    assert found.label == "mobilitet" and found.score > 0


def test_names_in_the_focus_areas_texts_are_no_topic():
    # Own writing: a municipality named in one focus area's description only.
    focus_areas = [
        FocusArea("bolig", "Boligutvikling", "Nye boliger i sentrum av Lundvik og gode bomiljø."),
        FocusArea("natur", "Natur og friluftsliv", "Turstier, skog og vern av naturmangfold."),
    ]
    assert assign.names_in([fa.description for fa in focus_areas]) == {"Lundvik"}
    assert assign.names_in(["Vi viser til satsingene Grønn, Trygg, Kompakt i planen."]) == set()
    found = assign.assign(["Lundvik kommune bør verne den eldre skogen og turstiene."], focus_areas)
    assert found[0].label == "natur"
    model = assign.build_model(focus_areas)
    assert not any(t.startswith("lundvik") for t in model.vocab)
