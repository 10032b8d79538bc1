"""The practice schedule and the trajectory picture."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from obm_bot.domain.learners import Learner, Milestone, MilestoneStatus
from obm_bot.rendering.timeline import GREEN, RED, colour, layout, timeline_png

MONDAY = dt.date(2026, 9, 7)


def learner(centre: int = 1, company: int = 1) -> Learner:
    return Learner(
        id=1, name="Sanne Jansen", qualification_id="basislasser", path="BBL",
        company="Bouwmeester Metaal", start_date=MONDAY, planned_end=dt.date(2027, 9, 6),
        centre_weeks=centre, company_weeks=company,
        created_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
    )  # fmt: skip


def milestone(due: dt.date, status: MilestoneStatus = MilestoneStatus.PLANNED) -> Milestone:
    return Milestone(
        id=1, learner_id=1, name="tussenstap 1", due_date=due, original_due=due, status=status,
        pay_step="50% CAO-loon",
    )  # fmt: skip


def test_alternating_weeks() -> None:
    one = learner()
    assert one.next_centre_period(MONDAY) == (MONDAY, MONDAY + dt.timedelta(days=4))
    # Wednesday of the second week (at the company): the third week is at the centre.
    assert one.next_centre_period(MONDAY + dt.timedelta(days=9)) == (
        MONDAY + dt.timedelta(weeks=2),
        MONDAY + dt.timedelta(weeks=2, days=4),
    )
    two = learner(centre=2, company=3)
    # Blocks of two weeks at the centre (a Monday to the Friday of the next week).
    assert two.next_centre_period(MONDAY + dt.timedelta(weeks=1, days=2)) == (
        MONDAY,
        MONDAY + dt.timedelta(weeks=1, days=4),
    )
    assert two.next_centre_period(MONDAY + dt.timedelta(weeks=2)) == (
        MONDAY + dt.timedelta(weeks=5),
        MONDAY + dt.timedelta(weeks=6, days=4),
    )
    assert learner(centre=0).next_centre_period(MONDAY) is None
    before_start = one.next_centre_period(MONDAY - dt.timedelta(days=30))
    assert before_start is not None and before_start[0] == MONDAY


def test_timeline_is_a_png_with_the_states_coloured() -> None:
    today = dt.date(2027, 2, 1)
    milestones = [
        milestone(dt.date(2027, 1, 6), MilestoneStatus.ACHIEVED),
        milestone(dt.date(2027, 1, 20)),
        milestone(dt.date(2027, 9, 6)),
    ]
    png = timeline_png(learner(), "Basislasser", milestones, "startloon", today)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] == 1080  # upright, for a phone
    assert colour(milestones[0], today) == GREEN and colour(milestones[1], today) == RED
    plan = layout(learner(), "Basislasser", milestones, "startloon", today)
    achieved, late = plan.dots[1], plan.dots[2]  # after the start, in date order
    assert image.getpixel((achieved.x, achieved.y)) == GREEN
    assert image.getpixel((late.x, late.y)) == RED
