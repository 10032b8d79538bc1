"""The trajectory picture: every glyph it draws is in the shipped font, labels never overlap,
and the text is large enough for a phone."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # no stubs

from obm_bot.domain.learners import Learner, Milestone, MilestoneStatus
from obm_bot.organisation import load_organisation
from obm_bot.organisation_models import LearnerSettings
from obm_bot.rendering import timeline
from obm_bot.rendering.timeline import Layout, layout, timeline_png

ROOT = Path(__file__).resolve().parents[2]
START = dt.date(2026, 9, 7)
PAY_STEPS = sorted(
    {
        *LearnerSettings().pay_steps,
        *load_organisation(ROOT / "obm.example.toml").learners.pay_steps,
        "€ 1.234,50 per maand",  # a wage-table amount: the euro sign and Dutch notation
    }
)


def learner(centre: str | None = "Praktijkcentrum Metaal Hengelo") -> Learner:
    return Learner(
        id=1, name="Sanne Jansen-Ŝtraße", qualification_id="basislasser", path="BBL",
        company="Bouwmeester Metaal", practice_centre=centre, start_date=START,
        planned_end=dt.date(2027, 9, 6), created_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
    )  # fmt: skip


def milestones(days: list[int], pay: Sequence[str | None]) -> list[Milestone]:
    statuses = itertools.cycle(list(MilestoneStatus))
    return [
        Milestone(
            id=n,
            learner_id=1,
            name=f"tussenstap {n}",
            due_date=START + dt.timedelta(days=d),
            original_due=START + dt.timedelta(days=d),
            status=next(statuses),
            pay_step=step,
            achieved_on=START + dt.timedelta(days=d),
        )
        for n, (d, step) in enumerate(zip(days, pay, strict=True), start=1)
    ]


def overlapping(plan: Layout) -> list[tuple[str, str]]:
    boxes = [(label.text, label.box) for label in plan.labels]
    return [
        (a, b)
        for (a, (ax0, ay0, ax1, ay1)), (b, (bx0, by0, bx1, by1)) in itertools.combinations(boxes, 2)
        if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1
    ]


@pytest.fixture(scope="module")
def cmaps() -> dict[bool, set[int]]:
    return {
        bold: set(TTFont(path).getBestCmap())
        for bold, path in ((False, timeline.REGULAR), (True, timeline.BOLD))
    }


@pytest.mark.parametrize("today_offset", [-30, 0, 1, 120, 200, 400])
def test_every_pay_step_label_is_drawn_with_glyphs_the_font_has(
    cmaps: dict[bool, set[int]], today_offset: int
) -> None:
    # every pay step of the defaults and the example file, on milestones one day apart
    # (the case where "vandaag" once sat on the first milestone's label)
    days = [1 + i for i in range(len(PAY_STEPS))]
    plan = layout(
        learner(), "Basislasser · niveau 2 — MIG/MAG (135)", milestones(days, PAY_STEPS),
        PAY_STEPS[0], START + dt.timedelta(days=today_offset),
    )  # fmt: skip
    drawn = " ".join(label.text for label in plan.labels)
    assert "→" in drawn and all(step in drawn for step in PAY_STEPS)
    missing = {
        (char, label.bold)
        for label in plan.labels
        for char in label.text
        if not char.isspace() and ord(char) not in cmaps[label.bold]
    }
    assert missing == set()
    assert overlapping(plan) == []
    assert timeline_png(learner(), "Basislasser", milestones(days, PAY_STEPS), "", START)[:4] == (
        b"\x89PNG"
    )


def test_labels_stay_apart_and_inside_the_picture_when_everything_is_close() -> None:
    close = milestones([0, 0, 1, 2, 2], ["50% CAO-loon", None, "75% CAO-loon", None, "100%"])
    long_name = "Praktijkcentrum met een naam die veel te lang is voor één regel op een telefoon"
    plan = layout(learner(long_name), "x" * 300, close, "startloon volgens je contract", START)
    assert overlapping(plan) == []
    for label in plan.labels:
        left, top, right, bottom = label.box
        assert left >= 0 and top >= 0
        assert right <= timeline.WIDTH and bottom <= plan.height
    assert any(label.text.endswith("…") for label in plan.labels)  # shortened, not cut off


def test_text_is_readable_on_a_phone() -> None:
    plan = layout(learner(), "Basislasser", milestones([100], ["50% CAO-loon"]), "", START)
    # Telegram shows a photo about 360 px wide on a phone: 28 px of 1080 is about 9 px there
    assert min(label.size for label in plan.labels) >= 28
    assert timeline.WIDTH == 1080 and plan.height > timeline.WIDTH // 2
