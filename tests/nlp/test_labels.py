"""Theme labels: noun phrases in the comments' own words, built from Apertium's parts of speech."""

import pytest

from nlp import labels, lexicon, morphology
from nlp.themes import REST_LABEL, build_themes
from nlp.types import Comment

pytestmark = pytest.mark.skipif(morphology.engine("nb") is None, reason="Apertium is not installed")


def key(*words: str, lang: str = "nb") -> list[str]:
    return [lexicon.terms_of_word(w, lang)[0] for w in words]


def test_a_noun_grows_into_the_phrase_the_comments_use_around_it():
    texts = ["Rekruttering av fagfolk er den største utfordringen for kommunene.",
             "Vi sliter med rekruttering av fagfolk til helsetjenestene.",
             "Kommunen trenger hjelp til rekruttering av fagfolk og lærlinger.",
             "Fagfolk flytter til byene."]
    label, phrases = labels.noun_phrase_label(key("fagfolk", "rekruttering"), texts)
    assert label.startswith("Rekruttering av fagfolk")
    assert phrases[0] == "rekruttering av fagfolk"


def test_two_topics_are_joined_by_og_and_a_genitive_stays_with_its_noun():
    texts = ["Regionrådets rolle må avklares når de nye fylkene kommer.",
             "Vi spør hva regionrådets rolle blir i nye fylker.",
             "Regionrådets rolle er uklar.",
             "Nye fylker gir nye grenser.",
             "De nye fylkene endrer samarbeidet."]
    label, phrases = labels.noun_phrase_label(key("rolle", "fylke"), texts)
    assert label == "Regionrådets rolle og nye fylker"
    assert phrases == ("regionrådets rolle", "nye fylker")


def test_a_word_read_as_a_verb_in_its_sentence_is_not_a_noun():
    # Out of context "slutter" can be the plural of "slutt"; in this sentence it is a verb.
    texts = ["Elever som slutter trenger oppfølging.", "Mange elever slutter før tiden."]
    label, _ = labels.noun_phrase_label(key("elev", "slutt"), texts)
    assert "slutter" not in label.lower()


def test_a_word_is_not_shown_twice_in_its_bokmal_and_nynorsk_forms():
    texts = ["Skulen treng fleire lærarar.", "Skolen trenger flere lærere.",
             "Skulen må ha nok lærarar.", "Vi må rekruttere lærarar til skulen."]
    label, phrases = labels.noun_phrase_label(key("skole", "lærer", lang="nn"), texts, "nn")
    shown = label.lower().split()
    assert not ({"skulen", "skolen"} <= set(shown))
    assert not ({"lærarar", "lærere"} <= set(shown))
    assert len(phrases) <= 2


def test_adjectives_that_only_say_how_much_are_left_out():
    texts = ["Det trengs mange ladepunkter langs veien.", "Flere ladepunkter på hyttefeltene.",
             "Mange ladepunkter mangler."]
    label, _ = labels.noun_phrase_label(key("ladepunkt"), texts)
    assert label == "Ladepunkter"


def test_theme_labels_of_a_round_are_phrases_not_keyword_lists():
    texts = ["Bredbånd og mobildekning må bygges ut i hele regionen.",
             "Mange bygder mangler bredbånd og mobildekning.",
             "Dårlig mobildekning hindrer hjemmekontor.",
             "Bredbånd er like viktig som vei.",
             "Rekruttering av sykepleiere er vanskelig.",
             "Kommunen trenger rekruttering av sykepleiere og leger.",
             "Sykepleiere slutter etter kort tid.",
             "Rekruttering av sykepleiere må prioriteres."]
    comments = [Comment(f"c{i}", t, f"k{i}", "fa") for i, t in enumerate(texts)]
    found = [t.label for t in build_themes(comments) if t.label != REST_LABEL]
    assert found and all(", " not in label for label in found)
    joined = " | ".join(found).lower()
    assert "bredbånd og mobildekning" in joined
    assert "rekruttering av sykepleiere" in joined


def test_without_apertium_there_is_no_phrase_label(nlp_env):
    morphology.engine.cache_clear()
    nlp_env(morphology.SETTING, "/nonexistent/modes")
    try:
        assert labels.noun_phrase_label(["fagfolk"], ["Rekruttering av fagfolk."]) is None
        # Themes still get their key-word labels.
        comments = [Comment("a", "Rekruttering av fagfolk er vanskelig.", "k", "fa")]
        assert build_themes(comments)[0].label
    finally:
        morphology.engine.cache_clear()


def test_only_the_sentences_with_a_key_term_are_tagged_and_the_label_is_the_same():
    texts = ["Vi takker for invitasjonen. Rekruttering av fagfolk er den største utfordringen. Ellers er planen god.",
             "Planen er grundig og godt skrevet. Vi sliter med rekruttering av fagfolk til helsetjenestene.",
             "Kommunen trenger hjelp til rekruttering av fagfolk og lærlinger.",
             "Vi har ingen flere merknader."]
    keys = key("fagfolk", "rekruttering")
    assert labels.bearing(texts[0], keys) == "Rekruttering av fagfolk er den største utfordringen."
    assert labels.bearing(texts[3], keys) == "" and labels.bearing(texts[3], None) == texts[3]
    whole, cut = labels.tag_samples([texts]), labels.tag_samples([texts], key_terms=[keys])
    sent = {form for words in cut[0] for form, _ in words}
    assert "fagfolk" in sent and not sent & {"invitasjonen", "grundig", "merknader"}
    assert labels.noun_phrase_label(keys, texts, tagged=cut[0]) == labels.noun_phrase_label(keys, texts, tagged=whole[0])


def test_a_slash_in_one_themes_comments_leaves_every_theme_its_tagging():
    # All themes of an analysis are tagged in one call: a bare "/" once stopped Apertium's
    # disambiguator, and every theme of the round fell back to a list of key words.
    themes = [["Vi trenger et areal/naturregnskap i planen.", "Naturregnskap må brukes."],
              ["Rekruttering av fagfolk er krevende.", "Vi sliter med rekruttering av fagfolk."]]
    tagged = labels.tag_samples(themes)
    assert all(t is not None for t in tagged)
    label, _ = labels.noun_phrase_label(key("fagfolk", "rekruttering"), themes[1], tagged=tagged[1])
    assert label.startswith("Rekruttering av fagfolk")


def test_a_phrase_ending_in_a_noun_of_no_topic_is_no_label():
    texts = ["Arealplanen bør på en god måte sikre jordvernet.", "Jordvernet må sikres på en bedre måte.",
             "Se kartet på side 12: jordvernet er svakt.", "Jordvernet i stor grad er viktig på side 4."]
    label, phrases = labels.noun_phrase_label(key("måte", "jordvernet", "side"), texts)
    assert label == "Jordvernet" and phrases == ("jordvernet",)


def test_a_genitive_is_never_a_label_without_its_noun():
    # "på kulturpolitikkens vegne" is no phrase ("vegne" names no topic), and the genitive alone is none either
    texts = ["Planen mangler helhet.", "Helhet er viktig, sier vi på kulturpolitikkens vegne.",
             "Vi ber om helhet, og vi taler på kulturpolitikkens vegne.", "Helhet må til."]
    label, phrases = labels.noun_phrase_label(key("helhet", "kulturpolitikk"), texts)
    assert phrases == ("helhet",), label


def test_the_second_phrase_is_never_the_same_word_as_a_part_of_the_first():
    texts = ["Fylkeskommunen må ta ansvar for vegene.", "Fylkeskommunen bør samarbeide med hvert fylke.",
             "Fylkeskommunen og ethvert fylke har ansvar.", "Et fylke kan ikke gjøre alt alene, sier fylkeskommunen."]
    label, phrases = labels.noun_phrase_label(key("fylkeskommunen", "fylke"), texts)
    assert phrases[0] == "fylkeskommunen" and len(phrases) == 1, label


def test_what_a_statement_does_is_never_the_second_phrase_of_a_label():
    texts = ["Vi har en bekymring for jordvernet.", "Jordvernet må styrkes, og vi har en bekymring.",
             "Vår bekymring gjelder jordvernet.", "Jordvernet er svakt, er vår bekymring."]
    label, phrases = labels.noun_phrase_label(key("jordvernet", "bekymring"), texts)
    assert phrases == ("jordvernet",), label
    # A theme about the procedure itself keeps it as its first phrase
    procedure = ["Vi sender en bekymring.", "Bekymringen gjelder fristen.", "Vår bekymring er stor."]
    assert labels.noun_phrase_label(key("bekymring"), procedure)[0].lower().startswith(("bekymring", "vår bekymring"))


def test_who_speaks_is_never_the_second_phrase_and_the_first_only_when_nothing_else_is_said():
    texts = ["Fylkesmannen meiner at måla i planen er for vage.", "Fylkesmannen ber om klarare mål for jordvern.",
             "Måla må følgjast opp i handlingsprogrammet, skriv fylkesmannen.",
             "Fylkesmannen saknar eit handlingsprogram med mål som kan målast."]
    label, phrases = labels.noun_phrase_label(key("fylkesmannen", "mål", "handlingsprogrammet", lang="nn"), texts, "nn")
    assert "fylkesmann" not in label.lower() and phrases[0] in ("mål", "måla"), label
    # a body or an office inside a longer phrase is a topic ("regionrådets rolle"), and alone it is a
    # label only where the comments say nothing else
    texts = ["Samarbeidsrådet må få en tydelig rolle.", "Vi ønsker at samarbeidsrådet fortsetter.",
             "Samarbeidsrådet har betydd mye for kommunene."]
    label, phrases = labels.noun_phrase_label(key("samarbeidsrådet", "regionrådets"), texts)
    assert phrases == ("samarbeidsrådet",) or "rolle" in label, label


def test_comments_whose_key_words_are_no_nouns_still_get_a_noun_phrase():
    # "møter" read as a verb and the body's name left out: the comment's own noun phrase remains
    texts = ["Det har vore eit arbeid som har føregått over fleire år, og Rogaland Bondelag har delteke i møter."]
    found = labels.noun_phrase_label(key("delteke", "føregått", "bondelaget", lang="nn"), texts, "nn")
    assert found is not None and "," not in found[0], found


def test_the_second_phrase_is_not_lost_when_its_longer_form_holds_the_first():
    # "velferdsteknologi" is used only inside "felles løsninger for velferdsteknologi": grown into that
    # form it repeated "løsninger", and the label had no second phrase at all
    texts = ["Digitaliseringsprosjektet har gitt gode resultater.",
             "Små kommunar treng felles digitale løysingar; vi kan ikkje byggje alt sjølve.",
             "Felles løsninger for velferdsteknologi bør komme først."]
    label, phrases = labels.noun_phrase_label(key("løsninger", "velferdsteknologi", "digitaliseringsprosjektet"), texts)
    assert phrases == ("løsninger", "velferdsteknologi"), label


def test_a_phrase_is_shown_in_the_rounds_own_standard_where_a_comment_wrote_it_so():
    texts = ["Kollektivtilbodet til Notodden må styrkjast.", "Kollektivtilbodet i fjellbygdene er for dårleg.",
             "Kollektivtilbudet over fylkesgrensen må bli bedre."]
    bokmal, _ = labels.noun_phrase_label(key("kollektivtilbud"), texts, "nb")
    nynorsk, _ = labels.noun_phrase_label(key("kollektivtilbud", lang="nn"), texts, "nn")
    assert bokmal.lower().startswith("kollektivtilbudet") and "kollektivtilbodet" not in bokmal.lower()
    assert nynorsk.lower().startswith("kollektivtilbodet") and "kollektivtilbudet" not in nynorsk.lower()


def test_a_label_names_a_thing_indefinitely_where_a_comment_wrote_it_so():
    # as a heading does, also where the definite form is written more often
    texts = ["Reiselivet trenger flere overnattingsplasser.", "Vi vil styrke reiselivet i fjellbygdene.",
             "Reiselivet er viktig for arbeidsplassene.", "Et levende reiseliv gir arbeidsplasser."]
    label, phrases = labels.noun_phrase_label(key("reiseliv"), texts)
    assert phrases[0] == "reiseliv" and "reiselivet" not in label.lower(), label
    # one written only as definite in the theme takes the indefinite form another comment of the round wrote
    texts = texts[:3]
    label, phrases = labels.noun_phrase_label(key("reiseliv"), texts)
    assert phrases[0] == "reiselivet", label
    label, phrases = labels.noun_phrase_label(key("reiseliv"), texts, written={"reiseliv", "arbeidsplass"})
    assert phrases[0] == "reiseliv", label
    # a form no comment wrote is not made up from Apertium's lemma
    texts = ["Høringslisten mangler flere lag.", "Vi ble ikke satt på høringslisten.", "Høringslisten må utvides."]
    _, phrases = labels.noun_phrase_label(key("høringsliste", "høringslist"), texts, written={"høringslisten"})
    assert "høringslist" not in phrases, phrases
