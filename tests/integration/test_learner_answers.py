"""A linked learner's own questions get their own answer in one message, the whole status
block offered as a button; the picture comes from free Dutch; codes pasted in a sentence link;
a learner without a code but with a training company reaches the account manager."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.domain.learners import Learner, LearnerDraft
from obm_bot.domain.models import Role
from obm_bot.learner_import import read_learners
from obm_bot.organisation import load_organisation
from obm_bot.understanding.engine import Understander
from tests.fakes.clock import FakeClock
from tests.integration.conftest import Harness, buttons_to, data_of, make_loket, texts_to

DATA = Path(__file__).resolve().parents[1] / "data"
ME = "console:sanne"
FORMAL = re.compile(r"\b(?:u|uw|bent u|heeft u)\b", re.IGNORECASE)  # learners hear "je"


def sanne(catalogue: Catalogue, **changes: object) -> LearnerDraft:
    [row] = [r for r in read_learners(DATA / "learners.csv", catalogue) if r.draft.name[0] == "S"]
    return row.draft.model_copy(update=changes)


async def link(harness: Harness, draft: LearnerDraft, user: str = "sanne") -> Learner:
    [(learner, issued)] = await harness.loket.learners.create_all([draft], harness.loket.clock())
    out = await harness.send(user, f"/start {issued.code}")
    assert "Gelukt" in texts_to(out, f"console:{user}")[0]
    return learner


async def ask(harness: Harness, text: str, user: str = "sanne") -> str:
    """One question, one answer, nothing recorded, "je" throughout."""
    out = await harness.send(user, text)
    [answer] = texts_to(out, f"console:{user}")
    assert not FORMAL.search(answer), answer
    assert await harness.loket.store.queue() == []
    return answer


async def test_pay_is_answered_yes_or_no_with_when(harness: Harness, catalogue: Catalogue) -> None:
    learner = await link(harness, sanne(catalogue))
    answer = await ask(harness, "krijg ik al 75%?")
    assert answer == (
        "Nee, nog niet. Volgens de loonafspraak van het OBM (niet de cao) krijg je nu startloon "
        "volgens je contract; 75% CAO-loon komt na tussenstap 2 op 8 mei 2027."
    )
    first, second, _ = await harness.loket.store.milestones(learner.id)
    for milestone in (first, second):
        await harness.staff("Anouk de Vries", f"/mijlpaal M{milestone.id} behaald toch")
    answer = await ask(harness, "krijg ik nu al 75 procent?")
    assert answer.startswith("Ja: sinds tussenstap 2 (25 nov 2026) krijg je 75% CAO-loon")
    assert "Na startkwalificatie op 6 sep 2027 wordt dat 100% CAO-loon." in answer
    answer = await ask(harness, "wat verdien ik nu eigenlijk")
    assert answer == (
        "Volgens de loonafspraak van het OBM (niet de cao) krijg je nu 75% CAO-loon; na "
        "startkwalificatie op 6 sep 2027 wordt dat 100% CAO-loon."
    )
    out = await harness.send("sanne", button=data_of(await harness.send("sanne", "loon?"),
                                                     ME, "Alles over mijn traject"))  # fmt: skip
    assert "Zo staat je traject" in texts_to(out, ME)[0]  # the whole block, when asked for


async def test_the_next_block_at_the_centre_is_the_next_one(
    harness: Harness, catalogue: Catalogue, clock: FakeClock
) -> None:
    await link(harness, sanne(catalogue))  # Wednesday 25 Nov: a week at the company
    assert await ask(harness, "wanneer moet ik weer naar het praktijkcentrum") == (
        "Je eerstvolgende periode bij Praktijkcentrum Metaal Hengelo: 30 nov 2026 t/m 4 dec 2026."
    )
    clock.advance(days=6)  # Tuesday 1 Dec: at the centre now
    assert await ask(harness, "wanneer ben ik weer op het centrum?") == (
        "Je bent nu bij Praktijkcentrum Metaal Hengelo, tot en met 4 dec 2026. Je volgende "
        "periode bij Praktijkcentrum Metaal Hengelo: 14 dec 2026 t/m 18 dec 2026."
    )


async def test_the_school_day(harness: Harness, catalogue: Catalogue) -> None:
    await link(harness, sanne(catalogue, school_day=1))
    out = await harness.send("sanne", "wanneer moet ik weer naar school")
    [answer] = texts_to(out, ME)
    assert answer == (
        "Je schooldag is de dinsdag: de volgende is 1 dec 2026. Die week ben je bij het "
        "praktijkcentrum; vraag je leermeester of school dan doorgaat."
    )
    assert buttons_to(out, ME) == ["leerling:alles"]  # no "Diensten voor scholen"
    out = await harness.send("sanne", "kan ik een vca cursus volgen op school?")
    [courses] = texts_to(out, ME)  # a course named plainly: the catalogue answers
    assert "VCA basis" in courses and "schooldag" not in courses


async def test_without_a_school_day_the_teacher_is_named(
    harness: Harness, catalogue: Catalogue
) -> None:
    await link(harness, sanne(catalogue))
    answer = await ask(harness, "welke dag heb ik school?")
    assert "staat nog niet in je traject" in answer
    assert "Mw. De Boer (deboer@roc.example)" in answer


async def test_not_reaching_a_milestone_explains_postponement_and_offers_the_coach(
    harness: Harness, catalogue: Catalogue
) -> None:
    await link(harness, sanne(catalogue))
    out = await harness.send("sanne", "wat als ik die tussenstap niet haal?")
    [answer] = texts_to(out, ME)
    assert answer.startswith("Haal je tussenstap 1 (6 jan 2027) niet op tijd")
    assert "uitstellen naar een nieuwe datum" in answer and "\nPraat er op tijd over" in answer
    out = await harness.send("sanne", button=data_of(out, ME, "Mijn begeleider spreken"))
    [(handoff, contact)] = await harness.loket.store.queue()
    assert handoff.assignee == "Joost Smit" and contact.role is Role.LEARNER
    assert any("wil de begeleider spreken" in t for t in texts_to(out, "staff:Joost Smit"))


async def test_a_portfolio_item_is_explained_with_an_offer_to_ask_the_coach(
    harness: Harness, catalogue: Catalogue
) -> None:
    await link(harness, sanne(catalogue))
    out = await harness.send("sanne", "wat moet ik doen voor het reflectieverslag?")
    [answer] = texts_to(out, ME)
    assert answer == (
        "Reflectieverslag (voor tussenstap 1): een kort verslag in je eigen woorden: wat je deze "
        "periode hebt gedaan, wat goed ging, wat lastig was en wat je nu beter kunt.\n"
        "Wil je dat je begeleider er meer over vertelt?"
    )
    assert buttons_to(out, ME) == ["leerling:spreken", "leerling:alles"]
    answer = await ask(harness, "wat moet er nog in mijn portfolio?")
    assert answer.startswith("Voor tussenstap 1 staat nog open in je portfolio:\n")
    assert "• werkprocessen fase 1 afgetekend: je praktijkopleider tekent" in answer
    assert "• reflectieverslag: een kort verslag" in answer
    answer = await ask(harness, "wat houdt werkprocessen fase 2 in?")
    assert answer.startswith("Werkprocessen fase 2 afgetekend (voor tussenstap 2):")


async def test_time_to_the_diploma(harness: Harness, catalogue: Catalogue) -> None:
    await link(harness, sanne(catalogue))
    assert await ask(harness, "hoe lang nog tot mijn diploma") == (
        "Je diploma (startkwalificatie) staat gepland voor 6 sep 2027: nog 9 maanden."
    )


@pytest.mark.parametrize(
    "text",
    [
        "stuur eens een plaatje van mijn traject",
        "kan ik mijn traject zien als plaatje",
        "laat mijn traject zien",
        "geef me een overzicht",
        "Toon mijn traject",  # the button's label, typed when the button is not on screen
    ],
)
async def test_the_picture_from_free_dutch(
    harness: Harness, catalogue: Catalogue, text: str
) -> None:
    await link(harness, sanne(catalogue))
    await harness.send("sanne", "krijg ik al 75%?")  # other buttons on screen now
    out = await harness.send("sanne", text)
    [picture] = [o for o in out if o.to == ME]
    assert picture.image is not None and picture.image.startswith(b"\x89PNG")
    assert picture.text.startswith("Je traject: ▶ tussenstap 1")
    assert await harness.loket.store.queue() == []  # no handoff, no quote button


async def test_a_code_pasted_in_a_sentence_links_with_the_same_rate_limit(
    harness: Harness, catalogue: Catalogue, clock: FakeClock
) -> None:
    [(learner, issued)] = await harness.loket.learners.create_all([sanne(catalogue)], clock())
    for attempt in range(5):
        out = await harness.send("ties", f"ik heb deze code gekregen Xx{attempt}GeradenCode12")
        assert "ken ik niet" in texts_to(out, "console:ties")[-1]
    out = await harness.send("ties", f"hoi, deze code gekregen {issued.code}, klopt dat?")
    assert "Te veel verkeerde codes" in texts_to(out, "console:ties")[-1]
    stored = await harness.loket.store.learner(learner.id)
    assert stored is not None and stored.contact_id is None

    out = await harness.send("sanne", f"hoi, deze code gekregen {issued.code}, klopt dat?")
    assert "Gelukt, Sanne" in texts_to(out, ME)[-1]
    stored = await harness.loket.store.learner(learner.id)
    assert stored is not None and stored.contact_id is not None


async def test_a_learner_with_a_company_but_no_code_reaches_the_account_manager(
    harness: Harness,
) -> None:
    out = await harness.send("luuk", "ik ben luuk, bbl lasser bij bouwmeester")
    said = texts_to(out, "console:luuk")
    assert "Fijn dat je al een leerbedrijf hebt (Bouwmeester Metaal)" in said[-1]
    assert "Op welk telefoonnummer ben je bereikbaar?" in said[-1]
    assert not any("leerbedrijf en de juiste opleiding" in t for t in said)  # no pitch
    out = await harness.send("luuk", "06 12345678")
    said += texts_to(out, "console:luuk")
    assert not any(FORMAL.search(t) for t in said), said
    [(handoff, contact)] = await harness.loket.store.queue()
    assert (contact.name, contact.company, contact.role) == (
        "Luuk", "Bouwmeester Metaal", Role.LEARNER
    )  # fmt: skip
    assert handoff.assignee == "Anouk de Vries"  # Bouwmeester's own account manager
    notice = texts_to(out, "staff:Anouk de Vries")[0]
    assert "Luuk, leerling, Bouwmeester Metaal, 06 12345678" in notice


async def test_the_stranger_is_asked_for_company_and_name(harness: Harness) -> None:
    out = await harness.send("luuk", "hoi ik heb al een leerbedrijf maar nog geen code")
    assert texts_to(out, "console:luuk")[-1].endswith("Bij welk bedrijf werk je?")
    out = await harness.send("luuk", "Hengelo Plaatwerk")
    assert "je naam en je telefoonnummer" in texts_to(out, "console:luuk")[-1]
    await harness.send("luuk", "Luuk de Vries, 06 12345678")
    [(handoff, contact)] = await harness.loket.store.queue()
    assert (contact.name, contact.company) == ("Luuk de Vries", "Hengelo Plaatwerk")
    request = await harness.loket.store.request_by_id(handoff.request_id or 0)
    assert request is not None and request.intent == "milestone_status"
    assert harness.counter == 3  # three messages, one question each


async def test_before_linking_a_picture_request_explains_linking(harness: Harness) -> None:
    out = await harness.send("nieuw", "stuur eens een plaatje van mijn traject")
    [*_, answer] = texts_to(out, "console:nieuw")
    assert "zodra je account gekoppeld is" in answer and not FORMAL.search(answer)


async def test_staff_see_late_milestones_and_urgency_first(
    harness: Harness, catalogue: Catalogue
) -> None:
    drafts = [
        sanne(catalogue),  # next milestone in 42 days
        sanne(catalogue, name="Bram Laat", start_date=dt.date(2025, 6, 1),
              planned_end=dt.date(2027, 6, 1)),  # 299 days overdue
        sanne(catalogue, name="Kees Kort", start_date=dt.date(2026, 9, 5),
              planned_end=dt.date(2027, 6, 5)),  # due in 10 days
        sanne(catalogue, name="Ties Iets", start_date=dt.date(2026, 2, 2),
              planned_end=dt.date(2028, 1, 31)),  # 53 days overdue
    ]  # fmt: skip
    created = await harness.loket.learners.create_all(drafts, harness.loket.clock())
    out = await harness.staff("Anouk de Vries", "/leerlingen")
    names = re.findall(r"L\d+ (\w+ \w+) \(", texts_to(out, "staff:Anouk de Vries")[0])
    assert names == ["Bram Laat", "Ties Iets", "Kees Kort", "Sanne Jansen"]
    ties = created[3][0]
    out = await harness.staff("Anouk de Vries", f"/leerling {ties.code}")
    detail = texts_to(out, "staff:Anouk de Vries")[0]
    assert re.search(r"⚠ M\d+ tussenstap 1 — 3 okt 2026, te laat \(53 dagen\)", detail), detail
    assert re.search(r"M\d+ tussenstap 2 — \d+ \w+ 2027, gepland", detail)


async def test_a_cao_wage_table_instead_of_the_obm_steps(
    tmp_path: Path,
    catalogue: Catalogue,
    understander: Understander,
    repo_root: Path,
    clock: FakeClock,
) -> None:
    config = tmp_path / "obm.toml"
    config.write_text(
        (repo_root / "obm.example.toml").read_text(encoding="utf-8")
        + '\n[[learners.cao_pay]]\nfund = "A+O Metalektro"\ncao = "cao Metalektro"\n'
        'scheme = "bbl_table"\n[[learners.cao_pay.bbl_table]]\nage = 16\n'
        'wages = ["€ 7,10 per uur", "€ 7,90 per uur"]\n[[learners.cao_pay.bbl_table]]\n'
        'age = 18\nwages = ["€ 9,20 per uur", "€ 10,10 per uur", "€ 11,30 per uur"]\n',
        encoding="utf-8",
    )
    organisation = load_organisation(config)
    loket = await make_loket(tmp_path / "db.sqlite3", catalogue, understander, organisation, clock)
    harness = Harness(loket)
    try:
        van_dam = sanne(
            catalogue, company="Van Dam Constructie", age_at_start=19,
            start_date=dt.date(2025, 9, 1), planned_end=dt.date(2028, 8, 31),
        )  # fmt: skip
        learner = await link(harness, van_dam)
        assert all(m.pay_step is None for m in await loket.store.milestones(learner.id))
        assert await ask(harness, "wat verdien ik?") == (
            "Volgens de BBL-loontabel van de cao Metalektro (startleeftijd 19, 1 schooljaar "
            "afgerond) verdien je nu € 10,10 per uur; vanaf 1 sep 2027 (na je 2e schooljaar) "
            "wordt dat € 11,30 per uur."
        )
        assert (await ask(harness, "krijg ik al 75%?")).startswith(
            "Je loon gaat niet in procenten per tussenstap: Volgens de BBL-loontabel"
        )
        out = await harness.send("sanne", "hoe sta ik ervoor?")
        assert "verdien je nu € 10,10 per uur" in texts_to(out, ME)[0]
        assert "loonafspraak van het OBM" not in texts_to(out, ME)[0]
        # Bouwmeester falls under OOM (Metaal en Techniek): the OBM's steps still hold there
        await link(harness, sanne(catalogue), user="bouwmeester")
        answer = await ask(harness, "wat verdien ik?", user="bouwmeester")
        assert answer.startswith("Volgens de loonafspraak van het OBM (niet de cao)")
    finally:
        await loket.store.close()
