"""Finding withheld passages in derived text: by sentence and fragment, whatever the spacing or case."""
from __future__ import annotations

import re

import pytest

from app.reports.data import CommentRow, Quote, ThemeReport
from app.withheld import Passage, Withheld, contains, leaks, redact
from nlp.lexicon import stop_words

PASSAGE = ("Naboen min Kari Hansen har diagnosen ALS og trenger hjelp hver natt. "
           "Hun bor i Storgata 5 på Rjukan.\nSønnen hennes har sluttet på skolen.")
REASON = "Personopplysninger, offentleglova § 13"


@pytest.fixture
def withheld():
    return Withheld([Passage(PASSAGE, REASON)])


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def windows(text: str, size: int) -> set[str]:
    """Every `size` words in a row that say something (not only stop words such as "og trenger hjelp hver")."""
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)
            if not set(words[i:i + size]) <= stop_words()}


def assert_nothing_of_the_passage_in(text: str) -> None:
    """An independent check: no sentence and no four words in a row of the passage remain."""
    folded = " ".join(re.findall(r"\w+", text.casefold()))
    for sentence in sentences(PASSAGE):
        assert " ".join(re.findall(r"\w+", sentence.casefold())) not in folded
    assert not windows(PASSAGE, 4) & windows(text, 4), text


def test_each_sentence_quoted_alone_is_withheld_whole(withheld):
    for sentence in sentences(PASSAGE):
        assert withheld.text(sentence).startswith("[Unntatt offentlighet: Personopplysninger")
        assert_nothing_of_the_passage_in(withheld.text(sentence))


def test_the_passage_inside_other_text_is_marked_and_the_rest_kept(withheld):
    text = f"Vegen er farlig om vinteren. {PASSAGE} Derfor trengs gang- og sykkelveg."
    public = withheld.text(text)
    assert public.startswith("Vegen er farlig om vinteren. [Unntatt offentlighet:")
    assert public.endswith("Derfor trengs gang- og sykkelveg.")
    assert_nothing_of_the_passage_in(public)


def test_spacing_case_and_line_breaks_do_not_hide_the_passage(withheld):
    for variant in (PASSAGE.upper(), " ".join(PASSAGE.split()), PASSAGE.replace(" ", "\n"),
                    PASSAGE.replace(". ", ".\n\n"), PASSAGE.replace("ALS", "ALS,")):
        assert_nothing_of_the_passage_in(withheld.text(f"Innledning. {variant} Avslutning."))


def test_every_fragment_of_the_passage_is_caught(withheld):
    """Any three words in a row with two that carry meaning, and any short piece standing alone."""
    words = re.findall(r"\w+", PASSAGE)
    for size in (3, 4, 6, 9):
        for i in range(len(words) - size + 1):
            fragment = " ".join(words[i:i + size])
            public = withheld.text(f"Vi mener at {fragment}, og det må følges opp.")
            assert withheld.overlaps(public) == [], fragment
            if size >= 4:
                assert_nothing_of_the_passage_in(public)
    assert withheld.text("Hun bor i Storgata") == f"[Unntatt offentlighet: {REASON}]"
    assert withheld.text("Kari Hansen.") == f"[Unntatt offentlighet: {REASON}]."


def test_ordinary_text_is_left_alone(withheld):
    text = "Vi støtter satsingen på samferdsel. Det er viktig at kommunen har en plan for skolen."
    assert withheld.text(text) == text
    assert withheld.overlaps(text) == []


def test_a_short_passage_such_as_a_name_is_found_wherever_it_stands():
    withheld = Withheld([Passage("Kari Hansen", "Personvern")])
    assert withheld.text("Vi har snakket med kari  hansen om saken.") == "Vi har snakket med [Unntatt offentlighet: Personvern] om saken."
    assert withheld.text("Karianne Hansen-Berg") == "Karianne Hansen-Berg"


def test_theme_labels_lose_the_phrases_built_from_withheld_words(withheld):
    assert withheld.label("Diagnose, trafikksikkerhet, natt", "Tema") == "Trafikksikkerhet"
    assert withheld.label("Storgata, Rjukan", "Tema") == "Tema"
    assert withheld.label("Kollektivtransport, ferje", "Tema") == "Kollektivtransport, ferje"
    assert withheld.label("Trafikksikkerhet i sentrum og diagnosen", "Tema") == "Trafikksikkerhet i sentrum"
    assert withheld.label("Bredbånd og mobildekning", "Tema") == "Bredbånd og mobildekning"
    assert withheld.label_overlaps("Skolen og sønnen") and not withheld.label_overlaps("Ferje")
    assert withheld.label("", "Tema (navnet er unntatt offentlighet)") == ""  # a comment in no theme


def test_redact_walks_every_text_of_the_structure_and_leaks_finds_what_remains(withheld):
    themes = (ThemeReport(label="Diagnosen, natt", consultees=("Tinn kommune",),
                          quotes=(Quote("Tinn kommune", sentences(PASSAGE)[1]),), assessment=None,
                          assessment_text="Vi noterer at Kari Hansen har diagnosen ALS."),)
    rows = [CommentRow("Tinn kommune", "Spørsmål", "Helse", "Diagnosen", "Nøytral", PASSAGE, "")]
    assert leaks((themes, rows), withheld)
    public_themes, public_rows = redact((themes, rows), withheld, "Tema uten navn")
    assert public_themes[0].label == "Tema uten navn" and public_rows[0].theme == "Tema uten navn"
    assert leaks((public_themes, public_rows), withheld) == []
    for text in (public_themes[0].quotes[0].text, public_themes[0].assessment_text, public_rows[0].text):
        assert_nothing_of_the_passage_in(text)


def test_a_mark_is_not_read_as_a_leak_whatever_it_says():
    withheld = Withheld([Passage("Kari Hansen har diagnosen ALS", "Helseopplysninger om Kari Hansen")])
    public = withheld.text("Kari Hansen har diagnosen ALS.")
    assert leaks(public, withheld) == []


def test_contains_ignores_case_spacing_and_punctuation():
    assert contains("Vegen er farlig.\nNaboen min,  Kari Hansen har ALS.", "naboen min kari hansen")
    assert not contains("Vegen er farlig.", "Naboen min")


def words_at_the_cap(app):
    """Prepare: passages at the round's cap, each word distinct, and a public text at the field cap
    that holds every run of them; measure indexing the passages and marking the text and a label."""
    from app.publication.redaction import MAX_PASSAGE, MAX_PASSAGES, MAX_WITHHELD

    vocabulary = [f"o{n}" for n in range(MAX_WITHHELD // 4)]  # short distinct words: the most runs a character
    joined, size = " ".join(vocabulary), min(MAX_WITHHELD // MAX_PASSAGES, MAX_PASSAGE)
    passages = [Passage(joined[n * size:(n + 1) * size], "Grunn") for n in range(MAX_PASSAGES)]
    text = joined[:20_000]
    Withheld([Passage("Kari Hansen", "Grunn")]).label("Hansen", "Tema")  # the stop words and stemmer, loaded once a process

    def call():
        withheld = Withheld(passages)
        marked = withheld.text(text)
        return {"characters": sum(len(p.text) for p in passages), "marks": marked.count("[Unntatt"),
                "left": len(withheld.overlaps(marked)), "label": withheld.label(", ".join(vocabulary[:50]), "Tema")}
    return call


@pytest.mark.bounds
def test_worst_case_passages_at_the_cap_against_a_text_at_the_cap():
    """The index and the marking are linear in the words: within 2 s and 200 MB in a fresh interpreter."""
    from tests.app.worst_case import measure

    measured = measure("tests.app.test_withheld:words_at_the_cap")
    assert measured.result["characters"] == 100_000 and measured.result["marks"] >= 1
    assert measured.result["left"] == 0 and measured.result["label"] == "Tema"
    assert measured.within_bounds(), measured


def test_a_repeated_word_is_marked_once_whatever_its_length():
    withheld = Withheld([Passage("hus " * 5000, "Grunn")] * 3)
    assert withheld.text("hus " * 5000).count("[Unntatt") == 1


def test_a_label_in_words_the_public_reads_anyway_is_kept():
    passage = [Passage("Merknad skrevet rett før fristen om Kari Hansen.", "Personvern")]
    question = "Andre merknader til utkastet"
    # Alone, the withheld «merknad» takes the theme named after the question with it
    assert Withheld(passage).label(question, "Tema") == "Tema"
    # The round's questions and focus areas are public: their words give nothing away
    withheld = Withheld(passage, public=[question, "Samferdsel"])
    assert withheld.label(question, "Tema") == question and not withheld.label_overlaps(question)
    assert withheld.label("Merknader og Kari Hansen", "Tema") == "Merknader"
    # ... and the withheld text itself is still marked wherever it stands
    assert "Kari Hansen" not in withheld.text("Hun skrev: Merknad skrevet rett før fristen om Kari Hansen.")
    # A public text that repeats the withheld words gives none of them away (its run is marked there)
    leaked = Withheld(passage, public=["Bakgrunn: Merknad skrevet rett før fristen om Kari Hansen."])
    assert leaked.label("Hansen, vinterveg", "Tema") == "Vinterveg"


def test_a_label_loses_a_compound_of_withheld_words_and_a_part_of_a_withheld_compound():
    """Found in a public round: «Møtetider» stayed the name of a theme whose comment said «Møtene … tider»."""
    withheld = Withheld([Passage("Møtene i regionrådet bør legges til tider som passer for folk i jobb.", "Grunn")])
    assert withheld.label("Møtetider, veg", "Tema") == "Veg"
    assert withheld.label("Regionråd og bredbånd", "Tema") == "Bredbånd"
    compound = Withheld([Passage("Vi vil ha nye møtetider i rådet.", "Grunn")])
    assert compound.label("Tider og ferje", "Tema") == "Ferje"
    # Two compounds that only share a part are different words
    safety = Withheld([Passage("Samfunnssikkerhet må få et eget avsnitt.", "Grunn")])
    assert safety.label("Samfunnsutvikling", "Tema") == "Samfunnsutvikling"
