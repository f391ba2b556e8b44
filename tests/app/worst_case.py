"""Worst-case inputs measured in a fresh interpreter: the seconds and the peak memory of one call.

``measure("tests.app.test_x:scenario", **params)`` runs the scenario in a process of its own. It
builds the app from the factory on a fresh SQLite file, calls ``scenario(app, **params)`` to prepare
(not measured), and measures the call that returns (or each of a dict of calls, `measure_each`): the
processor time it took (the bound: it is the work the input caused, and does not grow when other
processes share the machine), its wall time for the record, and how far the resident memory rose
above where it stood just before (Linux's peak counter, reset first).

The process is forked from an interpreter that has imported the app and nothing else
(multiprocessing's forkserver, started once per test process): a fresh interpreter as far as the
figure goes, so nothing earlier in the test run hides or inflates it, without the two to three
seconds each new interpreter spent importing the app. ``python -m tests.app.worst_case SCENARIO
PARAMS`` runs one in this interpreter, as before.
"""
from __future__ import annotations

import gc
import importlib
import json
import multiprocessing
import resource
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

#: The bounds every worst case is held to (README, Security)
LIMIT_SECONDS = 2.0
LIMIT_MB = 200.0
#: The cycle collector's settings of a fresh interpreter, read as the forkserver imports this module
#: first: tests/conftest.py, which scenarios' modules import, runs it less often for the test run
PYTHON_GC = gc.get_threshold()


@dataclass(frozen=True)
class Measured:
    #: processor seconds of the call (all threads of the interpreter)
    seconds: float
    peak_mb: float
    #: what the scenario's call returned (JSON), e.g. a status code and a message
    result: object
    #: wall-clock seconds, which a busy machine stretches (reported, not bounded)
    wall_seconds: float = 0.0

    def within_bounds(self) -> bool:
        return self.seconds < LIMIT_SECONDS and self.peak_mb < LIMIT_MB


def measure(scenario: str, **params) -> Measured:
    """Run `module:function` in a fresh interpreter and measure the call it prepares."""
    return _measured(_spawn(scenario, params))


def measure_each(scenario: str, **params) -> dict[str, Measured]:
    """As measure, for a scenario that prepares several calls by name: each measured on its own."""
    return {name: _measured(figures) for name, figures in _spawn(scenario, params).items()}


#: What the forkserver imports before it forks a process for each scenario
PRELOAD = ["tests.app.worst_case", "app", "app.blueprints", "app.cli"]
#: Longest a scenario may take, preparing included
TIMEOUT_SECONDS = 600


def _spawn(scenario: str, params: dict) -> dict:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(scenario, params, send), name=f"worst case {scenario}")
    process.start()
    send.close()
    try:
        assert receive.poll(TIMEOUT_SECONDS), f"{scenario} took over {TIMEOUT_SECONDS} s"
        failed, figures = receive.recv()
    except EOFError:
        failed, figures = True, f"{scenario} ended without a result (exit code {process.join(5) or process.exitcode})"
    finally:
        receive.close()
        process.join(30)
        if process.is_alive():
            process.kill()
    assert not failed, figures
    return figures


def _child(scenario: str, params: dict, send) -> None:
    """In the forked process: run the scenario and send (failed, figures or the traceback)."""
    try:
        send.send((False, _run(scenario, params)))
    except BaseException:  # the parent reports it as the test's failure
        send.send((True, traceback.format_exc()[-3000:]))
    finally:
        send.close()


def _measured(figures: dict) -> Measured:
    return Measured(figures["cpu_seconds"], figures["peak_mb"], figures["result"], figures["seconds"])


def _status_kb() -> dict[str, int]:
    with open("/proc/self/status") as status:
        return {k: int(v.split()[0]) for k, _, v in (line.partition(":") for line in status)
                if k in ("VmRSS", "VmHWM")}


def _reset_peak() -> bool:
    """Reset the peak resident memory to the current one (Linux 4.0+); False when not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _run(scenario: str, params: dict) -> dict:
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db

    module, function = scenario.split(":")
    prepare = getattr(importlib.import_module(module), function)
    gc.unfreeze()
    gc.set_threshold(*PYTHON_GC)  # measured with the collector as the app runs it
    with tempfile.TemporaryDirectory() as tmp:
        config = TestConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp}/worst.sqlite"
        config.MAIL_OUTBOX_DIR = Path(tmp) / "outbox"
        app = create_app(config)
        with app.app_context():
            db.create_all()
            prepared = prepare(app, **params)
            if callable(prepared):
                figures = _one(prepared)
            else:
                figures = {name: _one(call) for name, call in prepared.items()}
            db.session.remove()
            db.engine.dispose()
    return figures


def _one(call) -> dict:
    gc.collect()
    reset = _reset_peak()
    before = _status_kb()["VmRSS"]
    started, cpu_started = time.perf_counter(), time.process_time()
    result = call()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    # Without the reset the peak may predate the call: an overestimate, never an under one.
    peak = _status_kb()["VmHWM"] if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3), "peak_mb": round(max(peak - before, 0) / 1024, 1), "result": result}


if __name__ == "__main__":
    print(json.dumps(_run(sys.argv[1], json.loads(sys.argv[2]))))
