"""What a learner's message asks, what they earn, and the settings behind both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.learners.hearing import (
    Ask,
    has_training_company,
    learner_question,
    link_code,
    portfolio_item,
)
from obm_bot.dialogue.learners.pay import pay_view, percent_answer, percent_asked
from obm_bot.domain.learners import Learner, Milestone, MilestoneStatus, PortfolioItem
from obm_bot.learner_import import LearnerImportError, read_learners
from obm_bot.organisation import OrganisationError, load_organisation
from obm_bot.organisation_models import BblWageRow, LearnerPay

EXAMPLE = Path(__file__).resolve().parents[2] / "obm.example.toml"
START = dt.date(2025, 9, 1)


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("krijg ik al 75%", Ask.PAY),
        ("hoeveel verdien ik per uur?", Ask.PAY),
        ("wanneer moet ik weer naar het praktijkcentrum", Ask.CENTRE),
        ("wat als ik die tussenstap niet haal?", Ask.NOT_REACHED),
        ("wat gebeurt er als ik zak, krijg ik dan geen 75%?", Ask.NOT_REACHED),
        ("wanneer moet ik weer naar school", Ask.SCHOOL),
        ("stuur eens een plaatje van mijn traject", Ask.PICTURE),
        ("kan ik mijn traject zien als plaatje", Ask.PICTURE),
        ("laat mijn traject zien", Ask.PICTURE),
        ("hoe lang nog tot mijn diploma", Ask.DIPLOMA),
        ("wat moet er in mijn portfolio", Ask.PORTFOLIO),
        ("Alles over mijn traject", Ask.OVERVIEW),
        ("wanneer is mijn volgende tussenstap", None),  # the whole status block
        ("ik zoek een lascursus", None),
    ],
)
def test_learner_questions(text: str, ask: Ask | None) -> None:
    assert learner_question(text) is ask


def test_a_link_code_anywhere_in_a_message() -> None:
    assert link_code("deze code gekregen JL4Gu_xY2abcdEfg, klopt dat?") == "JL4Gu_xY2abcdEfg"
    assert link_code("mijn code is BNQvtOwqe6779yZa.") == "BNQvtOwqe6779yZa"
    assert link_code("mijn Praktijkopleider zegt dat het goed gaat") is None  # 16 letters
    assert link_code("werkgeversbijdrag") is None  # 17 characters
    assert link_code("1234567890123456") is None  # digits only: a number, no code


@pytest.mark.parametrize(
    ("text", "learner"),
    [
        ("ik ben luuk, bbl lasser bij bouwmeester", True),
        ("ik heb al een leerbedrijf", True),
        ("hoi ik ben Luuk en ik ben bbl-leerling bij Bouwmeester Metaal", True),
        ("ik zoek een bbl plek bij een bedrijf", False),  # the prospective student's pitch
        ("ik wil bbl doen bij een bedrijf", False),
        ("wij willen een bbl leerling aannemen", False),  # an employer
        ("mijn werkgever vindt dat ik vca moet halen", False),  # an employee
    ],
)
def test_who_already_has_a_training_company(text: str, learner: bool) -> None:
    assert has_training_company(text) is learner


def milestone(number: int, due: dt.date, pay: str | None, items: list[str]) -> Milestone:
    return Milestone(
        id=number, learner_id=1, name=f"tussenstap {number}", due_date=due, original_due=due,
        status=MilestoneStatus.PLANNED, pay_step=pay,
        portfolio=[PortfolioItem(id=number * 10 + i, name=n) for i, n in enumerate(items)],
    )  # fmt: skip


PATH = [
    milestone(1, dt.date(2026, 1, 6), "50% CAO-loon", ["werkprocessen fase 1 afgetekend"]),
    milestone(2, dt.date(2026, 5, 8), "75% CAO-loon", ["werkprocessen fase 2 afgetekend",
                                                       "beoordeling praktijkopleider"]),
]  # fmt: skip


def test_the_portfolio_item_a_question_names() -> None:
    found = portfolio_item("wat houdt werkprocessen fase 2 in?", PATH)
    assert found is not None and found.name == "werkprocessen fase 2 afgetekend"
    found = portfolio_item("wat moet ik doen voor de werkprocessen?", PATH)
    assert found is not None and found.name == "werkprocessen fase 1 afgetekend"  # the next one
    assert portfolio_item("wie is mijn praktijkopleider?", PATH) is None  # a coach, no item
    assert portfolio_item("beoordeling", PATH) is None  # no question in it


def test_percentages_asked_and_answered() -> None:
    assert percent_asked("krijg ik al 75%?") == 75
    assert percent_asked("al 100 procent?") == 100
    assert percent_asked("wanneer is mijn tussenstap") is None
    later = percent_answer(75, PATH, "startloon volgens je contract")
    assert not later.reached and later.milestone is PATH[1]
    assert percent_answer(5, PATH, "startloon").step is None  # "50%" is not "5%"


def learner(age: int | None) -> Learner:
    return Learner(
        id=1, name="Sanne Jansen", qualification_id="basislasser", path="BBL",
        company="Van Dam Constructie", start_date=START, planned_end=dt.date(2028, 8, 31),
        age_at_start=age, created_at=dt.datetime(2025, 8, 1, tzinfo=dt.UTC),
    )  # fmt: skip


TABLE = LearnerPay(
    scheme="bbl_table", cao="cao Metalektro",
    bbl_table=[BblWageRow(age=16, wages=["€ 7"]), BblWageRow(age=18, wages=["€ 9", "€ 10"])],
)  # fmt: skip


def test_the_wage_table_by_age_and_completed_school_years() -> None:
    on_start = pay_view(learner(18), [], TABLE, "", START)
    assert (on_start.now, on_start.next, on_start.when) == ("€ 9", "€ 10", dt.date(2026, 9, 1))
    after_a_year = pay_view(learner(20), [], TABLE, "", dt.date(2026, 9, 1))
    assert (after_a_year.now, after_a_year.next, after_a_year.years) == ("€ 10", None, 1)
    assert pay_view(learner(17), [], TABLE, "", START).now == "€ 7"  # the row of 16
    assert pay_view(learner(15), [], TABLE, "", START).now == "€ 7"  # younger: the first row
    assert pay_view(learner(None), [], TABLE, "", START).scheme == "no_age"
    steps = pay_view(learner(18), PATH, LearnerPay(), "startloon volgens je contract", START)
    assert (steps.now, steps.next, steps.after) == (
        "startloon volgens je contract", "50% CAO-loon", "tussenstap 1"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[learners.pay]\nscheme = "bbl_table"\n', "needs [[learners.pay.bbl_table]] rows"),
        ('[[learners.cao_pay]]\ncao = "cao Metalektro"\n', "every [[learners.cao_pay]] needs"),
        ('[learners.pay]\nscheme = "tabel"\n', "key learners.pay.scheme:"),
    ],
)
def test_pay_settings_are_checked(tmp_path: Path, extra: str, message: str) -> None:
    config = tmp_path / "obm.toml"
    config.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    with pytest.raises(OrganisationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_organisation(config)


def test_the_default_start_pay_is_no_internship_allowance() -> None:
    steps = load_organisation(EXAMPLE).learners.pay_steps
    assert steps[0] == "startloon volgens je contract" and "stagevergoeding" not in steps
    descriptions = load_organisation(EXAMPLE).learners.milestones[0].portfolio_descriptions
    assert descriptions["reflectieverslag"].startswith("een kort verslag")


def test_the_import_reads_school_day_and_age(tmp_path: Path, catalogue: Catalogue) -> None:
    header = "naam;kwalificatie;leerweg;leerbedrijf;start;einde;schooldag;leeftijd_start\n"
    good = tmp_path / "goed.csv"
    good.write_text(header + "Sanne Jansen;25290;BBL;Bouwmeester;2026-09-07;2027-09-06;di;17\n",
                    encoding="utf-8")  # fmt: skip
    [row] = read_learners(good, catalogue)
    assert (row.draft.school_day, row.draft.age_at_start) == (1, 17)
    bad = tmp_path / "fout.csv"
    bad.write_text(header + "Sanne Jansen;25290;BBL;Bouwmeester;2026-09-07;2027-09-06;x;17\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(LearnerImportError) as error:
        read_learners(bad, catalogue)
    assert error.value.problems == ["regel 2: schooldag: 'x' is geen dag (ma, di, … of maandag)"]
