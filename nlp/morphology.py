"""Apertium's morphology for bokmål and nynorsk: lemma, part of speech and compound parts.

Debian's ``apertium-nno-nob`` ships analysers and constraint-grammar disambiguators for
both standards inside its translation modes (``nob-nno.mode``, ``nno-nob.mode``). We run
each mode up to its tagger — analyser, segmentation and disambiguation rules, the
statistical tagger — and read the disambiguated analysis with ``streamparser``.

Each distinct lower-case word form is analysed once per process: unseen forms are sent in
one batch, one request per batch, each form alone as a sentence of its own, so a form
always gets the same reading (the disambiguator sees no neighbours; it still chooses
between the readings of the form by its rules and the tagger's statistics). A form one
standard does not know is asked of the other; a form neither knows (Apertium's ``*word``)
has no reading, and the caller keeps its Snowball stem.

The same pair translates plain text between the standards (``Translator``, ``translator(source)``):
the whole mode between Apertium's text deformatter and reformatter, each distinct text once per
process, at most ``MAX_TRANSLATE_CHARS`` characters (or the caller's smaller limit) per call.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import shutil
import subprocess
import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nlp import settings

log = logging.getLogger(__name__)

#: Where Debian installs the modes of the Apertium language pairs.
DEFAULT_MODES = "/usr/share/apertium/modes"
#: ``HORING_NLP_APERTIUM``: a modes directory, or ``off``; unset means ``DEFAULT_MODES``
#: (read once, by ``nlp.settings``).
SETTING = "HORING_NLP_APERTIUM"
#: The mode whose analysis stages read each standard.
MODES = {"nob": "nob-nno", "nno": "nno-nob"}
#: Which standard is asked first for a pipeline's language; the other one is asked next.
ORDER = {"nb": ("nob", "nno"), "nn": ("nno", "nob")}
#: Longest form sent to Apertium (longer "words" are run-on text, not words).
MAX_FORM = 40
#: Forms per request to Apertium, to bound the size of one text sent.
BATCH = 20_000
#: Stands between texts tagged in one call (the analyser reads it as a sentence end).
SEPARATOR = "¶"
#: The translation mode out of each standard: bokmål → nynorsk and nynorsk → bokmål. Into nynorsk, the pair's
#: "nno_e" variant: «vi» and e-infinitives («vi støttar», «liggje», «omfatte»), the forms public bodies write
#: (the plain mode writes «me støttar», «liggja», «omfatta»).
TRANSLATION_MODES = {"nb": "nob-nno_e", "nn": "nno-nob"}
#: Words the nynorsk translation writes as the nynorsk of public bodies does not (both forms are correct
#: nynorsk; the other is the one the app's own nynorsk uses)
NYNORSK_STYLE = {"også": "òg"}
_NYNORSK_STYLE = re.compile(r"\b(" + "|".join(NYNORSK_STYLE) + r")\b", re.IGNORECASE)
#: Characters one ``Translator.translate`` call sends at most (about 1.6 s of Apertium here per
#: 20,000); callers that translate on a user's request pass a smaller limit of their own.
MAX_TRANSLATE_CHARS = 200_000
#: Distinct texts a Translator keeps translated in memory.
CACHE_TEXTS = 5_000
#: Characters that mark up Apertium's stream (escaped with a backslash in text sent to it)
_RESERVED = re.compile(r"[\[\]^$@/<>{}\\]")
_ESCAPE = re.compile(r"\\(.)")
_FORM_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_POS = {"n": "NOUN", "np": "PROPN", "vblex": "VERB", "vbser": "AUX", "vbhaver": "AUX",
        "vbmod": "AUX", "vaux": "AUX", "adj": "ADJ", "adv": "ADV", "preadv": "ADV", "pr": "ADP",
        "prn": "PRON", "det": "DET", "cnjcoo": "CCONJ", "cnjsub": "SCONJ", "cnjadv": "SCONJ",
        "num": "NUM", "ij": "INTJ", "infm": "PART", "part": "PART", "abbr": "X"}


@dataclass(frozen=True)
class Reading:
    """Apertium's disambiguated reading of one word form."""

    #: Lower-case lemma; a compound's lemma is its form up to the head, then the head's lemma.
    lemma: str
    #: Universal POS tag of the head ("NOUN", "VERB" …; "X" where Apertium's tag has none).
    pos: str
    #: Lemmas of a compound's parts, head last ("samferdsel", "prosjekt"); () for a simple word.
    parts: tuple[str, ...] = ()
    #: The standard whose analyser knew the form: "nob" or "nno".
    standard: str = "nob"
    #: Apertium's tags of the head after its part of speech ("m", "pl", "def", "gen" …).
    tags: tuple[str, ...] = ()


class Apertium:
    """Analyses word forms through the installed Apertium modes, each distinct form once."""

    def __init__(self, modes_dir: str | Path = DEFAULT_MODES, lang: str = "nb") -> None:
        if lang not in ORDER:
            raise ValueError(f"unsupported language {lang!r}; expected one of {tuple(ORDER)}")
        self.order = ORDER[lang]
        self.commands = {std: analyser_command(Path(modes_dir), MODES[std]) for std in self.order}
        #: The pair's nynorsk → bokmål translator, plain text in and out.
        self.translator = translator_command(Path(modes_dir), MODES["nno"])
        self._cache: dict[str, Reading | None] = {}
        self._lock = threading.Lock()
        #: Requests to Apertium so far (one per batch of unseen forms and standard), and
        #: the forms sent to them: each distinct form once per standard at most.
        self.calls = 0
        self.forms_sent = 0

    def analyse(self, forms: Iterable[str]) -> dict[str, Reading | None]:
        """Readings of lower-case forms (None where no analyser knows one), unseen ones in one batch."""
        wanted = set(forms)
        with self._lock:
            unseen = sorted(f for f in wanted if f not in self._cache)
            todo = [f for f in unseen if analysable(f)]
            self._cache.update(dict.fromkeys(unseen))
            for std in self.order:
                todo = [f for f in todo if self._cache[f] is None]
                for i in range(0, len(todo), BATCH):
                    self._cache.update(self._run(std, todo[i : i + BATCH]))
            return {f: self._cache[f] for f in wanted}

    def nynorsk(self, text: str) -> bool:
        """Whether a text has a word that nynorsk's analyser knows and bokmål's does not."""
        if self.order[0] != "nob":
            raise ValueError("ask the bokmål-first analyser (engine('nb')) which texts are nynorsk")
        readings = self.analyse(words(text))
        return any(r is not None and r.standard == "nno" for r in readings.values())

    def translate(self, texts: list[str]) -> list[str]:
        """Nynorsk texts in bokmål by the pair's translator (``nno-nob``), in one call."""
        found = run_translation(self.translator, texts)
        return list(texts) if found is None else found

    def tag(self, texts: Sequence[str]) -> list[list[tuple[str, Reading | None]]] | None:
        """Each text's words and punctuation as read in context, in one call; None if it fails.

        Unlike ``analyse``, the disambiguator sees each word's neighbours ("elever som
        slutter": a verb). A word the first standard does not know gets its reading of the
        other standard out of context, and otherwise None.
        """
        from streamparser import known, parse

        if not texts:
            return []
        # The stream format's own characters are escaped, as Apertium's deformatter does: a bare
        # "/" ("areal/naturregnskap") made the disambiguator stop, losing every text of the call.
        joined = f"\n{SEPARATOR}\n".join(_RESERVED.sub(r"\\\g<0>", t.replace(SEPARATOR, " ")) for t in texts)
        standard = self.order[0]
        try:
            out = self._pipe(self.commands[standard], joined)
        except (OSError, subprocess.CalledProcessError) as exc:
            log.warning("Apertium's tagger failed (%s)", exc)
            return None
        units = [(_ESCAPE.sub(r"\1", unit.wordform), unit) for unit in parse(out)]
        # The words the first standard does not know, asked of the other in one batch
        other = self.analyse(form.lower() for form, unit in units
                             if not (unit.knownness is known and unit.readings) and analysable(form.lower()))
        tagged: list[list[tuple[str, Reading | None]]] = [[]]
        for form, unit in units:
            if unit.wordform == SEPARATOR:
                tagged.append([])
            elif unit.knownness is known and unit.readings:
                tagged[-1].append((form, _reading(form.lower(), unit.readings[0], standard)))
            else:
                tagged[-1].append((form, other.get(form.lower())))
        if len(tagged) != len(texts):
            log.warning("Apertium's tagger returned %d texts for %d", len(tagged), len(texts))
            return None
        return tagged

    def reading(self, form: str) -> Reading | None:
        """The reading of one lower-case form (a call of its own if it is unseen)."""
        return self.analyse((form,))[form]

    def _run(self, standard: str, forms: list[str]) -> dict[str, Reading]:
        from streamparser import known, parse

        self.calls += 1
        self.forms_sent += len(forms)
        # Each form is a sentence of its own: the same form always gets the same reading.
        # The full stop stands apart, or "bl." would be read as one abbreviation.
        text = "".join(f"{form} .\n" for form in forms)
        found: dict[str, list] = {}
        units: list = []
        position = 0
        try:
            out = self._pipe(self.commands[standard], text)
        except (OSError, subprocess.CalledProcessError) as exc:
            log.warning("Apertium failed (%s); %d forms are stemmed instead", exc, len(forms))
            return {}
        for unit in parse(out):
            if unit.wordform != "." or not unit.readings or unit.readings[0][0].tags[:1] != ["sent"]:
                units.append(unit)
                continue
            # One form, one lexical unit; a form Apertium cut in two is left unread.
            if len(units) == 1 and units[0].knownness is known and position < len(forms):
                found[forms[position]] = units[0].readings[0]
            units, position = [], position + 1
        if position != len(forms):
            log.warning("Apertium returned %d analyses for %d forms; batch left unread", position, len(forms))
            return {}
        readings = {form: _reading(form, subs, standard) for form, subs in found.items()}
        return {form: r for form, r in readings.items() if r is not None}

    @staticmethod
    def _pipe(command: str, text: str) -> str:
        return pipeline(command).run(text)


#: Programs started afresh for each text. Apertium's statistical tagger adds the ambiguity classes
#: it meets to its model as it reads, so its choices depend on everything before in its input
#: (a text read after some others was tagged otherwise than alone); it loads in milliseconds.
STARTED_PER_TEXT = ("apertium-tagger",)
#: A kept pipeline nobody asked for this long is stopped, and its memory given back
IDLE_SECONDS = 60.0


class Pipeline:
    """A shell pipeline of Apertium's programs, its slow starters started once and kept running.

    The analysers, grammars and transfer stages load for 0.1–0.3 s and read each text alone:
    they run in null-flush mode (``-z``), answering each text ended by a null character as it
    comes, and stay running (``_Kept``). The programs of ``STARTED_PER_TEXT`` run once per text
    between them, as in a pipeline started for that text alone. One text is asked at a time.

    Kept programs hold their transducers in memory (some 100 MB for an analyser, 300–450 MB
    for a translator): a pipeline not asked for ``IDLE_SECONDS`` is stopped (``close_if_idle``,
    called by this process's reaper thread), and started again when next asked.
    """

    def __init__(self, command: str) -> None:
        #: The one-text pipeline it runs
        self.command = command
        stages = [" ".join(stage.split()) for stage in command.split("|")]
        self._parts: list[_Kept | str] = []
        for stage in stages:
            if stage.split()[0] in STARTED_PER_TEXT:
                self._parts.append(stage)
            elif self._parts and isinstance(self._parts[-1], _Kept):
                self._parts[-1].stages.append(stage)
            else:
                self._parts.append(_Kept([stage]))
        self._lock = threading.Lock()
        self._used = time.monotonic()

    @property
    def starts(self) -> int:
        """Times the kept programs were started (once each, unless they stopped)."""
        return sum(part.starts for part in self._parts if isinstance(part, _Kept))

    def run(self, text: str) -> str:
        """The pipeline's output for `text` (null characters in it are read as spaces, and a lone
        surrogate, which UTF-8 cannot carry, as "?").

        Raises ``OSError`` where a program cannot start or stops before answering, and
        ``subprocess.CalledProcessError`` where a program started per text fails.
        """
        data = text.replace("\0", " ").encode("utf-8", errors="replace")
        with self._lock:
            try:
                for part in self._parts:
                    data = part.run(data) if isinstance(part, _Kept) else _once(shlex.split(part), data)
            finally:
                self._used = time.monotonic()
        return data.decode("utf-8", errors="replace")

    def close(self) -> None:
        """Stop the kept programs; the next call starts them again."""
        for part in self._parts:
            if isinstance(part, _Kept):
                part.close()

    def close_if_idle(self, now: float, idle: float | None = None) -> bool:
        """Stop the kept programs if nobody asked for `idle` seconds (``IDLE_SECONDS``); whether it did."""
        if not self._lock.acquire(blocking=False):
            return False  # a request is under way
        try:
            if now - self._used < (IDLE_SECONDS if idle is None else idle) or not self.running:
                return False
            self.close()
            return True
        finally:
            self._lock.release()

    @property
    def running(self) -> bool:
        """Whether any of its kept programs runs in this process."""
        return any(part.running for part in self._parts if isinstance(part, _Kept))


class _Kept:
    """Stages of a pipeline in null-flush mode, started on first use and kept running.

    The input is written by a thread of its own while the answer is read, so that a long text
    cannot fill both pipes and stop both sides. Programs that stopped or failed are started
    again on the next call, as they are in a process forked from this one.
    """

    def __init__(self, stages: list[str]) -> None:
        self.stages = stages
        self._process: subprocess.Popen | None = None
        self._pid = 0
        self.starts = 0

    def run(self, data: bytes) -> bytes:
        process = self._started()
        try:
            return self._ask(process, data + b"\0")
        except OSError:
            self.close()
            raise

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None and self._pid == os.getpid():
            _stop(process)

    @property
    def running(self) -> bool:
        return self._process is not None and self._pid == os.getpid() and self._process.poll() is None

    def _started(self) -> subprocess.Popen:
        if self._process is None or self._pid != os.getpid() or self._process.poll() is not None:
            command = " | ".join(" ".join([stage.split()[0], "-z", *stage.split()[1:]]) for stage in self.stages)
            self._process = subprocess.Popen(["sh", "-c", command], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self._pid = os.getpid()
            self.starts += 1
            weakref.finalize(self, _stop, self._process)
        return self._process

    @staticmethod
    def _ask(process: subprocess.Popen, data: bytes) -> bytes:
        failed: list[OSError] = []

        def write() -> None:
            try:
                process.stdin.write(data)
                process.stdin.flush()
            except OSError as exc:
                failed.append(exc)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        out = bytearray()
        while not out.endswith(b"\0"):
            chunk = os.read(process.stdout.fileno(), 1 << 16)
            if not chunk:
                writer.join()
                raise (failed[0] if failed else OSError("Apertium's programs stopped before answering"))
            out += chunk
        writer.join()
        return bytes(out[:-1])


def _stop(process: subprocess.Popen) -> None:
    for stream in (process.stdin, process.stdout):
        try:
            stream.close()
        except OSError:
            pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()


#: The pipelines of this process, by command
_PIPELINES: dict[str, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()


#: The process whose reaper thread runs (a forked process starts its own)
_REAPER: dict[str, int] = {}


def pipeline(command: str) -> Pipeline:
    """This process's pipeline for a one-text command (``analyser_command``, ``translator_command``)."""
    with _PIPELINES_LOCK:
        if command not in _PIPELINES:
            _PIPELINES[command] = Pipeline(command)
        if _REAPER.get("pid") != os.getpid():
            _REAPER["pid"] = os.getpid()
            threading.Thread(target=_reap, name="apertium-reaper", daemon=True).start()
        return _PIPELINES[command]


def _reap() -> None:
    """Stop the pipelines nobody asked for ``IDLE_SECONDS``, looking every few seconds, for good."""
    while True:
        time.sleep(IDLE_SECONDS / 4)
        with _PIPELINES_LOCK:
            kept = list(_PIPELINES.values())
        for each in kept:
            each.close_if_idle(time.monotonic())


def run_translation(command: str, texts: Sequence[str]) -> list[str] | None:
    """Texts through a translator pipeline in one call; None where it failed or lost a text.

    Apertium's plain-text deformatter and reformatter have no null-flush mode and start in
    milliseconds: they run once per call, around the kept translation pipeline.
    """
    if not texts:
        return []
    separator = "\n\n¶¶¶\n\n"  # passes the translator as an unknown word
    try:
        formatted = _once(["apertium-destxt"], separator.join(texts).encode("utf-8", errors="replace"))
        translated = pipeline(command).run(formatted.decode("utf-8", errors="replace"))
        out = _once(["apertium-retxt"], translated.encode("utf-8")).decode("utf-8", errors="replace")
    except (OSError, subprocess.CalledProcessError) as exc:
        log.warning("Apertium's translator failed (%s)", exc)
        return None
    found = [t.strip() for t in out.split("¶¶¶")]
    if len(found) != len(texts):
        log.warning("Apertium's translator returned %d texts for %d", len(found), len(texts))
        return None
    return found


class Translator:
    """Plain text from one written standard into the other by the pair's translator.

    Each distinct text is translated once per process (up to ``CACHE_TEXTS`` texts are kept; the
    cache starts afresh when full). One call translates at most ``limit`` characters, texts taken in
    order: a text that would pass the limit, and every text after it, comes back as None.
    """

    def __init__(self, modes_dir: str | Path = DEFAULT_MODES, source: str = "nb") -> None:
        if source not in TRANSLATION_MODES:
            raise ValueError(f"unsupported language {source!r}; expected one of {tuple(TRANSLATION_MODES)}")
        self.source, self.target = source, "nn" if source == "nb" else "nb"
        self.command = translator_command(Path(modes_dir), TRANSLATION_MODES[source])
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()
        #: Characters sent to the translator so far (cached texts are not sent again)
        self.chars_sent = 0

    def translate(self, texts: Sequence[str], limit: int = MAX_TRANSLATE_CHARS) -> list[str | None]:
        """The texts in the other standard; None for those beyond `limit` characters or where Apertium failed."""
        allowed, used = [], 0
        for text in texts:
            used += len(text)
            allowed.append(used <= limit)
        wanted = [t for t, ok in zip(texts, allowed, strict=True) if ok]
        with self._lock:
            unseen = sorted({t for t in wanted if t.strip() and t not in self._cache})
            found = run_translation(self.command, unseen) if unseen else []
            if found is not None and self.target == "nn":
                found = [nynorsk_style(text) for text in found]
            if found is not None:
                if len(self._cache) + len(unseen) > CACHE_TEXTS:
                    self._cache.clear()
                self._cache.update(zip(unseen, found, strict=True))
                self.chars_sent += sum(map(len, unseen))
            return [(text if not text.strip() else self._cache.get(text)) if ok else None
                    for text, ok in zip(texts, allowed, strict=True)]


def nynorsk_style(text: str) -> str:
    """Nynorsk as the app writes it: «òg» for «også» (capital where the word was)."""
    def swap(match: re.Match) -> str:
        word = NYNORSK_STYLE[match.group().lower()]
        return word[:1].upper() + word[1:] if match.group()[:1].isupper() else word

    return _NYNORSK_STYLE.sub(swap, text)


@cache
def translator(source: str) -> Translator | None:
    """The process-wide translator out of "nb" or "nn", or None where Apertium is not installed or off."""
    setting = settings.current().apertium
    if setting.lower() == "off":
        return None
    try:
        return Translator(setting or DEFAULT_MODES, source)
    except (FileNotFoundError, NotADirectoryError) as exc:
        log.info("Apertium's translator not used (%s)", exc)
        return None


def _once(command: list[str], data: bytes) -> bytes:
    """A program's output for `data`, started for it alone."""
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout


def words(text: str) -> set[str]:
    """The distinct lower-case forms of a text that Apertium is asked about.

    A hyphenated form comes with its parts, which a tokenizer may cut it into.
    """
    found = set(_FORM_RE.findall(text.lower()))
    found.update([p for f in found if "-" in f for p in f.split("-")])
    return {f for f in found if analysable(f)}


def analysable(form: str) -> bool:
    """Whether a lower-case form is a word Apertium is asked about (letters, inner hyphens)."""
    return 1 < len(form) <= MAX_FORM and _FORM_RE.fullmatch(form) is not None


def analyser_command(modes_dir: Path, mode: str) -> str:
    """The shell pipeline of a mode's analysis stages: up to and including its tagger.

    Raises ``FileNotFoundError`` where the mode or its programs are not installed.
    """
    stages = [s.strip() for s in (modes_dir / f"{mode}.mode").read_text(encoding="utf-8").split("|")]
    tagger = next((i for i, s in enumerate(stages) if s.startswith("apertium-tagger")), None)
    if tagger is None:
        raise FileNotFoundError(f"mode {mode} has no tagger stage")
    stages = stages[: tagger + 1]
    # $1/$2 are the translator's options; -p keeps each surface form in the tagger's output.
    stages[-1] = stages[-1].replace("$2", "").replace("-p ", "").replace("apertium-tagger", "apertium-tagger -p", 1)
    for program in {s.split()[0] for s in stages}:
        if shutil.which(program) is None:
            raise FileNotFoundError(f"{program} is not installed")
    return " | ".join(" ".join(s.replace("$1", "").split()) for s in stages)


def translator_command(modes_dir: Path, mode: str) -> str:
    """The whole mode, read between Apertium's plain-text deformatter and reformatter (``run_translation``).

    Raises ``FileNotFoundError`` where the mode or its programs are not installed.
    """
    stages = (modes_dir / f"{mode}.mode").read_text(encoding="utf-8").strip()
    for program in {"apertium-destxt", "apertium-retxt", *(s.split()[0] for s in stages.split("|"))}:
        if shutil.which(program) is None:
            raise FileNotFoundError(f"{program} is not installed")
    # As the ``apertium -u`` script calls a mode: $1 generates without unknown-word marks.
    return " | ".join(" ".join(s.split()) for s in stages.replace("$1", "-n").replace("$2", "").split("|"))


def _reading(form: str, subreadings: list, standard: str) -> Reading | None:
    lemmas = [sub.baseform.lower() for sub in subreadings]
    tags = subreadings[-1].tags
    if not lemmas[-1] or not tags:
        return None
    pos = _POS.get(tags[0], "PUNCT" if tags[0] in ("sent", "cm", "lpar", "rpar", "guio") else "X")
    if len(lemmas) == 1:
        return Reading(lemmas[0], pos, (), standard, tuple(tags[1:]))
    return Reading(_compound_lemma(form, lemmas), pos, tuple(lemmas), standard, tuple(tags[1:]))


def _compound_lemma(form: str, parts: list[str]) -> str:
    # The form up to where its head begins, then the head's lemma ("samferdselsprosjektene"
    # → "samferdselsprosjekt"); a head spelled otherwise in the form ("-bøker") is matched by
    # its longest beginning that is, and failing that the parts are joined.
    head = parts[-1]
    for n in range(len(head), 1, -1):
        at = form.rfind(head[:n])
        if at > 0:
            return form[:at] + head
    return "".join(parts)


def as_bokmal(texts: Sequence[str]) -> list[str]:
    """Texts as the word profiles and the encoder read them: nynorsk ones in bokmål.

    Where Apertium runs and the round has at most ``translate_max_units`` units (``nlp.settings``:
    the translator runs at about 150 units a second here; larger rounds are read as written),
    each unit with a word only nynorsk knows is translated by the pair's translator; the rest,
    and everything where Apertium is missing, are returned as they are.
    """
    found = engine("nb")
    if found is None or len(texts) > settings.current().translate_max_units:
        return list(texts)
    found.analyse(f for text in texts for f in words(text))  # one batch for the whole round
    nynorsk = [i for i, text in enumerate(texts) if found.nynorsk(text)]
    out = list(texts)
    for i, text in zip(nynorsk, found.translate([texts[i] for i in nynorsk]), strict=True):
        out[i] = text
    return out


def reading(form: str, lang: str = "nb") -> Reading | None:
    """The process-wide analyser's reading of a lower-case form; None where none is known."""
    found = engine(lang)
    return found.reading(form) if found is not None and analysable(form) else None


@cache
def engine(lang: str = "nb") -> Apertium | None:
    """The process-wide analyser for a language, or None where Apertium is not installed or off."""
    setting = settings.current().apertium
    if setting.lower() == "off":
        return None
    try:
        import streamparser  # noqa: F401  (the stream reader, from PyPI)

        return Apertium(setting or DEFAULT_MODES, lang)
    except (ImportError, FileNotFoundError, NotADirectoryError) as exc:
        log.info("Apertium not used (%s); words are stemmed by Snowball", exc)
        return None
