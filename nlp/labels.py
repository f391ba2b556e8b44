"""Theme labels a council member can read: noun phrases in the comments' own words.

A theme's label names what its comments talk about the way they say it: "bredbånd og
mobildekning", "rekruttering av fagfolk", "nye fylker og regionrådets rolle". Apertium's
parts of speech find the noun phrases of each comment — a noun with the adjective before it,
a noun with a preposition and a second noun after it ("rekruttering av fagfolk"), a genitive
before a noun ("regionrådets rolle") or two nouns joined by "og". A phrase counts where a
noun in it carries one of the theme's distinctive terms; the phrase used in most comments
wins, grown to its longer form where that form recurs, and a second phrase about another
term is joined with "og". Words are compared by their index terms, in which nynorsk words
are spelled as bokmål, so no word is shown twice in its two written forms.

Without Apertium there are no parts of speech, and ``None`` tells the caller to fall back
on the key-word phrases of ``nlp.phrases``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass

from nlp import lexicon, morphology, segment
from nlp.phrases import readable

#: Prepositions that join a noun to the noun it is about ("rekruttering av fagfolk").
PREPOSITIONS = frozenset("av for til i på med om mellom innen innan langs ved blant".split())
COORDINATORS = frozenset(("og",))
#: The parts of speech whose words make a phrase's key (the link words do not).
WORD_POS = frozenset(("NOUN", "ADJ", "PROPN"))
#: Longest phrase shown as one part of a label, in words.
MAX_WORDS = 4
#: Longest label, in words, "og" included.
MAX_LABEL_WORDS = 7
#: A longer phrase replaces its head noun when it is used in this share of the noun's comments.
GROW_SHARE = 0.4
#: A second phrase joins the label when used in this share of the first one's comments.
SECOND_SHARE = 0.25
#: Adjectives that say how much or how good, not what: left out of phrases.
PLAIN_ADJECTIVES = frozenset("""god bra dårlig stor liten lita mange mye mykje flere fleire
    viktig sentral lang kort rask konkret sikker hel heil all annen annan eigen egen samme same
    slik ulik aktuell relevant nødvendig naudsynt mulig mogleg særlig særleg stadig ekstra
    vesentlig vesentleg generell tydelig tydeleg klar positiv negativ""".split())
#: Nouns that name no topic: how, how much, which part or where in a document ("på ein god måte",
#: "i stor grad", "ei rekke tiltak", "på side 12", "i kapittel 4", "i tråd med", "på bekostning av", "i skuffen").
#: A phrase ending in one is no label.
EMPTY_NOUNS = frozenset("""måte grad rekke forhold bakgrunn vegne vegner kapittel side del punkt
    tilfelle sammenheng samanheng fall ledd avsnitt ting type form moment utgangspunkt omfang henhold
    høve tilknytning tilknyting vis stykke eksempel døme antall tal mengde prosent gang tema hovedsak
    hovudsak trekk høyde høgde tak begynnelse byrjing januar februar mars april mai juni juli august
    september oktober november desember tråd bekostning skuff""".split())
#: What a statement does rather than what it is about ("… og anbefaling", "… og vurderingar"): never
#: the second phrase of a label (a theme about the procedure itself still gets one as its first)
PROCEDURE = frozenset("""utarbeiding utarbeidelse anbefaling tilråding bekymring etterlysing vurdering
    merknad innspill innspel uttalelse uttale fråsegn høring høyring høringssvar høyringssvar
    høringsinnspill høyringsinnspel kommentar tilbakemelding spørsmål skriv brev""".split())
#: Who writes or decides, not what about: an authority, an office or a place as an administration
#: ("fylkesmannen", "departementet", "kommunen"). Such a noun alone is never a label's second phrase
#: and its first only where the comments have no other phrase ("Fylkesmannen og mål" -> "Mål og
#: handlingsprogram"); with a word before or after it, it is a topic ("nye fylker", "kommunens rolle").
#: The region's own bodies ("regionrådet", "samarbeidsrådet", "kommunestyrene", "sekretariatet") are
#: not here: how they work is a topic of its own in a regional council's rounds.
#: (Compared with a compound's last part too: "nabokommune", "hn-direktør"; so no "lag" or "stat",
#: the last parts of "grunnlag" and "velferdsstat".)
WHO = frozenset("""fylkesmann statsforvalter statsforvaltar fylkeskommune kommune fylke region rådmann
    kommunedirektør ordfører departement direktorat formannskap fylkesting fylkesutvalg fylkesutval
    administrasjon politiker høringsinstans høyringsinstans arbeidsgruppe medlem myndighet mynde etat
    organisasjon bondelag forening forbund aktør direktør råd""".split())
#: The comments nearest a theme's centre read for its label, and the characters read of each:
#: at most about 120,000 characters per theme.
SAMPLE, MAX_CHARS = 60, 2_000
#: The themes of one analysis are tagged together, in Apertium requests of at most this many
#: characters: each request starts the statistical tagger and makes a round trip through the kept
#: analyser (``morphology.Pipeline``), which a request per theme paid 65 times in the
#: 100,000-comment benchmark.
BATCH_CHARS = 1_000_000
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    lemma: str
    pos: str
    tags: tuple[str, ...]
    term: str  # the word's first index term ("" where it has none)
    terms: tuple[str, ...]  # all its index terms: lemma and compound parts
    standard: str = ""  # "nob" or "nno": the analyser that knew the word ("" where none did)


def tag_samples(samples: Sequence[Sequence[str]], lang: str = "nb",
                key_terms: Sequence[Sequence[str]] | None = None) -> list[list | None]:
    """Apertium's tagging of several themes' comments (each theme's first ``SAMPLE``, cut at
    ``MAX_CHARS``), in as few calls as ``BATCH_CHARS`` allows; a theme's entry is None where
    Apertium is missing or its call failed (``noun_phrase_label`` then falls back).

    With each theme's ``key_terms``, only the sentences of a comment that hold one of them are
    tagged (``bearing``): a label is made of phrases with a key term, and Apertium's
    disambiguator, which reads a sentence at a time, costs some 6 ms per 100 characters.
    """
    engine = morphology.engine(lang)
    keys = key_terms if key_terms is not None else [None] * len(samples)
    cut = [[bearing(text[:MAX_CHARS], k, lang) for text in texts[:SAMPLE]] for texts, k in zip(samples, keys, strict=True)]
    out: list[list | None] = [None] * len(cut)
    if engine is None:
        return out
    batches: list[list[int]] = [[]]
    size = 0
    for i, texts in enumerate(cut):
        length = sum(len(t) for t in texts)
        if batches[-1] and size + length > BATCH_CHARS:
            batches.append([])
            size = 0
        if texts:
            batches[-1].append(i)
            size += length
    for batch in batches:
        tagged = engine.tag([t for i in batch for t in cut[i]]) if batch else None
        at = 0
        for i in batch if tagged is not None else ():
            out[i], at = tagged[at : at + len(cut[i])], at + len(cut[i])
    return out


def bearing(text: str, key_terms: Sequence[str] | None, lang: str = "nb") -> str:
    """The sentences of `text` that hold a word with one of `key_terms` (all of it without terms)."""
    if key_terms is None:
        return text
    keys = set(key_terms)
    kept = [u.text for u in segment.sentences(text)
            if any(keys.intersection(lexicon.terms_of_word(w, lang)) for w in _WORD.findall(u.text.lower()))]
    return " ".join(kept)


def noun_phrase_label(key_terms: Sequence[str], texts: Sequence[str], lang: str = "nb",
                      tagged: list | None = None, written: Container[str] = ()) -> tuple[str, tuple[str, ...]] | None:
    """The label and its phrases for a theme's comments, or None without Apertium or a phrase
    (``tagged``: the comments' tagging from ``tag_samples``, where the caller has it; ``written``:
    the lower-case words of the whole round's comments, where a noun the theme's comments wrote only
    as definite, «reiselivet», may find its indefinite form, «reiseliv», written by another)."""
    if not key_terms:
        return None
    if tagged is None:
        tagged = tag_samples([texts], lang, [key_terms])[0]
    if tagged is None:
        return None
    weights = {t: 1.0 / (1 + rank) for rank, t in enumerate(key_terms)}
    surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    #: Every index term of a phrase's words, compound parts included ("regionråd": region, råd).
    covers: dict[tuple[str, ...], set[str]] = defaultdict(set)
    definite: set[str] = set()
    #: Phrases as written with a word only the other standard knows ("kollektivtilbodet" in a bokmål round)
    foreign: set[str] = set()
    own = "nno" if lang == "nn" else "nob"
    docs: Counter[tuple[str, ...]] = Counter()
    #: The phrases that only say who (a body, a role or a name alone)
    who: set[tuple[str, ...]] = set()
    for words in tagged:
        found: set[tuple[str, ...]] = set()
        for chunk in _chunks(words, lang):
            for phrase in _phrases(chunk):
                key = tuple(t.term or t.lemma for t in phrase if t.pos in WORD_POS)
                if len(phrase) == 1 and _who(phrase[0]):
                    who.add(key)
                surface = _surface(phrase)
                surfaces[key][surface] += 1
                is_foreign = any(t.standard not in ("", own) for t in phrase)
                if "def" in phrase[-1].tags:
                    definite.add(surface)
                    head = phrase[0]
                    if (len(phrase) == 1 and "sg" in head.tags and head.pos == "NOUN" and not _who(head)
                            and head.lemma in written):
                        surfaces[key][head.lemma] += 0  # a candidate, written in the round: counts no use here
                        if is_foreign:
                            foreign.add(head.lemma)
                if is_foreign:
                    foreign.add(surface)
                # Stemmed too: a lemma and the same word as a compound's part meet ("fylke", "fylk")
                covers[key].update(f for token in phrase for t in token.terms for f in (t, lexicon.stem(t)))
                found.add(key)
        docs.update(found)
    scored = {k: n * _weight(k, weights) for k, n in docs.items() if _weight(k, weights) > 0}
    if not scored:
        # No noun phrase holds a key term (they were verbs, or words run together): the phrase
        # the comments use most, as long as it says more than who
        # (a word of every plan, "arbeid", "år", only where there is nothing else)
        generic = lexicon.generic_terms(lang)
        scored = {k: n * (0.5 if generic.issuperset(k) else 1.0) for k, n in docs.items() if k not in who}
        if not scored:
            return None
    # Who alone is no topic; grown into a phrase it may be one ("nye fylker", "regionrådets rolle")
    topical = {k: s for k, s in scored.items() if k not in who or _grown(k, docs) not in who}
    first = _grown(_best(topical or scored, docs), docs)
    phrases = [_shown(first, surfaces, definite, foreign)]
    rest = {k: s for k, s in topical.items() if covers[k].isdisjoint(covers[first]) and not PROCEDURE.issuperset(k)}
    if rest and "og" not in phrases[0].split():
        # grown only into forms without the first phrase's words ("velferdsteknologi", not
        # "felles løsninger for velferdsteknologi" beside "løsninger")
        second = _grown(_best(rest, docs), {k: n for k, n in docs.items() if covers[k].isdisjoint(covers[first])})
        shown = _shown(second, surfaces, definite, foreign)
        if (docs[second] >= SECOND_SHARE * docs[first] and covers[second].isdisjoint(covers[first])
                and "og" not in shown.split() and len(f"{phrases[0]} {shown}".split()) < MAX_LABEL_WORDS):
            phrases.append(shown)
    label = " og ".join(phrases)
    return label[:1].upper() + label[1:], tuple(phrases)


def _chunks(tagged: list[tuple[str, object]], lang: str) -> list[list[_Token]]:
    """Runs of words without punctuation between them (a comma or full stop ends a run)."""
    chunks: list[list[_Token]] = [[]]
    for text, reading in tagged:
        if reading is None and not _WORD.fullmatch(text) or reading is not None and reading.pos == "PUNCT":
            chunks.append([])
            continue
        lower = text.lower()
        terms = lexicon.terms_of_word(lower, lang) if _WORD.fullmatch(text) else ()
        pos, tags, lemma = (reading.pos, reading.tags, reading.lemma) if reading else ("X", (), lower)
        chunks[-1].append(_Token(text, lower, lemma, pos, tags, terms[0] if terms else "", terms,
                                 reading.standard if reading else ""))
    return [c for c in chunks if c]


def _phrases(chunk: list[_Token]) -> list[tuple[_Token, ...]]:
    """The noun phrases of one run of words: each noun alone and in its longer forms."""
    out: list[tuple[_Token, ...]] = []
    for i, token in enumerate(chunk):
        if not _noun(token):
            continue
        start = i - 1 if i > 0 and _adjective(chunk[i - 1]) else i
        if "gen" not in token.tags:  # a genitive alone waits for its noun ("kulturpolitikkens …")
            out.append((token,))
        if start < i:
            out.append(tuple(chunk[start : i + 1]))
        after = _noun_after(chunk, i + 1)
        if after is None:
            continue
        link, tail = after
        if link is None and "gen" in token.tags:  # "regionrådets rolle"
            out.append((*chunk[start : i + 1], *tail))
        elif link is not None:  # "rekruttering av fagfolk", "bredbånd og mobildekning"
            out.append((*chunk[start : i + 1], link, *tail))
    # A phrase that ends in a noun of no topic says nothing ("måte", "kartet på side", "betydning og grad")
    return [p for p in out if len(p) <= MAX_WORDS and p[-1].lemma not in EMPTY_NOUNS]


def _noun_after(chunk: list[_Token], j: int):
    """The (link word, noun phrase) right after position j: "av fagfolk", "og mobildekning"."""
    link = None
    if j < len(chunk) and chunk[j].lower in PREPOSITIONS | COORDINATORS:
        link, j = chunk[j], j + 1
    if j < len(chunk) and _adjective(chunk[j]) and j + 1 < len(chunk) and _noun(chunk[j + 1]):
        return link, (chunk[j], chunk[j + 1])
    if j < len(chunk) and _noun(chunk[j]):
        return link, (chunk[j],)
    return None


def _noun(token: _Token) -> bool:
    return token.pos == "NOUN" and bool(token.term) and readable(token.lower)


def _who(token: _Token) -> bool:
    """A body, an office or a role ("fylkesmannen", "samarbeidsrådet"), or a name Apertium guessed
    as a noun ("Vestland" opening a sentence). A capital alone says nothing: quoted headings
    ("innsatsområdet Klima og miljø") are topics."""
    head = (token.terms[-1] if token.terms else token.lemma).rsplit("-", 1)[-1]  # "hn-direktør"
    return (token.term in WHO or head in WHO or lexicon.stem(head) in _WHO_STEMS
            or "cgguess" in token.tags and token.text[:1].isupper())


_WHO_STEMS = frozenset(lexicon.stem(w) for w in WHO)


def _adjective(token: _Token) -> bool:
    return token.pos == "ADJ" and token.lemma not in PLAIN_ADJECTIVES and token.lower.isalpha()


def _weight(key: tuple[str, ...], weights: dict[str, float]) -> float:
    return sum(weights.get(t, 0.0) for t in set(key))


def _best(scored: dict[tuple[str, ...], float], docs: Counter) -> tuple[str, ...]:
    """The single noun (or adjective and noun) with the highest score; ties to the shortest."""
    simple = {k: s for k, s in scored.items() if len(k) == 1} or scored
    return min(simple, key=lambda k: (-simple[k], -docs[k], len(k), k))


def _grown(key: tuple[str, ...], docs: Counter | dict[tuple[str, ...], int]) -> tuple[str, ...]:
    """The longest phrase around ``key`` used in enough of its comments, else ``key``."""
    need = max(2, GROW_SHARE * docs[key]) if docs[key] > 1 else 1
    longer = [k for k in docs if len(k) > len(key) and _contains(k, key) and docs[k] >= need
              and len(set(k)) == len(k)]
    return max(longer, key=lambda k: (docs[k], len(k), k)) if longer else key


def _contains(longer: tuple[str, ...], key: tuple[str, ...]) -> bool:
    n = len(key)
    return any(longer[i : i + n] == key for i in range(len(longer) - n + 1))


def _surface(phrase: tuple[_Token, ...]) -> str:
    return " ".join(t.text if t.pos == "PROPN" else t.lower for t in phrase)


def _shown(key: tuple[str, ...], surfaces: dict[tuple[str, ...], Counter], definite: set[str],
           foreign: set[str] = frozenset()) -> str:
    """The phrase as the comments wrote it in the round's own standard where they did (not in
    ``foreign``), else in the other; of those an indefinite form where one was written, as a heading
    names a thing («reiseliv» where a comment of the round wrote it beside «reiselivet»; a lemma no
    comment wrote is not made up: Apertium's reading of a compound can be wrong, «høringslist»); then
    the form written most often, then A–Z. A bokmål round's label reads «kollektivtilbudet» where one
    comment wrote that and another «kollektivtilbodet»; a nynorsk round's the other way round."""
    return min(surfaces[key].items(), key=lambda kv: (kv[0] in foreign, kv[0] in definite, -kv[1], kv[0]))[0]
