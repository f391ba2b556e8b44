"""The public pages (offentleglova): the list of rounds, a round open to all or published, its responses and summary."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from app.auth.access import public
from app.commits import save_form
from app.extensions import limiter
from app.i18n import current_locale, use_round_language
from app.models import Status
from app.publication import bp, page, services
from app.publication.signup import RESEND_INTERVAL, SignupForm, sign_up, takes_signups
from app.reports.docx_writer import page_words, report_docx, report_filename, words_for
from app.reports.xlsx_writer import report_xlsx
from app.responses import attachments
from app.text import one_line
from app.timeutil import to_local, utcnow

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("")
@public
def index():
    """The rounds anyone may read: open to all or published, of every region, newest first."""
    number = request.args.get("side", 1, type=int)
    cards, has_next = page.public_rounds(number)
    return render_template("publication/index.html", cards=cards, number=number, has_next=has_next)


@bp.url_value_preprocessor
def _signup_speaks_its_rounds_language(endpoint: str | None, values: dict | None) -> None:
    """The sign-up page speaks its round's language from the start of the request (before the rate
    limit is checked), so that the page refusing too many sign-ups from one address speaks it too."""
    if endpoint == "public.signup" and values and (consultation := page.public_or_none(values.get("slug", ""))):
        use_round_language(consultation.language.value)


#: Sign-ups made (each mails a link) per address, generous for a public meeting on one network; a post the
#: form refuses (a mistyped address, consent not ticked) sends nothing and is not counted, but all posts are
SIGNUPS_LIMIT, SIGNUP_POSTS_LIMIT = "10 per minute;100 per hour", "30 per minute;300 per hour"


@bp.route("/<slug>/innspill", methods=["GET", "POST"])
@limiter.limit(SIGNUPS_LIMIT, methods=["POST"], deduct_when=lambda response: response.status_code == 200)
@limiter.limit(SIGNUP_POSTS_LIMIT, methods=["POST"])
@public
def signup(slug: str):
    """An open round: anyone gives name and e-mail and gets a link to the form by e-mail.

    The round is shown from its public page's value, redacted as that page is.
    """
    consultation = page.public_or_404(slug)
    now = utcnow()
    if not consultation.is_open_to_public:
        abort(404)
    use_round_language(consultation.language.value)
    if consultation.status is not Status.OPEN:  # the link shared for sign-ups, after the round closed
        flash(_("Høringen er avsluttet, og det kan ikke lenger gis innspill."), "info")
        return redirect(url_for(".round_page", slug=slug))
    if not takes_signups(consultation, now):  # the round's page says when and why
        flash(_("Fristen for innspill er ute."), "info")
        return redirect(url_for(".round_page", slug=slug))
    form = SignupForm()
    sent = None
    if form.validate_on_submit() and save_form(
            form, lambda: sign_up(consultation, name=form.name.data, organisation=form.organisation.data or "",
                                  email=form.email.data, now=now, language=current_locale()),
            _("Takk for påmeldingen.")):
        sent = form.email.data
    refused = request.method == "POST" and sent is None
    return render_template("publication/signup.html", page=page.round_page(consultation, now, to_local(now).date()),
                           form=form, sent=sent, resend_minutes=RESEND_INTERVAL.seconds // 60), 422 if refused else 200


@bp.get("/<slug>")
@public
def round_page(slug: str):
    """The round: the draft and how to answer; once published, what was said, the assessments and the responses."""
    consultation = page.public_or_404(slug)
    use_round_language(consultation.language.value)
    now = utcnow()
    return render_template("publication/round.html", page=page.round_page(consultation, now, to_local(now).date()),
                           words=words_for(consultation.language.value))


@bp.get("/<slug>/utkast.docx")
@public
def draft(slug: str):
    """The draft as it was consulted on, unless its words hold withheld text."""
    consultation = page.public_or_404(slug)
    if not page.draft_file_is_public(consultation):
        abort(404)
    current = consultation.current_draft
    if current.content is None:
        abort(404)
    return send_file(BytesIO(current.content), mimetype=DOCX, as_attachment=True,
                     download_name=one_line(current.filename) or "utkast.docx")


@bp.get("/<slug>/svar/<int:consultee_id>")
@public
def response(slug: str, consultee_id: int):
    """One response as published: its latest submitted version, with withheld passages marked."""
    consultation = services.published_or_404(slug)
    found = services.response_or_404(consultation, consultee_id)
    shown = services.public_response(consultation, found)
    return render_template("publication/response.html", consultation=consultation, response=found, shown=shown,
                           snapshot=shown.snapshot)


@bp.get("/<slug>/svar/<int:consultee_id>/vedlegg/<int:attachment_id>")
@public
def attachment(slug: str, consultee_id: int, attachment_id: int):
    """A published attachment (never one that is withheld)."""
    consultation = services.published_or_404(slug)
    found = services.response_or_404(consultation, consultee_id)
    item, name = services.public_attachment_or_404(consultation, found, attachment_id)
    return attachments.download(item, name)


@bp.get("/<slug>/oppsummering")
@public
def summary(slug: str):
    """The summary report, as published."""
    consultation = services.published_or_404(slug)
    data = services.public_report(consultation, services.published_on(consultation))
    return render_template("publication/summary.html", consultation=consultation, data=data, words=page_words(data))


@bp.get("/<slug>/oppsummering.<any(docx, xlsx):kind>")
@public
def summary_download(slug: str, kind: str):
    """The published summary as Word, or its comments as Excel."""
    consultation = services.published_or_404(slug)
    data = services.public_report(consultation, services.published_on(consultation))
    if kind == "docx":
        return send_file(BytesIO(report_docx(data)), mimetype=DOCX, as_attachment=True,
                         download_name=report_filename(data))
    return send_file(BytesIO(report_xlsx(data)), mimetype=XLSX, as_attachment=True,
                     download_name=report_filename(data, "xlsx", "innspill"))
