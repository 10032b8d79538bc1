"""Grouping unmet questions by similar wording, so the buying list reads as topics.

Each question is reduced to its content words (normalised, without the words every course
question has: "ik zoek een cursus voor ..."); identical cores are counted together, then a
greedy pass joins cores whose words overlap enough (rapidfuzz ``token_set_ratio``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from obm_bot.understanding.lexicon import COMMON_WORDS
from obm_bot.understanding.normalise import normalise

SIMILAR = 75.0  # token_set_ratio: "cobot programmeren" joins "programmeren van een cobot"
FILLER = (
    frozenset(
        """
    cursus cursussen training trainingen opleiding opleidingen scholing workshop zoek zoeken
    zoeken gezocht aanbod hebben jullie bieden volgen graag iets over voor mijn onze ons
    medewerker medewerkers collega collegas personeel man mensen personen aanmelden offerte
    inschrijven prijs kosten info informatie vraag welke wat waar wanneer er een de het
    """.split()
    )
    | COMMON_WORDS
)


@dataclass
class Cluster:
    label: str
    count: int
    examples: list[str] = field(default_factory=list)
    core: str = ""


def core(text: str) -> str:
    words = [t for t in normalise(text).tokens if t not in FILLER and not t.isdigit()]
    return " ".join(sorted(dict.fromkeys(w for w in words if len(w) > 2)))


def cluster_texts(texts: list[str], limit: int = 30) -> list[Cluster]:
    by_core: dict[str, Counter[str]] = {}
    for text in texts:
        key = core(text)
        if key:
            by_core.setdefault(key, Counter())[text.strip()] += 1
    clusters: list[Cluster] = []
    representatives: list[str] = []
    # Most asked first: they become the representatives others join.
    for key, originals in sorted(by_core.items(), key=lambda kv: -sum(kv[1].values())):
        match = process.extractOne(
            key, representatives, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR
        )
        if match is None:
            representatives.append(key)
            clusters.append(Cluster(label=key, count=0, core=key))
            target = clusters[-1]
        else:
            target = clusters[match[2]]
        target.count += sum(originals.values())
        for original, _ in originals.most_common():
            if len(target.examples) < 3 and original not in target.examples:
                target.examples.append(original)
    clusters.sort(key=lambda c: (-c.count, c.label))
    return clusters[:limit]
