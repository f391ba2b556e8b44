"""Real servers for the tests, on free loopback ports: gunicorn serving the app, and a throw-away Redis.

Each runs in its own process group, logs to a file the test names, and is stopped (and waited for)
by `stop()` or at the end of a `with` block.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: Debian's redis-server (`make install-test` installs it)
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worktree_environment(**variables: str) -> dict[str, str]:
    """This process's environment with `variables`, importing this checkout's `app` first."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **variables}


def _stop(process: subprocess.Popen, wait: float = 15) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Gunicorn:
    """gunicorn serving `app_spec` (e.g. "app:create_app()") with `env`, logging to `log`."""

    def __init__(self, app_spec: str, env: dict[str, str], log: Path, workers: int = 1) -> None:
        port = free_port()
        self.base, self.log = f"http://127.0.0.1:{port}", log
        with open(log, "w") as out:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120",
                 "--no-control-socket", app_spec],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def get(self, path: str, wait: float = 120) -> requests.Response:
        """GET, waiting for a worker to answer (after start or a kill; booting one takes seconds)."""
        deadline = time.monotonic() + wait
        while True:
            try:
                return requests.get(self.base + path, timeout=max(deadline - time.monotonic(), 1))
            except (requests.ConnectionError, requests.Timeout):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise AssertionError("gunicorn does not answer:\n" + self.output()[-3000:]) from None
                time.sleep(0.1)

    def exit_code(self, wait: float = 60) -> int:
        """Wait for gunicorn to stop by itself (it should: it is refusing to start)."""
        try:
            return self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            raise AssertionError("gunicorn kept running:\n" + self.output()[-3000:]) from None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        _stop(self.process)

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class RedisServer:
    """A redis-server on a free loopback port with its files in `directory`, nothing kept on disk."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        directory.mkdir(parents=True, exist_ok=True)
        self.log = directory / "redis.log"
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(directory),
             "--save", "", "--appendonly", "no", "--logfile", str(self.log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_until_up()

    def _wait_until_up(self, wait: float = 30) -> None:
        import redis

        deadline = time.monotonic() + wait
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    log = self.log.read_text(errors="replace") if self.log.exists() else ""
                    raise RuntimeError(f"redis-server did not start:\n{log[-2000:]}") from None
                time.sleep(0.05)

    def flush(self) -> None:
        """Forget every key (between tests)."""
        import redis

        redis.Redis.from_url(self.url).flushall()

    def stop(self) -> None:
        _stop(self.process)

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
