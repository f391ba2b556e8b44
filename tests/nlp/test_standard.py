"""Which written standard a text is in, and remarks that say nothing: both are never guessed from nothing."""
from nlp.remarks import says_nothing
from nlp.standard import written_standard
from nlp.summary import summarize
from nlp.types import Comment, Theme


def test_written_standard_of_nynorsk_and_bokmal_sentences():
    assert written_standard("Kulturen og dei lokale tradisjonane burde vere nemnde i strategien.") == "nn"
    assert written_standard("Riksveg og fylkesveg gjennom kommunen treng opprusting.") == "nn"
    assert written_standard("Små kommunar treng felles digitale løysingar; vi kan ikkje byggje alt sjølve.") == "nn"
    assert written_standard("Bredbånd og mobildekning i fjellbygdene må med, ikke bare vei og bane.") == "nb"
    assert written_standard("Kva meiner de om satsingsområda? Vi har ikkje fått svar frå fylket.") == "nn"


def test_written_standard_is_none_without_evidence_either_way():
    # Words both standards write ("veg", "også", "derfor") are no evidence
    for text in ("", "Reiselivet er viktig for oss.", "Bedre veg til Kongsberg er det viktigste for Rollag.",
                 "12345", "Ikke ikkje.", "https://www.example.no/sak/2019"):
        assert written_standard(text) is None, text


def test_remarks_without_content_say_nothing():
    for text in ("Vi har ingen flere merknader ut over det som står over.", "Delvis enig.", "Vi er delvis enige.",
                 "Ingen merknad.", "Vi har ikkje fleire merknader.", "Ingen ytterligere kommentarer til dette punktet.",
                 "", "  "):
        assert says_nothing(text), text


def test_remarks_with_a_word_of_their_own_are_content():
    for text in ("Vi har ingen flere merknader, men vegen må bygges.", "Kvalitet må defineres sammen med fagfolkene.",
                 "Reiselivet er viktig for oss.", "Delvis enig: bussen må gå oftere."):
        assert not says_nothing(text), text


def test_summary_never_quotes_a_sentence_that_says_nothing():
    comments = [Comment("a", "Vi har ingen flere merknader ut over det som står over.", "Rollag", "x"),
                Comment("b", "Delvis enig. Kvalitet må defineres sammen med fagfolkene.", "Flesberg", "x"),
                Comment("c", "Ingen merknad.", "Tinn", "x")]
    theme = Theme("x-1", "x", "Kvalitet", ("kvalitet",), ("a", "b", "c"))
    quotes = summarize(theme, comments)
    assert [q.text for q in quotes] == ["Kvalitet må defineres sammen med fagfolkene."]
    only_empty = Theme("x-2", "x", "Merknader", (), ("a", "c"))
    assert summarize(only_empty, comments) == []
