"""What the consultee's form tells before the first question: what is asked, what must be answered,
about how long it takes, and the draft consulted on, with its headings."""
from __future__ import annotations

import math
from dataclasses import dataclass

from app.draft_reader import Block, DraftReadError, read_text
from app.models import Consultation, Draft, Question
from app.responses.kinds import kind_of

#: Minutes we reckon for reading the form and for each answer (a focus area's position and comment
#: counts as one answer, as does a whole ranking); the estimate is rounded up to five minutes
MINUTES_TO_START, MINUTES_PER_ANSWER = 5, 2


@dataclass(frozen=True)
class FormIntro:
    """The facts of the introduction box."""

    questions: int
    required: tuple[Question, ...]
    minutes: int


def intro(consultation: Consultation) -> FormIntro:
    """How many questions, which must be answered, and about how many minutes the form takes."""
    answers = sum(kind_of(q).answers_expected(consultation.focus_areas) for q in consultation.questions)
    minutes = 5 * math.ceil((MINUTES_TO_START + MINUTES_PER_ANSWER * answers) / 5)
    return FormIntro(questions=len(consultation.questions),
                     required=tuple(q for q in consultation.questions if q.is_required), minutes=minutes)


def draft_blocks(draft: Draft | None) -> list[Block]:
    """The draft's text read back into headings, paragraphs and list items, for showing it on the page.

    The stored text is what draft_reader wrote, within its caps; a text it would refuse now (the caps
    lowered since) is shown as one paragraph per line instead.
    """
    if draft is None or not draft.text:
        return []
    try:
        return read_text(draft.text)
    except DraftReadError:
        return [Block("paragraph", line, 0) for line in draft.text.splitlines() if line.strip()]
