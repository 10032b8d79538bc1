"""Names people chose reach Telegram escaped (parse mode HTML), in captions too; coaches never
create learners or see link codes of learners who are not theirs.

Found by an attack on the running bot: Telegram refused a photo whose caption held a
milestone name with "<", and a coach could run /nieuweleerling and receive the link code.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from obm_bot.dialogue.messages import Outbound
from obm_bot.domain.learners import Coach, CoachRole, LearnerDraft
from obm_bot.organisation import MilestoneTemplate, Organisation
from tests.integration.conftest import Harness, texts_to

MILESTONE = "Lassen <MIG> & TIG"
LEARNER = "Sanne <b>Jansen</b> & Zn"
ME, ANOUK, JOOST = "console:sanne", "staff:Anouk de Vries", "staff:Joost Smit"
ENTITY = re.compile(r"&(?:[a-z]+|#\d+);")


def telegram_html_safe(text: str) -> bool:
    """No tag at all (the templates use none) and every & an entity."""
    return "<" not in text and ">" not in text and "&" not in ENTITY.sub("", text)


@pytest.fixture()
def organisation(organisation: Organisation) -> Organisation:
    """The example configuration with a first milestone named with HTML characters."""
    milestones = list(organisation.learners.milestones)
    milestones[0] = MilestoneTemplate(name=MILESTONE, share=milestones[0].share)
    learners = organisation.learners.model_copy(update={"milestones": milestones})
    return organisation.model_copy(update={"learners": learners})


async def linked_learner(harness: Harness) -> int:
    draft = LearnerDraft(
        name=LEARNER, qualification_id="25290", path="BBL", company="Bouwmeester Metaal",
        practice_centre="Centrum <Oost> & West", start_date=dt.date(2026, 9, 7),
        planned_end=dt.date(2027, 9, 6),
        coaches=[Coach(role=CoachRole.INSTRUCTOR, name="Joost Smit")],
    )  # fmt: skip
    [(learner, issued)] = await harness.loket.learners.create_all([draft], harness.loket.clock())
    out = await harness.send("sanne", f"/start {issued.code}")
    assert "Gelukt, Sanne" in texts_to(out, ME)[0]
    return learner.id


def all_safe(out: list[Outbound]) -> list[str]:
    texts = [o.text for o in out]
    assert all(telegram_html_safe(t) for t in texts), texts
    return texts


async def test_the_picture_caption_escapes_the_milestone_name(harness: Harness) -> None:
    await linked_learner(harness)
    out = await harness.send("sanne", button="leerling:traject")
    [picture] = [o for o in out if o.to == ME]
    assert picture.image is not None and picture.image.startswith(b"\x89PNG")
    assert telegram_html_safe(picture.text)
    assert html.unescape(picture.text).startswith(f"Je traject: ▶ {MILESTONE} · ○ ")


async def test_every_learner_text_escapes_the_names(harness: Harness) -> None:
    learner_id = await linked_learner(harness)
    [status] = all_safe(await harness.send("sanne", "wanneer is mijn volgende tussenstap?"))
    assert f"▶ {MILESTONE}" in html.unescape(status)
    [detail] = all_safe(await harness.staff("Anouk de Vries", f"/leerling L{learner_id}"))
    assert LEARNER in html.unescape(detail) and MILESTONE in html.unescape(detail)
    assert "Centrum <Oost> & West" in html.unescape(detail)
    [overview] = all_safe(await harness.staff("Joost Smit", "/leerlingen"))
    assert LEARNER in html.unescape(overview)
    first = (await harness.loket.store.milestones(learner_id))[0]
    out = await harness.staff("Joost Smit", f"/mijlpaal M{first.id} behaald toch")
    all_safe(out)
    assert MILESTONE in html.unescape(texts_to(out, JOOST)[0])
    assert MILESTONE in html.unescape(texts_to(out, ME)[0])  # the congratulation


async def test_a_coach_cannot_create_a_learner_nor_get_another_coachs_code(
    harness: Harness,
) -> None:
    learner_id = await linked_learner(harness)
    out = await harness.staff(
        "Joost Smit",
        "/nieuweleerling Bram de Wit; basislasser; BBL; Hengelo Plaatwerk; 2026-12-07; 2027-12-06",
    )
    [refusal] = texts_to(out, JOOST)
    assert "alleen voor accountmanagers" in refusal and "/start" not in refusal
    assert [learner.name for learner in await harness.loket.store.learners()] == [LEARNER]

    other = LearnerDraft(
        name="Ties Kok", qualification_id="25290", path="BBL", company="Van Dam Constructie",
        start_date=dt.date(2026, 9, 7), planned_end=dt.date(2027, 9, 6),
    )  # fmt: skip
    [(ties, _)] = await harness.loket.learners.create_all([other], harness.loket.clock())
    [reply] = await harness.staff("Joost Smit", f"/koppelcode {ties.code}")
    assert "niet jouw leerling" in reply.text and "/start" not in reply.text
    [own] = await harness.staff("Joost Smit", f"/koppelcode L{learner_id}")
    assert "/start " in own.text  # their own learner: a new code is theirs to hand over
    [made] = texts_to(
        await harness.staff(
            "Anouk de Vries",
            "/nieuweleerling Bram de Wit; basislasser; BBL; Hengelo Plaatwerk; 2026-12-07;"
            " 2027-12-06",
        ),
        ANOUK,
    )
    assert "Bram de Wit aangemaakt" in made and "/start " in made
