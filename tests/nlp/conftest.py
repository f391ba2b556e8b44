"""Shared fixtures for the nlp tests: the pipeline is built once per session."""

from pathlib import Path

import pytest

from nlp import evaluate, pipeline
from nlp.types import FocusArea

DATA = Path(__file__).parent / "data"
PACKAGE_DATA = Path(__file__).parents[2] / "nlp" / "data"


@pytest.fixture(scope="session")
def nb():
    """The process-wide bokmål pipeline."""
    return pipeline.load("nb")


@pytest.fixture(scope="session")
def focus_areas() -> list[FocusArea]:
    """The regional focus areas of the shared dev set (seven areas)."""
    return evaluate.read_focus_areas(DATA / "focus_areas_regional.json")


@pytest.fixture(scope="session")
def labelled() -> list[dict]:
    """Our own labelled comments (bokmål and nynorsk), train and held-out parts."""
    return evaluate.read_gold(PACKAGE_DATA / "labelled.jsonl")
