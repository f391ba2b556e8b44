"""Remarks that carry no content of their own: "Vi har ingen flere merknader.", "Delvis enig."

Such a sentence is worth nothing as a quote: it says there is nothing to say, or it repeats the
position the consultee already gave. A sentence says nothing when every word in it is a stop
word, a word about remarks themselves ("merknader", "kommentarer"), a position word ("enig")
or a pointer back to what was written before ("ut over det som står over").
"""
from __future__ import annotations

from functools import cache

from nlp.lexicon import stop_words, words_of

#: Words about remarks, positions and what was said before, in bokmål and nynorsk
EMPTY_WORDS = frozenset("""
merknad merknader merknaden merknadene merknadar kommentar kommentarer kommentarar kommentaren
innspill innspel tilføyelser tilføyingar tillegg utfyllende utfyllande ytterligere ytterlegare
flere fleire andre anna annet særskilte spesielle spesielt noen nokon noe noko ingen inga ikke ikkje
enig enige einig einige uenig uenige ueinig ueinige delvis helt heilt stort sett
ut utover over ovenfor ovanfor nevnt nemnt nevnte nemnde står stod skrevet skrive skrivne sagt
her dette punkt punktet saken saka utkastet utkast viser vises syner til høringen høyringa
uttalelsen fråsegna svaret
""".split())


@cache
def _empty_words() -> frozenset[str]:
    return stop_words() | EMPTY_WORDS


def says_nothing(text: str) -> bool:
    """Whether the text has no word that carries content (blank text says nothing too)."""
    empty = _empty_words()
    return all(word in empty for word in words_of(text or ""))
