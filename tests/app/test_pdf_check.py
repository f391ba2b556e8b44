"""Uploaded PDFs: opened and read through, refused when unreadable, locked, active or too big to check."""
from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfWriter

from app.pdf_check import MAX_NODES, MAX_OBJECTS, PdfProblem, PdfRefused, check_pdf
from app.responses import submission
from app.timeutil import utcnow
from tests.factories import complete_input, invitation_of
from tests.pdfs import make_pdf

SCRIPT = "<< /S /JavaScript /JS (app.alert(1)) >>"


def _problem(data: bytes) -> PdfProblem:
    with pytest.raises(PdfRefused) as refused:
        check_pdf(data)
    return refused.value.problem


def test_plain_pdfs_are_taken_with_links_and_a_jump_to_the_first_page():
    assert check_pdf(make_pdf(pages=3)) == 3
    link = "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://example.no) >> >>] "
    assert check_pdf(make_pdf("/OpenAction [3 0 R /Fit] ", page_extra=link)) == 1
    assert check_pdf(make_pdf(compressed=("<< /Producer (Microsoft Word) >>", "[1 2 3]"))) == 1
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    assert check_pdf(out.getvalue()) == 1


@pytest.mark.parametrize("data", [
    b"%PDF-1.4 vedtak",
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
    make_pdf()[:200],
    make_pdf(pages=0),
    b"%PDF-1.7\n" + b"[" * 5000,
], ids=["header-only", "no-pages-tree", "cut-short", "no-pages", "nested"])
def test_a_file_that_only_starts_like_a_pdf_is_refused(data):
    assert _problem(data) is PdfProblem.UNREADABLE


@pytest.mark.parametrize("data", [
    make_pdf("/OpenAction 4 0 R ", (SCRIPT,)),
    make_pdf("/OpenAction << /S /Launch /F (calc.exe) >> "),
    make_pdf("/Names << /JavaScript 4 0 R >> ", ("<< /Names [(a) 5 0 R] >>", SCRIPT)),
    make_pdf(page_extra="/AA << /O << /S /URI /URI (https://example.no) >> >> "),
    make_pdf("/AcroForm << /Fields [] /XFA 4 0 R >> ", ("<< /Length 0 >>\nstream\n\nendstream",)),
    make_pdf("/Names << /EmbeddedFiles << /Names [(a.exe) << /Type /Filespec /F (a.exe) /EF << /F 4 0 R >> >>] >> >> ",
             ("<< /Type /EmbeddedFile /Length 1 >>\nstream\nx\nendstream",)),
    make_pdf(page_extra="/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /SubmitForm /F (https://x.example) >> >>] "),
    make_pdf(page_extra="/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToR /F (file:///etc/passwd) >> >>] "),
    make_pdf("/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> "),
    make_pdf(objects=(SCRIPT,)),
    make_pdf("/OpenAction 4 0 R ", compressed=(SCRIPT,)),
    make_pdf(compressed=("<< /Foo [ << /S /Launch /F (cmd) >> ] >>",)),
], ids=["open-script", "launch", "names-tree-script", "additional-actions", "xfa", "embedded-file", "submit-form",
        "remote-goto", "escaped-names", "unreferenced-script", "script-in-object-stream", "launch-in-object-stream"])
def test_scripts_automatic_actions_and_attached_files_are_refused(data):
    assert _problem(data) is PdfProblem.ACTIVE_CONTENT


def test_a_pdf_locked_with_a_password_is_refused_and_one_locked_only_against_editing_is_read():
    for user_password, taken in (("hemmelig", False), ("", True)):
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.encrypt(user_password=user_password, owner_password="eier", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        if taken:
            assert check_pdf(out.getvalue()) == 1
        else:
            assert _problem(out.getvalue()) is PdfProblem.ENCRYPTED


def test_the_work_on_a_hostile_file_is_capped():
    started = time.perf_counter()
    assert check_pdf(make_pdf(pages=MAX_OBJECTS - 10)) == MAX_OBJECTS - 10  # the most objects read: seconds
    assert time.perf_counter() - started < 20
    started = time.perf_counter()
    assert _problem(make_pdf(pages=MAX_OBJECTS)) is PdfProblem.TOO_COMPLEX  # counted before any is read
    assert _problem(make_pdf(objects=tuple("[" + "1 " * 99_000 + "]" for _ in range(MAX_NODES // 99_000 + 1)))) \
        is PdfProblem.TOO_COMPLEX
    # 13 MB of nothing deflated into a 13 kB object stream: pypdf stops unpacking at the cap
    assert _problem(make_pdf(compressed=("[1]" + " " * 13_000_000,))) is PdfProblem.TOO_COMPLEX
    assert time.perf_counter() - started < 20


def test_an_upload_that_is_not_a_plain_pdf_is_refused_with_a_message_and_the_draft_kept(client, db, round_):  # noqa: F811
    consultation, link, _ = round_
    invitation = invitation_of(consultation, "Tinn kommune")
    data = complete_input(consultation, "Teksten vi skrev")
    submission.save_draft(invitation, data, expected_version=None, now=utcnow())
    db.session.commit()
    for pdf, message in ((b"%PDF-1.4 vedtak", "kan ikke leses"), (make_pdf("/OpenAction 4 0 R ", (SCRIPT,)),
                                                                  "inneholder skript")):
        page = client.post(f"{link}/vedlegg", data={"attachment": (io.BytesIO(pdf), "vedtak.pdf")},
                           content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
        assert message in page and "er lastet opp" not in page and "Teksten vi skrev" in page
    assert submission.response_for(invitation).attachments == []
