"""A picture of a learner's trajectory: a PNG timeline of milestones, today and pay steps.

Drawn with Pillow on a white canvas so it reads well in a chat on a phone: done milestones
green, open ones grey, late ones red, postponed ones orange; today as a blue line; under the
axis the alternating blocks at the practice centre and the training company.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from obm_bot.domain.learners import Learner, Milestone, MilestoneStatus
from obm_bot.rendering.renderer import dutch_date

WIDTH, HEIGHT = 1200, 520
MARGIN = 90
AXIS_Y = 250
GREEN, GREY, RED, ORANGE = (46, 139, 87), (150, 150, 150), (200, 40, 40), (230, 140, 20)
BLUE, INK, CENTRE, COMPANY = (30, 100, 220), (30, 30, 30), (120, 170, 230), (230, 200, 120)

if TYPE_CHECKING:  # Pillow is imported by the drawing itself (see timeline_png)
    from PIL import ImageDraw, ImageFont


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont  # noqa: PLC0415  (see timeline_png)

    return ImageFont.load_default(size=size)


def colour(milestone: Milestone, today: dt.date) -> tuple[int, int, int]:
    if milestone.status is MilestoneStatus.ACHIEVED:
        return GREEN
    if milestone.due_date < today:
        return RED
    return ORANGE if milestone.status is MilestoneStatus.POSTPONED else GREY


def timeline_png(
    learner: Learner,
    programme: str,
    milestones: list[Milestone],
    start_pay: str,
    today: dt.date,
) -> bytes:
    # Pillow costs tens of milliseconds to import, and the bot imports this module when it
    # starts: only a timeline that is asked for pays for it.
    from PIL import Image, ImageDraw  # noqa: PLC0415

    end = max([learner.planned_end, *(m.due_date for m in milestones)])
    span = max((end - learner.start_date).days, 1)

    def x(day: dt.date) -> int:
        share = min(max((day - learner.start_date).days / span, 0.0), 1.0)
        return round(MARGIN + share * (WIDTH - 2 * MARGIN))

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 24), f"Traject van {learner.name}", fill=INK, font=_font(30))
    draw.text((MARGIN, 64), f"{programme} · {learner.path}", fill=GREY, font=_font(20))

    _schedule_band(draw, learner, end, x)
    draw.line([(x(learner.start_date), AXIS_Y), (x(end), AXIS_Y)], fill=INK, width=4)
    draw.text((x(learner.start_date) - 40, AXIS_Y + 56), "start", fill=INK, font=_font(18))
    draw.text((x(learner.start_date) - 40, AXIS_Y + 80), start_pay, fill=GREY, font=_font(16))

    if learner.start_date <= today <= end:
        draw.line([(x(today), 110), (x(today), AXIS_Y + 40)], fill=BLUE, width=3)
        draw.text((x(today) - 30, 112), "vandaag", fill=BLUE, font=_font(18))

    for number, milestone in enumerate(milestones):
        cx, fill = x(milestone.due_date), colour(milestone, today)
        radius = 14
        draw.ellipse([cx - radius, AXIS_Y - radius, cx + radius, AXIS_Y + radius], fill=fill)
        lift = 60 if number % 2 == 0 else 100  # alternate heights keep close labels apart
        draw.text((cx - 60, AXIS_Y - lift - 22), milestone.name, fill=INK, font=_font(18))
        draw.text(
            (cx - 60, AXIS_Y - lift), dutch_date(milestone.due_date), fill=fill, font=_font(16)
        )
        if milestone.pay_step:
            draw.text((cx - 60, AXIS_Y + 56 + (number % 2) * 50), f"→ {milestone.pay_step}",
                      fill=INK, font=_font(16))  # fmt: skip

    legend = [(GREEN, "behaald"), (GREY, "gepland"), (ORANGE, "uitgesteld"), (RED, "te laat")]
    legend += [(CENTRE, "praktijkcentrum"), (COMPANY, "leerbedrijf")]
    left = MARGIN
    for fill, label in legend:
        draw.rectangle([left, HEIGHT - 50, left + 18, HEIGHT - 32], fill=fill)
        draw.text((left + 26, HEIGHT - 52), label, fill=INK, font=_font(16))
        left += 170
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _schedule_band(
    draw: ImageDraw.ImageDraw, learner: Learner, end: dt.date, x: Callable[[dt.date], int]
) -> None:
    """Blocks at the practice centre and at the company, just under the axis."""
    day = learner.start_date
    cycle = learner.centre_weeks + learner.company_weeks
    week = 0
    while day < end and cycle:
        place = CENTRE if week % cycle < learner.centre_weeks else COMPANY
        following = day + dt.timedelta(weeks=1)
        draw.rectangle([x(day), AXIS_Y + 10, x(min(following, end)), AXIS_Y + 26], fill=place)
        day, week = following, week + 1
