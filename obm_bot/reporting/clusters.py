"""Grouping unmet questions by similar wording, so the buying list reads as topics.

Each question is reduced to its content words (normalised, without the words every course
question has: "ik zoek een cursus voor ..."); identical cores are counted together, then a
greedy pass joins cores that read alike (rapidfuzz ``token_sort_ratio``). Not
``token_set_ratio``: it scores 75-80 for two topics that merely share one word ("cobot
programmeren" / "lasrobot offline programmeren", "accu veiligheid" / "waterstof veiligheid"),
and a buying list that merges distinct needs hides them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from obm_bot.understanding.lexicon import COMMON_WORDS
from obm_bot.understanding.normalise import normalise

SIMILAR = 78.0  # token_sort_ratio: spelling and inflection join ("warmtepomp installatie" /
# "warmtepompen installeren" 83), different topics sharing one word stay apart (<= 72)
FILLER = (
    frozenset(
        """
    cursus cursussen training trainingen opleiding opleidingen scholing workshop zoek zoeken
    zoeken gezocht aanbod hebben jullie bieden volgen graag iets over voor mijn onze ons
    medewerker medewerkers collega collegas personeel man mensen personen aanmelden offerte
    inschrijven prijs kosten info informatie vraag welke wat waar wanneer er een de het
    helpen hulp
    """.split()
    )
    | COMMON_WORDS
)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+|\b)\d(?:[\s-]?\d){8,}\b")  # 9+ digits: 0612345678, +31 6 1234 5678


def without_contact_details(text: str, email: str = "[e-mail]", phone: str = "[telefoon]") -> str:
    """The report is passed around; e-mail addresses and phone numbers people typed stay out."""
    return PHONE.sub(phone, EMAIL.sub(email, text))


@dataclass
class Cluster:
    label: str
    count: int
    examples: list[str] = field(default_factory=list)
    core: str = ""


def content_words(text: str) -> list[str]:
    """The words that say what is asked, in the asker's order, each once."""
    tokens = normalise(text).tokens
    return list(
        dict.fromkeys(t for t in tokens if t not in FILLER and len(t) > 2 and not t.isdigit())
    )


def core(text: str) -> str:
    """Order-free key: "veiligheid waterstof" and "waterstof veiligheid" are one question."""
    return " ".join(sorted(content_words(text)))


def cluster_texts(texts: list[str], limit: int = 30) -> list[Cluster]:
    return cluster_counts(Counter(texts), limit)


def cluster_counts(counts: Counter[str], limit: int = 30) -> list[Cluster]:
    """Each distinct text with how often it was asked, in the order first asked: a text is
    normalised once however often it recurs."""
    by_core: dict[str, Counter[str]] = {}
    for text, n in counts.items():
        key = core(without_contact_details(text, "", ""))
        if key:
            by_core.setdefault(key, Counter())[without_contact_details(text.strip())] += n
    clusters: list[Cluster] = []
    representatives: list[str] = []
    # Most asked first: they become the representatives others join.
    for key, originals in sorted(by_core.items(), key=lambda kv: -sum(kv[1].values())):
        match = process.extractOne(
            key, representatives, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR
        )
        if match is None:
            representatives.append(key)
            # Labelled as it was most often asked, not in the key's alphabetical order.
            label = " ".join(content_words(originals.most_common(1)[0][0]))
            clusters.append(Cluster(label=label, count=0, core=key))
            target = clusters[-1]
        else:
            target = clusters[match[2]]
        target.count += sum(originals.values())
        for original, _ in originals.most_common():
            if len(target.examples) < 3 and original not in target.examples:
                target.examples.append(original)
    clusters.sort(key=lambda c: (-c.count, c.label))
    return clusters[:limit]
