"""Which written standard a Norwegian text is in, bokmål or nynorsk, from words only one of them uses.

A count of marker words: the small function words and common forms that differ between the two
standards and that the other standard never writes ("ikkje"/"ikke", "frå"/"fra"). Words valid in
both ("veg", "også", "derfor") are no evidence. Short texts often hold no marker at all; the
caller then falls back on what it knows (the writer's other texts, the round's language).
"""
from __future__ import annotations

from nlp.lexicon import words_of

NYNORSK = frozenset("""
ikkje eit ein kva kvar kven korleis kvifor frå dei deira desse dykk dykkar noko nokon nokre nokså
mykje meir berre sjølv sjølve vere vore vert verte hjå eg ho medan sidan utan difor òg saman
kvarandre treng ønskjer ynskjer gjer seier kjem kome fleire heile anna sjå vidare mogleg
moglegheit moglegheiter høyring høyringa høyringssvar innspel tilbod tenester teneste tenesta
tenestene kommunane kommunar løysing løysingar løysingane styrkje styrkjast tidlegare
einig einige ueinig ueinige byggje liggje leggje nemnde
""".split())
BOKMAL = frozenset("""
ikke et en hva hvor hvem hvordan hvorfor fra dem deres disse noe noen mye mer bare selv være
vært blir ble jeg hun mens uten hverandre sammen trenger ønsker gjør sier kommer flere hele
annet se videre mulig mulighet muligheter høring høringen høringssvar innspill tilbud
tjenester tjeneste tjenesten tjenestene kommunene løsning løsninger løsningene styrke tidligere
enig enige uenig uenige bygge ligge legge
""".split())
#: A text needs at least this many more marker words of one standard than of the other
MARGIN = 1
#: Only the start of a long text is read: a few thousand words settle the question
MAX_CHARS = 20_000


def written_standard(text: str) -> str | None:
    """"nn" or "nb" when the marker words of the text's start lean that way, None when they do not (none, or even)."""
    nynorsk = bokmal = 0
    for word in words_of((text or "")[:MAX_CHARS]):
        nynorsk += word in NYNORSK
        bokmal += word in BOKMAL
    if nynorsk - bokmal >= MARGIN:
        return "nn"
    if bokmal - nynorsk >= MARGIN:
        return "nb"
    return None
