"""Norwegian (bokmål and nynorsk) analysis of hearing comments: plain data in, plain data out.

Importing the package is cheap: spaCy and scikit-learn are imported by the modules that
need them, and the pipeline is built on first use (see ``nlp.pipeline.load``).
"""

from nlp.types import (
    OTHER,
    AnalysedUnit,
    Analysis,
    Answer,
    Assignment,
    Comment,
    Example,
    FocusArea,
    Question,
    Quote,
    StanceResult,
    Theme,
    Unit,
)

__all__ = [
    "OTHER",
    "AnalysedUnit",
    "Analysis",
    "Answer",
    "Assignment",
    "Comment",
    "Example",
    "FocusArea",
    "Question",
    "Quote",
    "StanceResult",
    "Theme",
    "Unit",
]
