"""Benchmark: a deterministic synthetic corpus through segmentation, assignment and themes."""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable

from nlp import assign, encoder, lexicon, morphology, pipeline, segment, stance, themes
from nlp.types import Comment, FocusArea, method_name

#: Focus areas of the synthetic round (our own wording, shaped like a regional strategy).
FOCUS_AREAS = (
    FocusArea("samferdsel", "Samferdsel og kommunikasjon",
              "Veg, bane, kollektivtransport, ferje, bredbånd og mobildekning."),
    FocusArea("kompetanse", "Kompetanse og utdanning",
              "Skole, fagskole, høgskole, lærlinger og forskning."),
    FocusArea("naering", "Næringsutvikling", "Reiseliv, industri, landbruk, gründere og arbeidsplasser."),
    FocusArea("stedsutvikling", "Stedsutvikling og bolyst",
              "Sentrum, boliger, kultur, omdømme, tilflytting og integrering."),
    FocusArea("tjenester", "Tjenesteutvikling", "Helse og omsorg, digitalisering, innkjøp."),
    FocusArea("klima", "Klima og miljø", "Utslipp, fornybar energi, natur og sirkulærøkonomi."),
    FocusArea("samarbeid", "Samarbeid og politisk forankring",
              "Regionrådet, kommunestyrene, påvirkning og organisering."),
)
_GROUP_OF = {"samferdsel": "transport", "kompetanse": "education", "naering": "business",
             "stedsutvikling": "place", "tjenester": "services", "klima": "climate",
             "samarbeid": "governance"}
_OPENINGS = ("Kommunen mener at", "Vi støtter at", "Me meiner at", "Kommunen savner at",
             "Det er viktig at", "Vi er uenige i at", "Kommunen ønskjer at", "Det bør sikres at")
_LINKS = ("må prioriteres i strategien", "bør styrkjast dei neste åra", "er avgjørende for regionen",
          "må få meir merksemd", "har blitt forsømt", "bør sjåast i samanheng med", "gir store ringvirkninger")
_TAILS = ("Dette gjelder hele regionen.", "Det er ikkje godt nok i dag.",
          "Vi viser til vedtak i kommunestyret.", "Sjå også https://www.example.no/sak/12.",
          "Saka gjeld om lag 2 500 innbyggjarar.")


def corpus(n: int, seed: int = 0) -> list[Comment]:
    """N synthetic hearing comments in bokmål and nynorsk, the same for the same seed."""
    rng = random.Random(seed)
    concepts = lexicon.concepts()
    by_group = {g: [n for n in sorted(concepts) if n.startswith(g + "/")] for g in _GROUP_OF.values()}
    consultees = [f"Kommune {i:02d}" for i in range(40)]
    out = []
    for i in range(n):
        key = rng.choice(FOCUS_AREAS).key
        sentences = []
        for _ in range(rng.choice((1, 2, 2, 3))):  # about 40 words a comment, like minutes
            words = concepts[rng.choice(by_group[_GROUP_OF[key]])]
            topic = " og ".join(rng.sample(words, 2))
            sentences.append(f"{rng.choice(_OPENINGS)} {topic} {rng.choice(_LINKS)}.")
        text = " ".join(sentences) + " " + rng.choice(_TAILS)
        if rng.random() < 0.2:
            other = rng.choice(concepts[rng.choice(sorted(concepts))])
            text += f"\n\n- {other.capitalize()} {rng.choice(_LINKS)}."
        out.append(Comment(f"c{i}", text, consultees[i % len(consultees)]))
    return out


def run(n: int, seed: int = 0, log: Callable[[str], None] = lambda _: None) -> dict:
    """Time each stage on N comments; report throughput and peak resident memory."""
    stages: dict[str, float] = {}
    started = time.perf_counter()

    def stage(name: str, t0: float) -> None:
        """Record and log the wall time of one stage."""
        stages[name] = round(time.perf_counter() - t0, 3)
        log(f"{name:12} {stages[name]:8.2f} s")

    t0 = time.perf_counter()
    pipeline.load("nb")
    model = assign.build_model(FOCUS_AREAS)
    stage("setup", t0)
    t0 = time.perf_counter()
    comments = corpus(n, seed)
    stage("corpus", t0)
    t0 = time.perf_counter()
    units = [(c, u) for c in comments for u in segment.segment(c.text)]
    stage("segment", t0)
    t0 = time.perf_counter()
    texts = [u.text for _, u in units]
    pairs = pipeline.term_pairs(texts)
    stage("pipeline", t0)
    # The same rules as a real analysis: nynorsk units are read in bokmål, and the encoder
    # joins, only in rounds small enough for them.
    t0 = time.perf_counter()
    read, term_lists = pipeline.as_read(texts, pairs)
    stage("translate", t0)
    with_encoder = encoder.enabled(len(units))
    sims = vectors = None
    if with_encoder:
        t0 = time.perf_counter()
        vectors = encoder.encode(read, keep=False)  # what encoding costs, not what was kept
        sims = encoder.similarities(read, FOCUS_AREAS, vectors=vectors)
        stage("encode", t0)
    t0 = time.perf_counter()
    assigned = assign.assign_terms(model, term_lists, sims, vectors)
    stage("assign", t0)
    t0 = time.perf_counter()
    stances = [stance.stance(u.text).stance for _, u in units]
    stage("stance", t0)
    t0 = time.perf_counter()
    unit_comments = [Comment(f"{c.id}-{j}", u.text, c.consultee, a.label, None)
                     for j, ((c, u), a) in enumerate(zip(units, assigned, strict=True))]
    found = themes.build_themes(unit_comments, terms=pairs)
    stage("themes", t0)
    seconds = round(time.perf_counter() - started, 3)
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return {"n": n, "units": len(units), "themes": len(found), "seconds": seconds,
            "comments_per_s": round(n / seconds, 1) if seconds else 0.0,
            "peak_rss_mb": peak_mb, "stages": stages,
            "method": method_name(with_encoder, morphology.engine("nb") is not None),
            "stances": {s: stances.count(s) for s in sorted(set(stances))}}
