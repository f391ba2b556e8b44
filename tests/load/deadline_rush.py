"""The deadline rush: 200 consultees save drafts and submit at once against gunicorn on loopback.

    python -m tests.load.deadline_rush --database sqlite
    python -m tests.load.deadline_rush --database postgres          # a throw-away server (scripts/pg-test-server)
    python -m tests.load.deadline_rush --database postgresql://…    # an empty database of your own

For each database: a fresh database, `flask db upgrade`, the round built with the app's services
(tests/load/seed.py), gunicorn started on 127.0.0.1 with production settings (rate limits in a
throw-away redis-server, as production requires), the consultees let
loose for --seconds, gunicorn stopped, and the database checked: every acknowledged submission
stored exactly once, as sent. The last line printed for each database is one JSON object.
Exit status 1 when a submission was lost, duplicated or altered, or a request got a 5xx.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

if not __package__:  # run as a file: python tests/load/deadline_rush.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.load.client import Consultee, Recorder, source_address  # noqa: E402
from tests.load.verify import verify  # noqa: E402
from tests.servers import RedisServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
#: A port of its own, so the rush never stops the server `make test-postgres` started
PG_PORT = os.environ.get("LOAD_PG_PORT", "54339")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = [rush(database, args) for database in args.database]
    return 0 if all(_sound(result) for result in results) else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", action="append", help="sqlite, postgres or a URL (repeatable; default sqlite)")
    parser.add_argument("--consultees", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60, help="how long the rush lasts")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (gthread); 1 for sync workers")
    parser.add_argument("--think", type=float, default=None,
                        help="mean pause between a consultee's actions in seconds (default: each consultee's "
                             "actions spread evenly over --seconds); 0 for flat out")
    parser.add_argument("--saves", type=int, default=3, help="draft saves before each submit")
    parser.add_argument("--amend-share", type=float, default=0.25, help="share of consultees that amend once")
    parser.add_argument("--double-click-share", type=float, default=0.2, help="share that submit the same form twice")
    parser.add_argument("--max-requests", type=int, default=20_000, help="the run stops after this many requests")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take")
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, SQLite file)")
    args = parser.parse_args(argv)
    args.database = args.database or ["sqlite"]
    return args


def rush(database: str, args: argparse.Namespace) -> dict:
    """One full run on one database; prints progress on stderr and the result as the last stdout line."""
    with tempfile.TemporaryDirectory(prefix="horing-load-") as tmp:
        workdir = Path(tmp)
        with _database(database, workdir) as url, RedisServer(workdir / "redis") as limits:
            env = _environment(url, workdir, limits.url)
            _setup(env, workdir, args.consultees)
            links = json.loads((workdir / "seed.json").read_text())["consultees"]
            with _gunicorn(env, workdir, args) as server:
                _warm_up(server.base, links[0]["token"], args)
                cpu = server.cpu_seconds()
                recorder, wall = _load(server.base, links, args)
                recorder.server_cpu_s = server.cpu_seconds() - cpu
            _write_samples(workdir / "samples.csv", recorder)
            checks = verify(url, recorder.acks)
        result = _summary(database, url, recorder, wall, checks, args)
        if args.keep:
            kept = Path(tempfile.mkdtemp(prefix="horing-load-kept-"))
            subprocess.run(["cp", "-a", f"{tmp}/.", str(kept)], check=False)
            result["kept"] = str(kept)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


class _database:
    """A fresh database: a SQLite file in the work directory, a throw-away PostgreSQL server, or a URL."""

    def __init__(self, database: str, workdir: Path) -> None:
        self.database, self.workdir, self.started = database, workdir, False

    def __enter__(self) -> str:
        if self.database == "sqlite":
            return f"sqlite:///{self.workdir / 'horing.sqlite'}"
        if self.database != "postgres":
            return self.database
        _log(f"starting PostgreSQL on 127.0.0.1:{PG_PORT}")
        self.started = True
        return subprocess.run([str(ROOT / "scripts/pg-test-server"), "start"], check=True, text=True,
                              capture_output=True, env={**os.environ, "PGTEST_PORT": PG_PORT}).stdout.strip()

    def __exit__(self, *exc) -> None:
        if self.started:
            subprocess.run([str(ROOT / "scripts/pg-test-server"), "stop"], check=False,
                           env={**os.environ, "PGTEST_PORT": PG_PORT})


def _environment(url: str, workdir: Path, limits_url: str) -> dict:
    # gunicorn serves only production settings, with the rate limits in a store its workers share.
    return {**os.environ, "HORING_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": url,
            "HORING_COOKIE_SECURE": "0", "HORING_INSTANCE_DIR": str(workdir), "MAIL_BACKEND": "log",
            "BASE_URL": "http://127.0.0.1", "RATELIMIT_STORAGE_URI": limits_url}


def _setup(env: dict, workdir: Path, consultees: int) -> None:
    _log("migrating and building the round")
    for command in ([str(BIN / "flask"), "--app", "app", "db", "upgrade"],
                    [sys.executable, "-m", "tests.load.seed", str(workdir / "seed.json"), "--consultees", str(consultees)]):
        done = subprocess.run(command, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[1:3])} failed:\n{done.stdout[-3000:]}")


class _gunicorn:
    """gunicorn on a free loopback port, in its own process group, stopped (and waited for) on exit."""

    def __init__(self, env: dict, workdir: Path, args: argparse.Namespace) -> None:
        self.env, self.workdir, self.args, self.process = env, workdir, args, None

    def __enter__(self) -> _gunicorn:
        port = _free_port()
        worker = ["--worker-class", "gthread", "--threads", str(self.args.threads)] if self.args.threads > 1 else []
        # Keep-alive longer than a consultee's pause, as nginx's 75 s: otherwise a POST can meet a
        # connection the server is just closing, which the client counts as "no answer".
        command = [str(BIN / "gunicorn"), "--workers", str(self.args.workers), *worker, "--bind", f"127.0.0.1:{port}",
                   "--keep-alive", "75", "--backlog", "512", "--no-control-socket",
                   "app:create_app()"]
        _log(" ".join(command[1:]))
        self.log = open(self.workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(command, cwd=ROOT, env={**self.env, "BASE_URL": f"http://127.0.0.1:{port}"},
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.base = f"http://127.0.0.1:{port}"
        try:
            self._wait_until_up(self.base)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_up(self, base: str) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.flush()
                raise RuntimeError("gunicorn stopped: " + (self.workdir / "gunicorn.log").read_text()[-2000:])
            try:
                requests.get(base + "/login", timeout=10)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 120 s")

    def cpu_seconds(self) -> float:
        """CPU time used so far by gunicorn and its workers (Linux /proc; 0 elsewhere)."""
        pids, total = [self.process.pid], 0.0
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return 0.0
        for pid in pids + [int(c) for c in children]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _warm_up(base: str, token: str, args: argparse.Namespace) -> None:
    """Form pages for a few seconds, so every worker has booted and compiled its templates (as in production)."""
    url, stop = f"{base}/svar/{token}", time.monotonic() + 8

    def fetch() -> None:
        with requests.Session() as session:
            while time.monotonic() < stop:
                session.get(url, timeout=args.timeout)

    threads = [threading.Thread(target=fetch) for _ in range(args.workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _write_samples(path: Path, recorder: Recorder) -> None:
    """Every request (start in seconds from the first, kind, status, milliseconds), for a closer look."""
    first = min((s.started for s in recorder.samples), default=0.0)
    with open(path, "w") as file:
        file.write("start_s,kind,status,ms\n")
        for s in sorted(recorder.samples, key=lambda s: s.started):
            file.write(f"{s.started - first:.3f},{s.kind},{s.status},{s.ms:.1f}\n")


def _load(base: str, links: list[dict], args: argparse.Namespace) -> tuple[Recorder, float]:
    """Every consultee in its own thread until each is done or the time or request budget runs out."""
    rng = random.Random(args.seed)
    recorder = Recorder(stop_at=time.monotonic() + args.seconds, max_requests=args.max_requests, grace_s=args.timeout)
    consultees = []
    for index, link in enumerate(links):
        rounds = 2 if rng.random() < args.amend_share else 1
        # Each consultee's actions are spread over the rush: open, saves and submit (and an amendment:
        # open, one save, submit) a pause apart, so the load is even rather than all at the start.
        pauses = 1.5 + args.saves + (3 if rounds == 2 else 0)
        think = args.think if args.think is not None else 0.85 * args.seconds / pauses
        consultees.append(Consultee(
            name=link["name"], token=link["token"], base=base, source=source_address(index), recorder=recorder,
            rng=random.Random(rng.random()), think=think, saves=args.saves, rounds=rounds,
            double_click=rng.random() < args.double_click_share, timeout=args.timeout))
    _log(f"{len(consultees)} consultees for at most {args.seconds:g} s")
    threads = [threading.Thread(target=c.run, daemon=True) for c in consultees]
    started, cpu = time.monotonic(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, recorder.stop_at + 2 * args.timeout + 5 - time.monotonic()))
    recorder.client_cpu_s = time.process_time() - cpu
    return recorder, time.monotonic() - started


def _summary(database: str, url: str, recorder: Recorder, wall: float, checks: dict,
             args: argparse.Namespace) -> dict:
    samples = sorted(recorder.samples, key=lambda s: s.started)
    span = (max(s.started + s.ms / 1000 for s in samples) - samples[0].started) if samples else 0.0
    statuses: dict[str, int] = {}
    for sample in samples:
        statuses[str(sample.status)] = statuses.get(str(sample.status), 0) + 1
    by_kind = {}
    for kind in ("page", "save", "submit", "receipt"):
        ms = [s.ms for s in samples if s.kind == kind]
        by_kind[kind] = {"n": len(ms), "p50_ms": _pct(ms, 50), "p95_ms": _pct(ms, 95), "p99_ms": _pct(ms, 99)}
    ms = [s.ms for s in samples]
    return {
        "database": "sqlite" if url.startswith("sqlite") else "postgresql",
        "requests": len(samples),
        "p50_ms": _pct(ms, 50), "p95_ms": _pct(ms, 95), "p99_ms": _pct(ms, 99), "max_ms": round(max(ms, default=0), 1),
        "throughput_rps": round(len(samples) / span, 1) if span else 0.0,
        "errors_5xx": sum(1 for s in samples if s.status >= 500),
        "no_answer": statuses.get("0", 0),
        "statuses": statuses,
        **checks,
        "by_kind": by_kind,
        "notes": dict(sorted(recorder.notes.items())),
        "consultees": args.consultees, "seconds": args.seconds, "wall_s": round(wall, 1), "think_s": args.think if args.think is not None else "spread",
        "client_cpu_s": round(recorder.client_cpu_s, 1), "server_cpu_s": round(recorder.server_cpu_s, 1),
        "workers": args.workers, "threads": args.threads,
        "worker_class": "gthread" if args.threads > 1 else "sync",
    }


def _pct(values: list[float], pct: float) -> float:
    """Nearest-rank percentile in milliseconds, one decimal."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))
    return round(ordered[index], 1)


def _sound(result: dict) -> bool:
    return not (result["lost"] or result["duplicated"] or result["mismatched"] or result["errors_5xx"]
                or result["no_answer"] or result["not_submitted"])


def _log(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
