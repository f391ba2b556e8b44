"""The nlp package's settings, read from the environment once per process.

``current()`` reads them on first use, where the pipeline is built (``pipeline.load``), and
keeps them: a setting changed in the environment later in the process is not seen, so one
analysis never runs half with one encoder setting and half with another. Tests (and a tool
that must change them) call ``reload()``.

- ``HORING_NLP_MODEL``: an installed trained spaCy pipeline (e.g. nb_core_news_md) to build on
  instead of the blank Norwegian one.
- ``HORING_NLP_ENCODER``: ``auto`` (default: the sentence encoder where installed and the
  round is small enough), ``on`` (required) or ``off``; ``HORING_NLP_ENCODER_MAX_UNITS``
  moves the size limit (5,000 units).
- ``HORING_NLP_APERTIUM``: Apertium's modes directory, or ``off``; unset means Debian's.
- ``HORING_NLP_TRANSLATE_MAX_UNITS``: rounds of up to this many units have their nynorsk
  units read in bokmål (5,000).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

ENCODER_MODES = ("auto", "on", "off")


@dataclass(frozen=True)
class Settings:
    """What the environment chose for the pipeline, the encoder and Apertium."""

    #: Name of an installed trained spaCy pipeline, or None for the blank one
    model: str | None = None
    #: "auto", "on" or "off"
    encoder: str = "auto"
    encoder_max_units: int = 5_000
    #: Apertium's modes directory ("" for Debian's), or "off"
    apertium: str = ""
    translate_max_units: int = 5_000

    def __post_init__(self) -> None:
        if self.encoder not in ENCODER_MODES:
            raise ValueError(f"HORING_NLP_ENCODER must be auto, on or off, not {self.encoder!r}")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """The settings the environment gives (defaults where a variable is unset)."""
        return cls(model=environ.get("HORING_NLP_MODEL") or None,
                   encoder=environ.get("HORING_NLP_ENCODER", "auto").strip().lower() or "auto",
                   encoder_max_units=int(environ.get("HORING_NLP_ENCODER_MAX_UNITS", 5_000)),
                   apertium=environ.get("HORING_NLP_APERTIUM", "").strip(),
                   translate_max_units=int(environ.get("HORING_NLP_TRANSLATE_MAX_UNITS", 5_000)))


@cache
def current() -> Settings:
    """The process's settings, read from the environment on first use."""
    return Settings.from_environment()


def reload() -> Settings:
    """Read the environment again (tests; the pipeline and Apertium's analysers stay as built)."""
    current.cache_clear()
    return current()
