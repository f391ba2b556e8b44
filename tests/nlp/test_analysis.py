from collections import Counter

from nlp import OTHER, pipeline
from nlp.analysis import analyse
from nlp.types import Answer, Comment, Example, Question

RESPONSE = """Tinn kommune er i hovudsak einig.

Vegen over fjellet må rassikrast. Skulen treng fleire lærarar med fagbrev.

- Bredbånd må byggjast ut.
- Klimagassutsleppa må ned."""


def test_analyse_segments_assigns_and_keeps_offsets(focus_areas):
    answers = [Answer("a1", RESPONSE, "Tinn", "samferdsel", "Delvis enig"),
               Answer("a2", "Ferja går for sjeldan, og ferjesambandet må styrkjast.", "Rollag")]
    result = analyse(answers, focus_areas, names=["Tinn kommune", "Rollag"])
    labels = [u.assignment.label for u in result.units]
    assert labels == ["samferdsel", "samferdsel", "kompetanse", "samferdsel", "klima",
                      "samferdsel"]
    for u in result.units:
        text = RESPONSE if u.answer_id == "a1" else answers[1].text
        assert text[u.unit.start : u.unit.end] == u.unit.text
    # "Delvis enig" is never support: "i hovudsak einig" is the reservation, the rest proposals.
    assert [u.stance.stance for u in result.units] == ["objects"] + ["proposes"] * 5


def test_analyse_builds_themes_with_summaries(focus_areas):
    answers = [Answer(f"a{i}", text, who) for i, (who, text) in enumerate([
        ("Tinn", "Ferja må gå oftare."), ("Rollag", "Ferjesambandet treng fleire avgangar."),
        ("Flesberg", "Skulen treng lærarar.")])]
    result = analyse(answers, focus_areas)
    by_area = {t.focus_area for t in result.themes}
    assert by_area == {"samferdsel", "kompetanse"}
    for theme in result.themes:
        assert 1 <= len(result.summaries[theme.id]) <= 3


def test_analyse_empty_and_contentless_answers(focus_areas):
    result = analyse([Answer("a", ""), Answer("b", "https://www.example.no 2019")], focus_areas)
    assert [u.assignment.label for u in result.units] == [OTHER]
    assert analyse([], focus_areas).units == ()


def test_analyse_uses_confirmed_examples(focus_areas):
    examples = [Example("Snøskuterløypene bør merkast og preparerast.", "naering")]
    result = analyse([Answer("a", "Snøskuterløypene må merkast betre.")], focus_areas,
                     examples=examples)
    assert result.units[0].assignment.label == "naering"


def test_an_answer_stays_in_its_focus_area_and_moves_only_on_clear_evidence(focus_areas):
    answers = [Answer("a1", RESPONSE, "Tinn", "samferdsel", "Delvis enig")]
    units = {u.unit.text.split()[0]: u for u in analyse(answers, focus_areas).units}
    # Nothing about transport in it, and clearly about schools: moved, and marked so
    school = units["Skulen"]
    assert (school.assignment.label, school.moved) == ("kompetanse", True)
    assert school.assignment.labels[1] == "samferdsel"
    # A general sentence with no topic stays where the consultee wrote it
    general = units["Tinn"]
    assert (general.assignment.label, general.moved) == ("samferdsel", False)


def test_a_text_no_form_placed_joins_a_focus_area_only_where_it_clearly_names_it(focus_areas):
    result = analyse([Answer("m1", "Ferjesambandet treng fleire avgangar."),
                      Answer("m2", "Regionrådet bør møtast oftare og skrive færre brev."),
                      Answer("m3", "Vi ser fram til det vidare arbeidet.")], focus_areas)
    # This round has a focus area for the council's own cooperation: meetings belong there
    assert [u.assignment.label for u in result.units] == ["samferdsel", "samarbeid", OTHER]
    assert not any(u.moved for u in result.units)


def test_names_of_one_analysis_do_not_reach_the_next(focus_areas, nlp_env):
    nlp_env("HORING_NLP_ENCODER", "off")  # the words alone decide here
    answers = [Answer("m1", "Kollektivtrafikken må styrkjast.", "Tinn")]
    # A consultee called "Kollektivtrafikken" in the first round: its name is no evidence there,
    # and a word like any other in the next round, whose consultees are others
    first = analyse(answers, focus_areas, names=["Kollektivtrafikken", "Tinn"])
    second = analyse(answers, focus_areas, names=["Tinn"])
    third = analyse(answers, focus_areas, names=["Kollektivtrafikken"])
    assert [r.units[0].assignment.label for r in (first, second, third)] == [OTHER, "samferdsel", OTHER]


def test_kept_comments_are_grouped_with_the_new_units_and_decided_spans_are_not_cut_again(focus_areas):
    text = "Ferja må gå oftare.\n\nSkulen treng lærarar."
    answers = [Answer("a1", text, "Tinn", decided=((0, 19),)),
               Answer("a2", "Ferjesambandet treng fleire avgangar.", "Rollag")]
    kept = [Comment("kept:7", "Ferja må gå oftare.", "Tinn", "samferdsel")]
    result = analyse(answers, focus_areas, kept=kept)
    assert [u.unit.text for u in result.units] == ["Skulen treng lærarar.", answers[1].text]
    ferry = next(t for t in result.themes if t.focus_area == "samferdsel")
    assert set(ferry.comment_ids) == {"kept:7", "a2:0"}
    assert result.summaries[ferry.id]


def test_comments_that_fit_no_focus_area_stay_with_the_question_they_answer(focus_areas):
    questions = [Question("q1", "Kva meiner de om prosessen?"), Question("q2", "Andre innspel?")]
    answers = [Answer("m1", "Vi ser fram til det vidare arbeidet.", "Tinn", question="q2"),
               Answer("m2", "Ferjesambandet treng fleire avgangar.", "Tinn", question="q2"),
               Answer("a1", "Vi er einige.", "Rollag", "samferdsel", question="q1")]
    kept = [Comment("kept:3", "Takk for invitasjonen.", "Rollag", OTHER, question="q1")]
    result = analyse(answers, focus_areas, kept=kept, questions=questions)
    by_id = {t.id: t for t in result.themes}
    # q1's own answer was asked under a focus area and stays there; its kept comment joins q1
    assert by_id["question:q1"].comment_ids == ("kept:3",) and by_id["question:q1"].label == questions[0].text
    assert by_id["question:q2"].comment_ids == ("m1:0",) and by_id["question:q2"].focus_area == OTHER
    assert [t.id for t in result.themes][-2:] == ["question:q1", "question:q2"]
    assert any("m2:0" in t.comment_ids and t.focus_area == "samferdsel" for t in result.themes)


def test_spacy_reads_each_text_of_an_analysis_once(focus_areas, monkeypatch):
    read: list[str] = []
    real = pipeline.analyse

    def reading(texts, *args, **kwargs):
        texts = list(texts)
        read.extend(texts)
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", reading)  # a spy: the real pipeline reads them
    answers = [Answer("a1", RESPONSE, "Tinn", "samferdsel"), Answer("m1", "Ferja må gå oftare.", "Rollag", question="q1"),
               Answer("m2", "Vi ser fram til det vidare arbeidet. Takk.", "Rollag", question="q1")]
    kept = [Comment("kept:1", "Bussen må gå oftare.", "Tinn", "samferdsel")]
    result = analyse(answers, focus_areas, kept=kept, questions=[Question("q1", "Andre innspel?")])
    assert result.themes and all(result.summaries.values())
    assert "Ferja må gå oftare." in read and "Bussen må gå oftare." in read
    assert [text for text, n in Counter(read).items() if n > 1] == []


def test_list_items_take_the_stance_of_the_line_that_opens_their_list(focus_areas):
    """Real statements list their objections under a heading; each item alone reads as a wish."""
    text = ("Innsigelser til arealdelen\n\n- Ny fritidsbebyggelse ved fjellvatnet\n- Småbåthavn i fjorden\n\n"
            "Vi ber om at dette kommer med:\n- Bedre busstilbud til skolen\n\n"
            "Vi har følgende merknader:\n- Gang- og sykkelvei langs fylkesvegen\n- Vi støtter utvidelsen av skolen")
    result = analyse([Answer("a1", text, "Tinn")], focus_areas)
    stances = {u.unit.text: (u.stance.stance, u.stance.cues[:1]) for u in result.units}
    assert stances["Ny fritidsbebyggelse ved fjellvatnet"] == ("objects", ("lead-in",))
    assert stances["Småbåthavn i fjorden"] == ("objects", ("lead-in",))
    assert stances["Bedre busstilbud til skolen"] == ("proposes", ("lead-in",))
    # A neutral opening changes nothing, and an item's own cue wins over any opening
    assert stances["Gang- og sykkelvei langs fylkesvegen"] == ("proposes", ("wish-list",))
    assert stances["Vi støtter utvidelsen av skolen"][0] == "supports"
    # The form's position comes first
    under_position = analyse([Answer("a1", text, "Tinn", "samferdsel", "Enig")], focus_areas)
    assert {u.stance.stance for u in under_position.units if u.unit.kind == "item"} <= {"supports", "proposes"}
