import pytest

from nlp.stance import stance, stances


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kommunen er enig i forslaget.", "supports"),
        ("Me støttar satsinga på vegar.", "supports"),
        ("Vi er uenige i at skolen skal legges ned.", "objects"),
        ("Me er ikkje einige i denne prioriteringa.", "objects"),
        ("Kommunen støtter ikke forslaget.", "objects"),
        ("Vi savner en satsing på landbruk.", "proposes"),
        ("Rassikring må prioriterast.", "proposes"),
        ("Fagskulen bør ikkje flyttast.", "objects"),
        ("Kommunen har ingen merknader.", "neutral"),
        ("Saka vart handsama 4. juni.", "neutral"),
        ("We support the plan, og me er samde.", "supports"),
    ],
)
def test_stance_from_bokmal_nynorsk_and_english_cues(text, expected):
    assert stance(text).stance == expected


def test_stance_after_but_weighs_more():
    assert stance("Vi støtter hovudlinjene, men savner landbruket.").stance == "proposes"


def test_structured_position_comes_first():
    result = stance("Bra forslag.", "Uenig")
    assert result.stance == "objects" and "position:uenig" in result.cues
    assert stance("", "Enig").stance == "supports"
    assert stance("", "Delvis enig").stance == "proposes"
    assert stance("Vi er negative til dette.", "Delvis enig").stance == "objects"


def test_stance_of_empty_numbers_and_urls_is_neutral():
    for text in ["", "   ", "2019 2030 12,5", "https://www.example.no/x"]:
        assert stance(text).stance == "neutral"


def test_stances_pairs_texts_with_positions():
    out = stances(["Enig.", "Uenig."], [None, "Enig"])
    assert [s.stance for s in out] == ["supports", "supports"]


def test_stance_handles_100000_characters():
    assert stance("Vi støttar dette. " * 6000).stance == "supports"
