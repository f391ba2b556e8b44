import pytest

from nlp.segment import MAX_UNIT_CHARS, segment, sentences, split_mixed

RESPONSE = """Kommunen er i hovudsak einig i utkastet.

Vi har desse merknadane:
- Vegen over fjellet må prioriterast.
- Fleire lærlingplassar, bl.a. i helse.
2) Klima bør bli eit eige satsingsområde.

Samferdsel er viktig. Skulen treng fleire lærarar."""


def test_segment_offsets_point_back_to_the_source():
    units = segment(RESPONSE)
    assert units
    for unit in units:
        assert RESPONSE[unit.start : unit.end] == unit.text


def test_segment_finds_paragraphs_and_list_items():
    units = segment(RESPONSE)
    assert [u.kind for u in units] == ["paragraph", "paragraph", "item", "item", "item",
                                       "paragraph"]
    assert units[3].text == "Fleire lærlingplassar, bl.a. i helse."


def test_sentences_keep_abbreviations_together():
    text = "Dette gjeld bl.a. vegar. Og f.eks. ferjer! Ny setning? Ja."
    assert [u.text for u in sentences(text)] == [
        "Dette gjeld bl.a. vegar.", "Og f.eks. ferjer!", "Ny setning?", "Ja."]


def test_segment_empty_and_blank_text():
    assert segment("") == []
    assert segment("   \n\n\t ") == []


def test_segment_numbers_and_urls_stay_units():
    units = segment("123 456\n\nhttps://www.example.no/a?b=1")
    assert [u.text for u in units] == ["123 456", "https://www.example.no/a?b=1"]


def test_segment_cuts_a_100000_character_answer_into_sentences():
    text = ("Regionen bør satse meir på vegar og ferjer. " * 2300)[:100_000]
    units = segment(text)
    assert len(units) > 2000
    assert all(len(u.text) <= MAX_UNIT_CHARS for u in units)
    assert all(text[u.start : u.end] == u.text for u in units[:50])


def test_split_mixed_cuts_only_paragraphs_with_two_topics():
    units = segment(RESPONSE)
    topics = {"Samferdsel er viktig.": "samferdsel", "Skulen treng fleire lærarar.": "kompetanse"}
    out = split_mixed(RESPONSE, units, lambda texts: [topics.get(t, "") for t in texts])
    assert [u.text for u in out[-2:]] == list(topics)
    assert out[:-2] == units[:-1]


@pytest.mark.parametrize("marks", [".", "!", "?!"])
def test_segment_reads_a_run_of_20000_sentence_marks_in_linear_time(marks):
    import time

    text = (marks * 20_000)[:20_000] + " Neste setning."
    started = time.process_time()
    units = segment(text)
    assert time.process_time() - started < 0.5  # each mark of the run tried again was 2.8 s
    assert "".join(u.text for u in units).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("text, together", [
    ("Digitaliseringsprosjektet har gitt gode resultater. Det bør videreføres med egen finansiering.", True),
    ("Vi støtter satsinga på vegar. Dette gjeld særleg kyststamvegen og ferjene.", True),
    ("Skolene trenger flere lærere. Det må prioriteres høyere i budsjettet.", True),
    ("Skolene trenger flere lærere. Det bør satses på kollektivtransport i hele regionen.", False),
    ("Skolene trenger flere lærere. Det er viktig med bredbånd i fjellbygdene.", False),
    ("Strategien nevner reiselivet bare i forbifarten. Vi savner et eget avsnitt om det.", True),
    ("Vi er uenige i at stedsutvikling skal være et regionalt satsingsområde. Det passer bedre på kommunalt nivå.",
     True),
    ("Vi skriver for mange brev. Vi bør heller møte de som bestemmer.", True),
    ("Regionen har satt av midler til kultur. Det er for lite.", True),
    ("Skolene trenger flere lærere. Det er behov for bredbånd i fjellbygdene.", False),
    ("Skolene trenger flere lærere. Det viser seg at mange unge flytter ut.", False),
])
def test_a_sentence_that_points_back_stays_with_the_one_before_it(text, together):
    # Each sentence is given a different topic: only pointing back keeps them together.
    units = split_mixed(text, segment(text), lambda texts: [f"topic{n}" for n in range(len(texts))])
    assert (len(units) == 1) is together, units
