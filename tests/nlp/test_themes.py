from nlp.summary import summarize
from nlp.themes import REST_LABEL, build_themes
from nlp.types import Comment

TEXTS = [
    ("Tinn", "Ferja må gå oftare, og ferjesambandet over fjorden treng nye avgangar."),
    ("Flesberg", "Ferjesambandet må ha fleire avgangar om sommaren."),
    ("Notodden", "Ferja er for dyr for pendlarane, og ferjeprisane må ned."),
    ("Kongsberg", "Vegen over fjellet må rassikrast, rassikring av riksvegen hastar."),
    ("Rollag", "Rassikring av fylkesvegen er viktigast for oss."),
    ("Tinn", "Riksvegen er stengd kvar vinter på grunn av ras, så rassikring må prioriterast."),
    ("Nore og Uvdal", "Bredbånd og fiber manglar i grendene. Mobildekninga er òg dårleg."),
    ("Flesberg", "Fiber til alle husstandar må på plass, og breibandet må byggjast ut."),
    ("Notodden", "https://www.example.no/sak/2019"),
]


def comments(focus_area="samferdsel"):
    return [Comment(f"c{i}", text, who, focus_area) for i, (who, text) in enumerate(TEXTS)]


def test_themes_group_comments_and_label_them_in_their_own_words():
    themes = build_themes(comments())
    labelled = [t for t in themes if t.label != REST_LABEL]
    assert len(labelled) >= 2
    words = " ".join(t.label.lower() for t in labelled)
    assert "ferj" in words and ("rassikring" in words or "fiber" in words)
    ids = [i for t in themes for i in t.comment_ids]
    assert sorted(ids) == sorted(c.id for c in comments())


def test_themes_are_deterministic():
    assert build_themes(comments()) == build_themes(comments())


def test_comment_without_words_goes_to_the_rest_theme():
    rest = [t for t in build_themes(comments()) if t.label == REST_LABEL]
    assert rest and rest[0].comment_ids == ("c8",)


def test_quotes_are_verbatim_and_from_different_consultees_first():
    for theme in build_themes(comments()):
        by_id = {c.id: c for c in comments()}
        for quote in theme.quotes:
            assert by_id[quote.comment_id].text == quote.text
            assert by_id[quote.comment_id].consultee == quote.consultee
        consultees = [q.consultee for q in theme.quotes]
        assert len(set(consultees)) == len(consultees)


def test_themes_per_focus_area_and_unassigned_skipped():
    mixed = comments()[:4] + [Comment("x", "Skulen treng lærarar.", "Tinn", "kompetanse"),
                              Comment("y", "Uten fokusområde.", "Tinn", None)]
    themes = build_themes(mixed)
    assert {t.focus_area for t in themes} == {"samferdsel", "kompetanse"}
    assert all("y" not in t.comment_ids for t in themes)


def test_themes_of_nothing():
    assert build_themes([]) == []


def test_summary_quotes_one_to_three_sentences_verbatim():
    cs = comments()
    theme = build_themes(cs)[0]
    quotes = summarize(theme, cs)
    assert 1 <= len(quotes) <= 3
    by_id = {c.id: c for c in cs}
    for quote in quotes:
        assert quote.text in by_id[quote.comment_id].text
        assert quote.consultee == by_id[quote.comment_id].consultee


def test_summary_splits_long_comments_into_sentences():
    cs = [Comment("a", "Bredbånd manglar. " + "Fiber må byggjast ut i heile regionen. " * 3,
                  "Tinn", "samferdsel")]
    quotes = summarize(build_themes(cs)[0], cs, max_sentences=2)
    assert quotes and all(q.text.count(".") == 1 for q in quotes)


def test_summary_quotes_a_sentence_that_refers_back_with_the_one_before_and_each_comment_once():
    cs = [Comment("a", "Reiselivet får lite plass i strategien. Vi savner et eget avsnitt om det. "
                       "Reiselivet trenger fellesprosjekter.", "Kongsberg", "næring"),
          Comment("b", "Reiselivet i fjellet er viktig for regionen.", "Tinn", "næring")]
    quotes = summarize(build_themes(cs)[0], cs)
    assert len(quotes) <= len(cs) and len({q.comment_id for q in quotes}) == len(quotes)
    assert "Vi savner et eget avsnitt om det." not in [q.text for q in quotes]
    assert all(not q.text.startswith("Vi savner") for q in quotes)


def test_summary_quotes_each_consultee_of_the_theme_before_a_second_sentence_of_any():
    from nlp.types import Theme

    cs = [Comment("a", "Bredbånd til hyttene trengs for hjemmekontor og reiseliv.", "Tinn", "samferdsel"),
          Comment("a2", "Fiber i fjellbygdene må bygges ut.", "Tinn", "samferdsel"),
          Comment("b", "Bredbånd til hyttene.", "Flesberg", "samferdsel")]
    theme = Theme("t", "samferdsel", "Bredbånd", ("bredbånd",), ("a", "a2", "b"))
    quotes = summarize(theme, cs, max_sentences=2)
    assert sorted(q.consultee for q in quotes) == ["Flesberg", "Tinn"]  # Flesberg adds no word, but is heard


def test_key_phrase_prefers_a_recurring_two_word_phrase():
    from nlp.phrases import key_phrase, label_phrases, readable

    texts = ["Fornybar energi må prioriterast.", "Meir fornybar energi til industrien.",
             "Energi er dyrt."]
    assert key_phrase("energi", "energi", texts) == "fornybar energi"
    assert key_phrase("energi", "energi", texts[2:]) == "energi"
    assert not readable("avklarast") and readable("ferja")
    assert label_phrases(["energi", "fornyb"], {"energi": "energi", "fornyb": "fornybar"},
                         texts) == ("fornybar energi",)


def test_identical_comments_make_one_theme_without_warnings(recwarn):
    cs = [Comment(f"c{i}", "Ferja må gå oftare.", f"K{i}", "samferdsel") for i in range(12)]
    themes = build_themes(cs)
    assert len(themes) == 1 and len(themes[0].comment_ids) == 12
    assert not [w for w in recwarn if "n_clusters" in str(w.message)]


def test_the_themes_of_an_analysis_are_tagged_in_one_apertium_call(monkeypatch):
    """Each call starts Apertium afresh (about 0.3 s): the themes' comments go in one call, and
    each theme is labelled from its own comments' tagging."""
    import pytest

    from nlp import labels, morphology

    engine = morphology.engine("nb")
    if engine is None:
        pytest.skip("Apertium is not installed")
    calls = []
    tag = engine.tag
    monkeypatch.setattr(engine, "tag", lambda texts: calls.append(len(texts)) or tag(texts))
    themes = build_themes(comments("samferdsel") + [Comment(f"k{i}", text, who, "kompetanse")
                                                    for i, (who, text) in enumerate(TEXTS)])
    labelled = [t for t in themes if t.label != REST_LABEL]
    assert len(calls) == 1 and len({t.focus_area for t in labelled}) == 2
    assert {t.label for t in labelled if t.focus_area == "samferdsel"} == {t.label for t in labelled if t.focus_area == "kompetanse"}
    # Batches are cut at BATCH_CHARS, and every theme still gets its own tagging back
    calls.clear()
    monkeypatch.setattr(labels, "BATCH_CHARS", 200)
    assert [t.label for t in build_themes(comments())] == [t.label for t in themes if t.focus_area == "samferdsel"]
    assert len(calls) > 1
