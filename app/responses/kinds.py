"""Question kinds: each kind is one class that builds its form fields, reads and stores its answers,
says what is missing, freezes them into the snapshot and names the template that shows them
(as Indico's survey fields do). The response form, the services and the pages walk the questions
and ask `kind_of(question)`; a new kind is a new class here and its template.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from app.forms import choices
from app.models import Answer, FocusArea, Position, Question, QuestionKind
from app.snapshot import MAX_ANSWER, POSITION_LABELS, SnapshotAnswer, labels_for

if TYPE_CHECKING:
    from wtforms import Form

    from app.responses.submission import ResponseInput

TOO_LONG = _l("Teksten er for lang (høyst %(num)s tegn).", num=format(MAX_ANSWER, ",").replace(",", " "))
#: An answer row by (question id, focus area id or None)
Answers = dict[tuple[int, int | None], Answer]


def _long_text(label: str) -> TextAreaField:
    """A free-text answer of at most MAX_ANSWER characters. The browser is not told the limit
    (``maxlength`` would cut a pasted text off without a word): the page's script counts past it and
    the server refuses it with TOO_LONG, and the text stays in the box."""
    return TextAreaField(label, validators=[Optional(), Length(max=MAX_ANSWER, message=TOO_LONG)],
                         render_kw={"maxlength": False, "data-max-chars": MAX_ANSWER})


class AnswerKind(ABC):
    """What a question of one kind asks for; each kind implements the five abstract steps."""

    kind: ClassVar[QuestionKind]
    #: Asked once for each focus area (else once for the question)
    per_focus_area: ClassVar[bool] = False
    #: A round holds at most one question of this kind (its answers are keyed by focus area alone)
    once_per_round: ClassVar[bool] = False
    #: The answer has a free-text field ("q-<id>") an import may fill
    has_answer_text: ClassVar[bool] = False
    #: Free text alone: the Word import may put there what the document ties to no question
    is_free_text: ClassVar[bool] = False
    #: Answered yes or no ("yes-<id>"), which a Word import may read from the document
    has_yes_no: ClassVar[bool] = False
    #: Answered by a place for each focus area ("rank-<id>-<area id>"), which a Word import may read
    has_ranking: ClassVar[bool] = False

    @property
    def template(self) -> str:
        """The template whose macros show this kind: `form` (the fields) and `answer`/`group` (what was sent)."""
        return f"responses/kinds/{self.kind.value}.html"

    def areas(self, focus_areas: Sequence[FocusArea]) -> Sequence[FocusArea | None]:
        """The focus areas an answer is given for; [None] for one answer to the question."""
        return focus_areas if self.per_focus_area else [None]

    def answers_expected(self, focus_areas: Sequence[FocusArea]) -> int:
        """How many answers the guide's time estimate counts for this question."""
        return 1

    @abstractmethod
    def add_fields(self, form_class: type, question: Question, focus_areas: Sequence[FocusArea], language: str) -> None:
        """Add this question's fields to the response form class."""

    @abstractmethod
    def read_form(self, form: Form, question: Question, focus_areas: Sequence[FocusArea], data: ResponseInput) -> None:
        """Copy this question's form values into `data`."""

    @abstractmethod
    def fill_form(self, answer: Answer, data: dict) -> None:
        """Put a stored answer into form data (the inverse of read_form)."""

    @abstractmethod
    def store(self, item: Answer, question: Question, area: FocusArea | None, data: ResponseInput,
              clean: Callable[[str, str], str]) -> None:
        """Write `data`'s value for (question, area) into the answer row; `clean(text, label)` checks a text."""

    @abstractmethod
    def to_input(self, answer: Answer, data: ResponseInput) -> None:
        """Put a stored answer into a ResponseInput (the inverse of store)."""

    def missing(self, question: Question, focus_areas: Sequence[FocusArea], answers: Answers) -> dict[str, str]:
        """Form field → message for what must be answered and is not."""
        return {}

    def order(self, answers: list[SnapshotAnswer]) -> list[SnapshotAnswer]:
        """The question's frozen answers in the order the receipt shows them."""
        return answers

    def report_line(self, answer: SnapshotAnswer, language: str) -> tuple[int, str]:
        """(rank, line) of one answer in the report's minutes: a ranking's lines sort by rank, others keep
        their order (rank 0)."""
        return 0, answer.text or ""

    def snapshot_answers(self, question: Question, focus_areas: Sequence[FocusArea],
                         answers: Answers) -> list[SnapshotAnswer]:
        """The question's answers, frozen with the question's and focus areas' texts."""
        items = []
        for area in self.areas(focus_areas):
            answer = answers.get((question.id, area.id if area else None))
            items.append(SnapshotAnswer(
                question_id=question.id, question=question.text, kind=self.kind.value,
                focus_area_id=area.id if area else None, focus_area=area.title if area else None,
                position=answer.position.value if answer and answer.position else None,
                rank=answer.rank if answer else None, yes=answer.yes if answer else None,
                text=answer.text if answer else ""))
        return items


def _starts_with(text: str, label: str) -> bool:
    """Whether the text opens with the position's label as a word ("Delvis enig. …", "delvis enig, men …")."""
    if not label:
        return False
    head = text[:len(label)]
    return head.casefold() == label.casefold() and not text[len(label):len(label) + 1].isalnum()


class PositionKind(AnswerKind):
    """A position and a comment on each focus area."""

    kind = QuestionKind.POSITION
    per_focus_area = once_per_round = True

    def answers_expected(self, focus_areas):
        return len(focus_areas)

    def add_fields(self, form_class, question, focus_areas, language):
        positions = choices(POSITION_LABELS[language].items())
        for area in focus_areas:
            setattr(form_class, f"pos-{area.id}", RadioField(area.title, choices=positions, validators=[Optional()]))
            setattr(form_class, f"com-{area.id}", _long_text(_("Kommentar til %(title)s", title=area.title)))

    def read_form(self, form, question, focus_areas, data):
        for area in focus_areas:
            data.positions[area.id] = form[f"pos-{area.id}"].data or None
            data.comments[area.id] = form[f"com-{area.id}"].data or ""

    def fill_form(self, answer, data):
        data[f"pos-{answer.focus_area_id}"] = answer.position.value if answer.position else None
        data[f"com-{answer.focus_area_id}"] = answer.text

    def store(self, item, question, area, data, clean):
        value = data.positions.get(area.id)
        item.position = Position(value) if value else None
        item.text = clean(data.comments.get(area.id, ""), area.title)

    def to_input(self, answer, data):
        data.positions[answer.focus_area_id] = answer.position.value if answer.position else None
        data.comments[answer.focus_area_id] = answer.text

    def report_line(self, answer, language):
        position = POSITION_LABELS[language].get(answer.position, "")
        text = (answer.text or "").strip()
        if position and any(_starts_with(text, POSITION_LABELS[other].get(answer.position, ""))
                            for other in (language, "nb", "nn")):
            # "Delvis enig. Delvis enig. …": the comment already says it (also as "Delvis enig" in a
            # nynorsk edition of a bokmål round)
            position = ""
        if position and text:
            return 0, f"{answer.focus_area}: {position}. {text}"
        return 0, f"{answer.focus_area}: {position or text}" if position or text else ""

    def missing(self, question, focus_areas, answers):
        if not question.is_required:
            return {}
        # The summary names the field (the focus area) before the message: not again in it
        return {f"pos-{area.id}": _("Velg et standpunkt.") for area in focus_areas
                if answers[(question.id, area.id)].position is None}


class RankingKind(AnswerKind):
    """A full ordering of the focus areas."""

    kind = QuestionKind.RANKING
    per_focus_area = once_per_round = has_ranking = True

    def report_line(self, answer, language):
        return (answer.rank, f"{answer.rank}. {answer.focus_area}") if answer.rank else (0, "")

    def order(self, answers):
        return sorted(answers, key=lambda a: (a.rank is None, a.rank or 0))  # 1 first, unranked last

    def add_fields(self, form_class, question, focus_areas, language):
        ranks = choices([("", "–")] + [(str(i), str(i)) for i in range(1, len(focus_areas) + 1)])
        for area in focus_areas:
            setattr(form_class, f"rank-{question.id}-{area.id}", SelectField(area.title, choices=ranks,
                                                                               validators=[Optional()]))

    def read_form(self, form, question, focus_areas, data):
        for area in focus_areas:
            value = form[f"rank-{question.id}-{area.id}"].data
            data.ranks[area.id] = int(value) if value else None

    def fill_form(self, answer, data):
        data[f"rank-{answer.question_id}-{answer.focus_area_id}"] = str(answer.rank) if answer.rank else ""

    def store(self, item, question, area, data, clean):
        item.rank = data.ranks.get(area.id)

    def to_input(self, answer, data):
        data.ranks[answer.focus_area_id] = answer.rank

    def missing(self, question, focus_areas, answers):
        ranks = [answers[(question.id, area.id)].rank for area in focus_areas]
        if not (any(r is not None for r in ranks) or question.is_required):
            return {}
        if sorted(r for r in ranks if r is not None) == list(range(1, len(ranks) + 1)):
            return {}
        return {f"rank-{question.id}": _(
            "Gi hvert satsingsområde sin egen plass fra 1 til %(num)s, uten å bruke et tall to ganger.", num=len(ranks))}


class TextKind(AnswerKind):
    """A free-text answer."""

    kind = QuestionKind.TEXT
    has_answer_text = is_free_text = True

    def add_fields(self, form_class, question, focus_areas, language):
        setattr(form_class, f"q-{question.id}", _long_text(question.text))

    def read_form(self, form, question, focus_areas, data):
        data.texts[question.id] = form[f"q-{question.id}"].data or ""

    def fill_form(self, answer, data):
        data[f"q-{answer.question_id}"] = answer.text

    def store(self, item, question, area, data, clean):
        item.text = clean(data.texts.get(question.id, ""), question.text)

    def to_input(self, answer, data):
        data.texts[answer.question_id] = answer.text
        data.yes[answer.question_id] = answer.yes

    def missing(self, question, focus_areas, answers):
        if question.is_required and not answers[(question.id, None)].text:
            return {f"q-{question.id}": _("Spørsmålet må besvares.")}
        return {}


class YesNoKind(TextKind):
    """Yes or no, with a comment."""

    kind = QuestionKind.YES_NO
    is_free_text = False
    has_yes_no = True

    def add_fields(self, form_class, question, focus_areas, language):
        setattr(form_class, f"yes-{question.id}", RadioField(
            question.text, choices=choices([("ja", _l("Ja")), ("nei", _l("Nei"))]), validators=[Optional()]))
        super().add_fields(form_class, question, focus_areas, language)

    def read_form(self, form, question, focus_areas, data):
        super().read_form(form, question, focus_areas, data)
        value = form[f"yes-{question.id}"].data
        data.yes[question.id] = None if not value else value == "ja"

    def fill_form(self, answer, data):
        super().fill_form(answer, data)
        if answer.yes is not None:
            data[f"yes-{answer.question_id}"] = "ja" if answer.yes else "nei"

    def report_line(self, answer, language):
        """ "Ja. Vi har …": the answer first, then the comment (the comment alone if it already says it)."""
        text = (answer.text or "").strip()
        if answer.yes is None:
            return 0, text
        texts = labels_for(language).texts
        word = texts["yes"] if answer.yes else texts["no"]
        if _starts_with(text, word):
            return 0, text
        return 0, f"{word}. {text}" if text else word

    def store(self, item, question, area, data, clean):
        super().store(item, question, area, data, clean)
        item.yes = data.yes.get(question.id)

    def missing(self, question, focus_areas, answers):
        if question.is_required and answers[(question.id, None)].yes is None:
            return {f"q-{question.id}": _("Svar ja eller nei.")}
        return {}


#: The class of each question kind
KINDS: dict[QuestionKind, AnswerKind] = {cls.kind: cls() for cls in (PositionKind, RankingKind, TextKind, YesNoKind)}


def kind_of(question: Question | QuestionKind | str) -> AnswerKind:
    """The kind class of a question (or of a QuestionKind, or of a snapshot answer's kind value)."""
    if isinstance(question, Question):
        question = question.kind
    return KINDS[QuestionKind(question)]
