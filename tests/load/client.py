"""Simulated consultees for the deadline rush: each opens its link, saves drafts and submits.

Plain threads with one `requests.Session` per consultee (the cookie jar carries the session and
so the CSRF token, as a browser does). Every consultee connects from its own loopback address
(127.1.x.y), so the per-address rate limits see 200 municipalities, not one machine. Nothing here
imports the app: the client knows the form only from the HTML it is served.
"""
from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field

import requests
from requests.adapters import HTTPAdapter

FORM = re.compile(r'<form[^>]*id="response-form".*?</form>', re.S)
HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|version|submission_key)"[^>]*value="([^"]*)"')
FIELD = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"')
RADIO = re.compile(r'<input[^>]*name="(pos-\d+)"[^>]*type="radio"[^>]*value="([^"]+)"')
RECEIPT = re.compile(r"/kvittering/(\d+)$")

WORDS = ("samarbeid", "kollektivtilbud", "bredbånd", "næringsliv", "fagskole", "tettsted", "reiseliv",
         "kompetanse", "digitalisering", "grønn omstilling", "bosetting", "ungdom", "helse", "vei og bane")


@dataclass
class Sample:
    """One HTTP request as the client saw it."""

    kind: str
    status: int  # 0: no answer (timeout, refused connection)
    ms: float
    started: float


@dataclass
class Ack:
    """A submission the server acknowledged with a receipt, and what was sent in it."""

    consultee: str
    key: str
    number: int
    sent: dict
    double_click: bool = False


@dataclass
class Page:
    """The response form as served: hidden values and the names of its fields."""

    csrf: str
    version: str
    key: str
    fields: list[str]
    positions: list[str]


@dataclass
class Recorder:
    """Thread-safe log of samples and acknowledgements, with the run's bounds."""

    stop_at: float
    max_requests: int
    #: Seconds after stop_at in which unsent answers are still submitted (a deadline does not wait for drafts)
    grace_s: float = 30.0
    samples: list[Sample] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    #: CPU seconds the load generator itself used (it shares the machine's cores with the server)
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def ack(self, ack: Ack) -> None:
        with self.lock:
            self.acks.append(ack)

    def note(self, what: str) -> None:
        with self.lock:
            self.notes[what] = self.notes.get(what, 0) + 1

    def may_continue(self) -> bool:
        return time.monotonic() < self.stop_at and len(self.samples) < self.max_requests

    def may_submit(self) -> bool:
        """Past the end of the rush a consultee still sends its first submit, for a bounded grace time."""
        return time.monotonic() < self.stop_at + self.grace_s and len(self.samples) < self.max_requests


class SourceAddressAdapter(HTTPAdapter):
    """Connect from a chosen loopback address."""

    def __init__(self, source: str, **kwargs) -> None:
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def parse_form(html: str) -> Page:
    """The hidden values and field names of the response form in a served page."""
    match = FORM.search(html)
    if match is None:
        raise ValueError("no response form in the page")
    form = match.group(0)
    hidden = dict(HIDDEN.findall(form))
    names = list(dict.fromkeys(FIELD.findall(form)))
    positions = list(dict.fromkeys(value for _, value in RADIO.findall(form)))
    return Page(csrf=hidden["csrf_token"], version=hidden.get("version", ""), key=hidden["submission_key"],
                fields=names, positions=positions)


class Consultee:
    """One municipality in the rush: open, save a few drafts, submit (maybe twice, maybe amend)."""

    def __init__(self, *, name: str, token: str, base: str, source: str, recorder: Recorder,
                 rng: random.Random, think: float, saves: int, rounds: int, double_click: bool,
                 timeout: float) -> None:
        self.name, self.url, self.recorder, self.rng = name, f"{base}/svar/{token}", recorder, rng
        self.base, self.source, self.think_s, self.saves = base, source, think, saves
        self.rounds, self.double_click, self.timeout = rounds, double_click, timeout
        self.session = self._session()
        self.positions: dict[str, str] = {}
        self.order: list[str] = []
        self.marker, self.final, self.reorder = "", False, True

    def _session(self) -> requests.Session:
        session = requests.Session()
        session.mount("http://", SourceAddressAdapter(self.source))
        return session

    def run(self) -> None:
        try:
            self._scenario()
        except Exception as error:  # noqa: BLE001 - one consultee's failure is counted, not fatal
            self.recorder.note(f"consultee_failed: {type(error).__name__}: {error}"[:160])

    def _scenario(self) -> None:
        # Spread over the rush: the first action anywhere in the first pause, the rest a pause apart.
        self._pause(self.rng.uniform(0, self.think_s))
        page = self._open()
        for round_ in range(self.rounds):
            # An amendment is a quick fix after the first submit: one save, then submit again.
            for step in range(self.saves if round_ == 0 else min(1, self.saves)):
                if not self._pause(self._think()):
                    break  # the deadline: no more drafts, send what there is
                self._fill(round_, final=False, step=step)
                page = self._save(page)
            if not self._pause(self._think()) and (round_ > 0 or not self.recorder.may_submit()):
                return
            self._fill(round_, final=True)
            self._submit(page, double_click=self.double_click and round_ == 0)
            if round_ + 1 < self.rounds:
                if not self._pause(self._think()):
                    return
                page = self._open()  # a fresh page: a new submission key for the amendment

    # -- steps -------------------------------------------------------------------------------

    def _open(self) -> Page:
        response = self._request("page", "GET", self.url)
        if response is None or response.status_code != 200:
            raise RuntimeError(f"form page answered {getattr(response, 'status_code', 'nothing')}")
        return parse_form(response.text)

    def _save(self, page: Page) -> Page:
        """A draft save; it bumps the version, so the page is read again (a 409: read and retry once)."""
        for attempt in (1, 2):
            response = self._request("save", "POST", self.url, data=self._form(page, "save"))
            if response is not None and response.status_code == 302:
                return self._open()
            if response is not None and response.status_code == 409 and attempt == 1:
                self.recorder.note("save_conflict_retried")
                page = self._open()
                continue
            self.recorder.note(f"save_failed_{getattr(response, 'status_code', 0)}")
            return self._open()
        return page

    def _submit(self, page: Page, *, double_click: bool) -> None:
        data = self._form(page, "submit")
        sent = self._sent(data)
        if double_click:
            self._double_submit(data, page.key, sent)
            return
        response = self._request("submit", "POST", self.url, data=data)
        if response is not None and response.status_code == 409:
            self.recorder.note("submit_conflict_retried")
            page = self._open()
            data = self._form(page, "submit")
            sent = self._sent(data)
            response = self._request("submit", "POST", self.url, data=data)
        self._acknowledged(response, page.key, sent)

    def _double_submit(self, data: dict, key: str, sent: dict) -> None:
        """The same form sent twice a moment apart, as an impatient double-click does."""
        second = self._session()
        second.cookies.update(self.session.cookies)
        results: list = [None, None]

        def click(index: int, session: requests.Session) -> None:
            results[index] = self._request("submit", "POST", self.url, data=data, session=session)

        threads = [threading.Thread(target=click, args=(i, s)) for i, s in enumerate((self.session, second))]
        threads[0].start()
        time.sleep(self.rng.uniform(0.0, 0.05))
        threads[1].start()
        for thread in threads:
            thread.join()
        numbers = [self._acknowledged(r, key, sent, double_click=True) for r in results]
        statuses = [getattr(r, "status_code", 0) for r in results]
        self.recorder.note("double_click")
        if statuses[1] == 409 or statuses[0] == 409:
            self.recorder.note("double_click_one_got_409")
        if None not in numbers and numbers[0] != numbers[1]:
            self.recorder.note("double_click_two_receipts")

    def _acknowledged(self, response, key: str, sent: dict, *, double_click: bool = False) -> int | None:
        location = response.headers.get("Location", "") if response is not None else ""
        match = RECEIPT.search(location)
        if response is None or response.status_code != 302 or match is None:
            self.recorder.note(f"submit_not_acknowledged_{getattr(response, 'status_code', 0)}")
            return None
        number = int(match.group(1))
        self.recorder.ack(Ack(self.name, key, number, sent, double_click))
        self._request("receipt", "GET", self.base + location if location.startswith("/") else location)
        return number

    # -- the answer ----------------------------------------------------------------------------

    def _fill(self, round_: int, *, final: bool, step: int = 0) -> None:
        """Change the answer a little, as a person does between saves; the final one is complete."""
        self.final = final
        self.marker = f"[{self.name} runde {round_ + 1} {'innsendt' if final else f'utkast {step + 1}'}]"
        self.reorder = final or not self.order

    def _form(self, page: Page, button: str) -> dict:
        rng, data = self.rng, {"csrf_token": page.csrf, "version": page.version, "submission_key": page.key}
        rank_fields = [n for n in page.fields if n.startswith("rank-")]
        if self.reorder:
            self.order = [str(i) for i in rng.sample(range(1, len(rank_fields) + 1), len(rank_fields))]
        for name in page.fields:
            if name.startswith("pos-"):
                # Drafts leave some positions open and change others; a submit gives one for every area.
                if name not in self.positions or rng.random() < 0.3:
                    self.positions[name] = rng.choice(page.positions)
                if self.final or rng.random() < 0.6:
                    data[name] = self.positions[name]
            elif name.startswith(("com-", "q-")):
                data[name] = self._text(name)
            elif name.startswith("rank-"):
                data[name] = self.order[rank_fields.index(name)] if self.final or rng.random() < 0.5 else ""
        data.update(adopted_by="kommunestyre", decision_date="2026-11-19", case_number="26/1234")
        data[button] = "1"
        return data

    def _text(self, name: str) -> str:
        words = " ".join(self.rng.sample(WORDS, 4))
        # Browsers send textarea line ends as CRLF; the app keeps \n.
        return f"{self.marker} {name}: Vi vil prioritere {words}.\r\nÆrlig talt: mer søkelys på ungdom i Øvre Årdal."

    @staticmethod
    def _sent(data: dict) -> dict:
        """What a submit carried, for comparing with the stored version."""
        return {name: value for name, value in data.items() if name.startswith(("pos-", "com-", "rank-", "q-"))}

    # -- plumbing ----------------------------------------------------------------------------

    def _think(self) -> float:
        return self.rng.uniform(0.5 * self.think_s, 1.5 * self.think_s)

    def _pause(self, seconds: float) -> bool:
        time.sleep(max(0.0, min(seconds, self.recorder.stop_at - time.monotonic())))
        return self.recorder.may_continue()

    def _request(self, kind: str, method: str, url: str, *, data: dict | None = None,
                 session: requests.Session | None = None):
        started = time.monotonic()
        try:
            response = (session or self.session).request(method, url, data=data, allow_redirects=False,
                                                         timeout=self.timeout)
        except requests.RequestException:
            response = None
        elapsed = (time.monotonic() - started) * 1000
        self.recorder.add(Sample(kind, response.status_code if response is not None else 0, elapsed, started))
        return response


def source_address(index: int) -> str:
    """A loopback address of its own for consultee `index` (127.1.0.1, 127.1.0.2, …)."""
    return f"127.1.{index // 250}.{index % 250 + 1}"
