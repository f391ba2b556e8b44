"""Plain Word documents for the archive package's letters and notes (invitation, extension, minutes)."""
from __future__ import annotations

import io
from datetime import datetime

import docx

from app import word
from app.text import xml_safe_all


def simple_docx(title: str, facts: list[tuple[str, str]], paragraphs: list[str], *, author: str, language: str,
                created: datetime) -> bytes:
    """A plain Word document: a title, a table of facts and paragraphs ("# " starts a heading).

    Its properties are true: the title, the region as author, the round's language, and the time of
    what it records (`created`: a letter sent, a request received, a meeting held) as created and modified.
    """
    title, facts, paragraphs, author = xml_safe_all((title, facts, paragraphs, author))
    document = docx.Document()
    word.set_properties(document, title=title, subject="", author=author, language=language, keywords="",
                        status="", now=created)
    document.add_heading(title, level=1)
    if facts:
        table = document.add_table(rows=0, cols=2)
        for label, value in facts:
            row = table.add_row().cells
            row[0].text, row[1].text = label, value or ""
    for paragraph in paragraphs:
        if paragraph.startswith("# "):
            document.add_heading(paragraph[2:], level=2)
        elif paragraph.strip():
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
