"""The customers' verdict in the management report: average, distribution and response rate,
per account manager and per kind of request. Pure arithmetic over the store's counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SCORES = (1, 2, 3, 4, 5)
KIND_NAMES = {
    "cursusaanvraag": "cursusaanvraag", "inschrijving": "inschrijving", "offerte": "offerte",
    "dienstverlening": "dienstverlening", "contactverzoek": "terugbelverzoek",
    "klacht": "klacht", "": "onbekend",
}  # fmt: skip


@dataclass(frozen=True)
class CsatRow:
    name: str
    asked: int
    rated: int
    average: float | None
    distribution: tuple[int, ...]
    """How many gave 1, 2, 3, 4 and 5."""

    @property
    def response_rate(self) -> float | None:
        return self.rated / self.asked if self.asked else None

    @property
    def low(self) -> int:
        return self.distribution[0] + self.distribution[1]


@dataclass(frozen=True)
class CsatFigures:
    total: CsatRow = field(default_factory=lambda: CsatRow("totaal", 0, 0, None, (0,) * 5))
    managers: list[CsatRow] = field(default_factory=list)
    kinds: list[CsatRow] = field(default_factory=list)


def _row(name: str, counts: Iterable[tuple[int | None, int]]) -> CsatRow:
    asked, by_score = 0, dict.fromkeys(SCORES, 0)
    for score, n in counts:
        asked += n
        if score in by_score:
            by_score[score] += n
    rated = sum(by_score.values())
    total = sum(score * n for score, n in by_score.items())
    average = total / rated if rated else None
    return CsatRow(name, asked, rated, average, tuple(by_score[s] for s in SCORES))


def csat_figures(counts: list[dict[str, Any]]) -> CsatFigures:
    """From the customers asked in the period, per account manager, kind and score (None:
    asked, not rated)."""
    by_who: defaultdict[str, list[tuple[int | None, int]]] = defaultdict(list)
    by_kind: defaultdict[str, list[tuple[int | None, int]]] = defaultdict(list)
    every = []
    for row in counts:
        item = (row["score"], int(row["n"]))
        by_who[row["who"]].append(item)
        by_kind[KIND_NAMES.get(row["kind"], row["kind"])].append(item)
        every.append(item)
    return CsatFigures(
        total=_row("totaal", every),
        managers=[_row(name, by_who[name]) for name in sorted(by_who)],
        kinds=sorted(
            (_row(name, items) for name, items in by_kind.items()), key=lambda r: (-r.asked, r.name)
        ),
    )
