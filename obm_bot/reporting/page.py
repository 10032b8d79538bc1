"""The report as one self-contained HTML page (inline CSS and SVG) and a short chat summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from obm_bot.dialogue.customer.labels import INTENT_LABELS_NL
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.reporting.figures import Report


def getal(value: float | None) -> str:
    """Dutch number notation: 1.234 and 12,5."""
    if value is None:
        return "—"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def minuten(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{getal(round(value))} min" if value < 120 else f"{getal(round(value / 60, 1))} uur"


def maanden(value: float | None) -> str:
    return "—" if value is None else f"{getal(round(value, 1))} mnd"


def doel(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{getal(round(value * 100, 1))}%" if unit == "%" else getal(round(value, 1))


def cijfer(value: float | None) -> str:
    """An average score: "4,2"."""
    return "—" if value is None else getal(round(value, 1))


def scores(distribution: tuple[int, ...]) -> list[tuple[str, int]]:
    """Bars for the scores 1 to 5."""
    return [(f"{score} van 5", n) for score, n in enumerate(distribution, start=1)]


MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def kort(label: str) -> str:
    """Axis labels: "2026-W45" -> "W45", "2026-11" -> "nov '26"."""
    year, _, rest = label.partition("-")
    if rest.startswith("W"):
        return rest
    if rest.isdigit():
        return f"{MONTHS[int(rest) - 1]} '{year[-2:]}"
    return label


def map_labels(items: list[tuple[str, int]], labels: Mapping[str, str]) -> list[tuple[str, int]]:
    return [(labels.get(key, key), n) for key, n in items]


FILTERS: dict[str, Any] = {
    "getal": getal, "minuten": minuten, "maanden": maanden, "doel": doel,
    "map_labels": map_labels, "kort": kort, "cijfer": cijfer, "scores": scores,
}  # fmt: skip


def report_html(report: Report, org: Organisation, renderer: Renderer) -> str:
    generated = report.generated.astimezone(org.zone).strftime("%d-%m-%Y %H:%M")
    return renderer.page(
        "report.html.j2", FILTERS, r=report, org=org.name, generated=generated,
        intent_labels=INTENT_LABELS_NL, unmet_below=org.report.unmet_below,
        group_size=org.report.group_size, baseline_year=org.report.baseline.year,
    )  # fmt: skip


def report_summary(report: Report, org: Organisation, renderer: Renderer) -> str:
    return renderer.render(
        "report_summary", r=report, getal=getal, minuten=minuten, cijfer=cijfer,
        top_courses=report.courses[:3], top_unmet=report.unmet[:3],
        groups=[b for b in report.bundles if b.start_group],
    )  # fmt: skip
