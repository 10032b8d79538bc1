"""A picture of a learner's trajectory: a PNG of milestones, today and pay steps.

Made for a phone held upright: one row per moment (the start, each milestone, today) down a
vertical line, in date order, so labels never share a place however close the dates are;
text of at least 28 px on a 1080 px wide image (Telegram shows it about 3× smaller). Done
milestones green, open ones grey, late ones red, postponed ones orange, today blue.

The font ships with the package (DejaVu Sans, ``fonts/LICENSE-DejaVu.txt``): Pillow's
built-in font lacks glyphs such as "→", and a system font may not be there. ``layout`` says
where every label goes; the drawing only follows it, so a test can check the boxes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from obm_bot.domain.learners import Learner, Milestone, MilestoneStatus
from obm_bot.rendering.renderer import dutch_date

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
WIDTH, MARGIN = 1080, 60
LINE_X, TEXT_X = 110, 165
DOT = 16
GREEN, GREY, RED, ORANGE = (46, 139, 87), (120, 120, 120), (200, 40, 40), (220, 120, 0)
BLUE, INK, LINE = (30, 100, 220), (30, 30, 30), (190, 190, 190)
TITLE, SUBTITLE, NAME, DETAIL, LEGEND = 46, 32, 38, 31, 28
ROW_GAP = 34
LEGEND_ITEMS = ((GREEN, "behaald"), (GREY, "gepland"), (ORANGE, "uitgesteld"), (RED, "te laat"))

RGB = tuple[int, int, int]
Line = tuple[str, int, bool, RGB]  # text, size, bold, colour
Row = tuple[dt.date, int, RGB, bool, list[Line]]  # day, order on that day, dot, ring, lines

if TYPE_CHECKING:  # Pillow is imported by the drawing itself (see _font)
    from PIL import ImageFont


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    # Pillow costs tens of milliseconds to import, and the bot imports this module when it
    # starts: only a timeline that is asked for pays for it.
    from PIL import ImageFont  # noqa: PLC0415

    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


def colour(milestone: Milestone, today: dt.date) -> RGB:
    if milestone.status is MilestoneStatus.ACHIEVED:
        return GREEN
    if milestone.due_date < today:
        return RED
    return ORANGE if milestone.status is MilestoneStatus.POSTPONED else GREY


@dataclass(frozen=True)
class Label:
    text: str
    x: int
    y: int
    size: int
    bold: bool
    fill: RGB

    @property
    def box(self) -> tuple[int, int, int, int]:
        left, top, right, bottom = _font(self.size, self.bold).getbbox(self.text)
        return (
            self.x + round(left), self.y + round(top), self.x + round(right),
            self.y + round(bottom),
        )  # fmt: skip


@dataclass(frozen=True)
class Dot:
    x: int
    y: int
    fill: RGB
    ring: bool = False


@dataclass(frozen=True)
class Layout:
    height: int
    labels: list[Label]
    dots: list[Dot]
    """On the line, top to bottom."""
    legend: list[Dot]


def _fit(text: str, size: int, bold: bool, width: int) -> str:
    """Shortened with "…" to fit ``width`` pixels: a long programme title stays on the page."""
    font = _font(size, bold)
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _milestone_detail(milestone: Milestone, today: dt.date) -> str:
    if milestone.status is MilestoneStatus.ACHIEVED:
        return f"behaald op {dutch_date(milestone.achieved_on or milestone.due_date)}"
    if milestone.due_date < today:
        return f"{dutch_date(milestone.due_date)} · te laat"
    if milestone.status is MilestoneStatus.POSTPONED:
        return f"uitgesteld naar {dutch_date(milestone.due_date)}"
    return f"{dutch_date(milestone.due_date)} · gepland"


def _where(learner: Learner, today: dt.date) -> str:
    if learner.at_centre(today):
        return f"nu bij {learner.practice_centre or 'het praktijkcentrum'}"
    return f"nu bij {learner.company}"


def layout(
    learner: Learner, programme: str, milestones: list[Milestone], start_pay: str, today: dt.date
) -> Layout:
    width = WIDTH - TEXT_X - MARGIN
    labels = [
        Label(_fit(f"Traject van {learner.name}", TITLE, True, WIDTH - 2 * MARGIN), MARGIN, 44,
              TITLE, True, INK),
        Label(_fit(f"{programme} · {learner.path} · {learner.company}", SUBTITLE, False,
                   WIDTH - 2 * MARGIN), MARGIN, 110, SUBTITLE, False, GREY),
    ]  # fmt: skip
    # today comes after the milestones of the same day
    rows: list[Row] = [
        (learner.start_date, -1, INK, False, [
            ("start", NAME, True, INK), (dutch_date(learner.start_date), DETAIL, False, GREY),
            *([(f"→ {start_pay}", DETAIL, False, INK)] if start_pay else []),
        ]),
    ]  # fmt: skip
    for milestone in milestones:
        fill = colour(milestone, today)
        lines: list[Line] = [(milestone.name, NAME, True, INK),
                 (_milestone_detail(milestone, today), DETAIL, False, fill)]  # fmt: skip
        if milestone.pay_step:
            lines.append((f"→ {milestone.pay_step}", DETAIL, False, INK))
        rows.append((milestone.due_date, 0, fill, False, lines))
    end = max([learner.planned_end, *(m.due_date for m in milestones)])
    if learner.start_date <= today <= end:
        rows.append((today, 1, BLUE, True, [
            ("vandaag", NAME, True, BLUE),
            (f"{dutch_date(today)} · {_where(learner, today)}", DETAIL, False, BLUE),
        ]))  # fmt: skip
    rows.sort(key=lambda row: (row[0], row[1]))

    dots: list[Dot] = []
    legend: list[Dot] = []
    y = 200
    for _, _, fill, ring, lines in rows:
        dots.append(Dot(LINE_X, y + NAME // 2, fill, ring))
        for text, size, bold, ink in lines:
            labels.append(Label(_fit(text, size, bold, width), TEXT_X, y, size, bold, ink))
            y += round(size * 1.3)
        y += ROW_GAP
    y += 10
    for index, (fill, text) in enumerate(LEGEND_ITEMS):
        column, line = index % 2, index // 2
        x = MARGIN + column * (WIDTH - 2 * MARGIN) // 2
        top = y + line * round(LEGEND * 1.6)
        legend.append(Dot(x + 12, top + LEGEND // 2, fill))
        labels.append(Label(text, x + 36, top, LEGEND, False, INK))
    height = y + 2 * round(LEGEND * 1.6) + MARGIN // 2
    return Layout(height, labels, dots, legend)


def timeline_png(
    learner: Learner,
    programme: str,
    milestones: list[Milestone],
    start_pay: str,
    today: dt.date,
) -> bytes:
    from PIL import Image, ImageDraw  # noqa: PLC0415  (see _font)

    plan = layout(learner, programme, milestones, start_pay, today)
    image = Image.new("RGB", (WIDTH, plan.height), "white")
    draw = ImageDraw.Draw(image)
    if len(plan.dots) > 1:
        draw.line([(LINE_X, plan.dots[0].y), (LINE_X, plan.dots[-1].y)], fill=LINE, width=6)
    for dot in [*plan.dots, *plan.legend]:
        box = [dot.x - DOT, dot.y - DOT, dot.x + DOT, dot.y + DOT]
        if dot.ring:
            draw.ellipse(box, fill="white", outline=dot.fill, width=6)
        else:
            draw.ellipse(box, fill=dot.fill)
    for label in plan.labels:
        draw.text(
            (label.x, label.y), label.text, fill=label.fill, font=_font(label.size, label.bold)
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
