"""How long the Word report takes for a large round: `python -m tests.load.report_timing --consultees 100`.

Builds a throw-away SQLite round with the app's own services (every consultee answers every focus
area with a few sentences, the analysis runs once), then times collecting the report data and
writing the .docx. Prints one JSON line of seconds.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import timedelta
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--consultees", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import os

    directory = Path(tempfile.mkdtemp(prefix="horing-report-"))
    os.environ.update(HORING_ENV="test", HORING_INSTANCE_DIR=str(directory))
    from app import create_app
    from app.config import TestConfig

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{directory / 'report.sqlite'}"
    config.MAIL_BACKEND = "memory"
    app = create_app(config)
    with app.app_context():
        print(json.dumps(measure(args.consultees, args.repeat)))


def measure(count: int, repeat: int) -> dict:
    from app.analysis.jobs import run_job, start
    from app.extensions import db
    from app.models import Consultation
    from app.reports.docx_writer import report_docx
    from app.reports.services import collect
    from app.responses import submission
    from app.timeutil import to_local, utcnow
    from tests.load.seed import seed

    db.create_all()
    started = time.perf_counter()
    consultation = db.session.get(Consultation, seed(count)["consultation_id"])
    positions = ("enig", "delvis_enig", "uenig", "ingen_merknad")
    for n, invitation in enumerate(consultation.invitations):
        data = submission.ResponseInput(adopted_by="kommunestyre", case_number=f"26/{n}")
        for i, area in enumerate(consultation.focus_areas):
            data.positions[area.id] = positions[(n + i) % 4]
            data.comments[area.id] = (f"Kommunen støtter at {area.title.lower()} prioriteres. Vi ber om at "
                                      "samarbeidet om vei, bredbånd og kompetanse styrkes, og at arbeidet "
                                      "følges opp med tydelige tiltak og ansvar i handlingsplanen.")
            data.ranks[area.id] = i + 1
        for question in consultation.questions:
            data.texts[question.id] = "Ingen flere merknader utover det som står over."
        submission.submit(invitation, data, expected_version=None, submission_key=f"t-{n}",
                          now=utcnow() - timedelta(minutes=5), via="link", mail_receipt=False)
    db.session.commit()
    seeded = time.perf_counter()
    run = start(consultation, None, utcnow())
    db.session.commit()
    run_job(run.id)
    analysed = time.perf_counter()
    collect_s, write_s, size = [], [], 0
    for _ in range(repeat):
        db.session.expire_all()
        consultation = db.session.get(Consultation, consultation.id)
        t0 = time.perf_counter()
        data = collect(consultation, to_local(utcnow()).date())
        t1 = time.perf_counter()
        size = len(report_docx(data))
        write_s.append(time.perf_counter() - t1)
        collect_s.append(t1 - t0)
    return {"consultees": count, "seed_s": round(seeded - started, 2), "analysis_s": round(analysed - seeded, 2),
            "collect_s": round(min(collect_s), 2), "docx_s": round(min(write_s), 2),
            "report_s": round(min(c + w for c, w in zip(collect_s, write_s, strict=True)), 2),
            "docx_bytes": size}


if __name__ == "__main__":
    main()
