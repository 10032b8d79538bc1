"""The knowledge folder: the shipped facts load and check clean; bad files name file and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from obm_bot.config import REPO_ROOT
from obm_bot.knowledge import KnowledgeError, Level, Subject, check, load_knowledge

FACT = """
[[fact]]
id = "oom-ptt"
subject = "funding"
text = "De OOM Persoonlijke Trainingstoelage vergoedt 50% van de cursuskosten."
en = "The OOM Persoonlijke Trainingstoelage reimburses 50% of the course costs."
values = {{ rate = 0.5, maximum_eur = 800, per = "persoon per jaar" }}
source = "https://www.oom.nl"
checked_on = 2026-11-01
review_by = {review_by}
{extra}
"""


def write(folder: Path, text: str, name: str = "funding.toml") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def fact_file(tmp_path: Path, review_by: str = "2027-02-01", extra: str = "") -> Path:
    return write(tmp_path / "knowledge", FACT.format(review_by=review_by, extra=extra))


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return caught.value.problems


def test_the_shipped_knowledge_loads_and_checks_clean() -> None:
    knowledge = load_knowledge(REPO_ROOT / "knowledge")
    assert check(knowledge, dt.date(2026, 12, 1)) == []
    assert {fact.subject for fact in knowledge.facts} == set(Subject)
    ptt = knowledge.fact("oom-ptt")
    assert ptt.values["rate"] == 0.5 and ptt.values["maximum_eur"] == 800
    assert "vóór de start" in ptt.text
    assert knowledge.fact("stap").ended_on == dt.date(2024, 1, 1)
    assert all(fact.subject == "certificates" for fact in knowledge.about("certificates"))
    assert all(fact.example for fact in knowledge.about(Subject.MEMBERSHIP))
    with pytest.raises(KeyError, match="unknown fact 'nope'"):
        knowledge.fact("nope")


def test_an_unknown_field_names_file_fact_and_field(tmp_path: Path) -> None:
    [problem] = problems_of(fact_file(tmp_path, extra='maximum = "800"'))
    assert problem.startswith("knowledge/funding.toml: fact 'oom-ptt': field maximum:"), problem


def test_a_missing_source_names_the_field(tmp_path: Path) -> None:
    text = FACT.format(review_by="2027-02-01", extra="").replace(
        'source = "https://www.oom.nl"', ""
    )
    [problem] = problems_of(write(tmp_path / "knowledge", text))
    assert "knowledge/funding.toml: fact 'oom-ptt': field source: Field required" in problem


def test_a_source_must_be_a_url_unless_the_fact_is_an_example(tmp_path: Path) -> None:
    text = FACT.format(review_by="2027-02-01", extra="").replace("https://www.oom.nl", "oom.nl")
    [problem] = problems_of(write(tmp_path / "knowledge", text))
    assert "fact 'oom-ptt'" in problem and "source must be a URL" in problem
    load_knowledge(write(tmp_path / "knowledge", text + "example = true\n"))


def test_a_bad_date_names_the_field(tmp_path: Path) -> None:
    [problem] = problems_of(fact_file(tmp_path, review_by='"next year"'))
    assert problem.startswith("knowledge/funding.toml: fact 'oom-ptt': field review_by:"), problem


def test_a_fact_in_the_wrong_file_and_a_duplicate_id_are_errors(tmp_path: Path) -> None:
    folder = fact_file(tmp_path)
    write(folder, FACT.format(review_by="2027-02-01", extra=""), name="evc.toml")
    [problem] = problems_of(folder)
    assert problem.startswith("knowledge/evc.toml: fact 'oom-ptt': field subject:"), problem
    (folder / "evc.toml").unlink()
    write(folder, FACT.format(review_by="2027-02-01", extra="") * 2)
    with pytest.raises(KnowledgeError, match="field id: duplicate id"):
        load_knowledge(folder)


def test_an_expired_review_by_is_a_warning(tmp_path: Path) -> None:
    knowledge = load_knowledge(fact_file(tmp_path, review_by="2026-11-15"))
    [problem] = check(knowledge, dt.date(2026, 12, 1))
    assert problem.level == Level.WARNING
    assert str(problem).startswith("knowledge/funding.toml: fact 'oom-ptt': review_by 2026-11-15")


def test_a_closed_window_is_an_error(tmp_path: Path) -> None:
    knowledge = load_knowledge(fact_file(tmp_path, extra="window_closes = 2026-11-10"))
    [problem] = check(knowledge, dt.date(2026, 12, 1))
    assert problem.level == Level.ERROR and "window closed on 2026-11-10" in str(problem)
    assert check(knowledge, dt.date(2026, 11, 10)) == []


def test_an_ended_scheme_must_say_so(tmp_path: Path) -> None:
    offered = load_knowledge(fact_file(tmp_path, extra="ended_on = 2024-01-01"))
    [problem] = check(offered, dt.date(2026, 12, 1))
    assert problem.level == Level.ERROR and "ended on 2024-01-01" in str(problem)
    text = FACT.format(
        review_by="2027-02-01", extra="ended_on = 2024-01-01\nwindow_closes = 2023-12-31"
    )
    dutch_only = text.replace("vergoedt 50%", "is gestopt; het vergoedde 50%")
    [english] = check(
        load_knowledge(write(tmp_path / "knowledge", dutch_only)), dt.date(2026, 12, 1)
    )
    assert english.level == Level.ERROR  # the English text still offers it
    said = dutch_only.replace("reimburses 50%", "has stopped; it reimbursed 50%")
    assert check(load_knowledge(write(tmp_path / "knowledge", said)), dt.date(2026, 12, 1)) == []


def test_a_fact_without_english_is_a_warning(tmp_path: Path) -> None:
    text = FACT.format(review_by="2027-02-01", extra="").replace(
        'en = "The OOM Persoonlijke Trainingstoelage reimburses 50% of the course costs."\n', ""
    )
    [problem] = check(load_knowledge(write(tmp_path / "knowledge", text)), dt.date(2026, 12, 1))
    assert problem.level == Level.WARNING and "no English text" in str(problem)
