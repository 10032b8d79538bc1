from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from obm_bot.catalogue.places import Places
from obm_bot.config import REPO_ROOT
from obm_bot.organisation import Organisation, OrganisationError, load_organisation

EXAMPLE = REPO_ROOT / "obm.example.toml"


@pytest.fixture()
def org() -> Organisation:
    return load_organisation(EXAMPLE)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "obm.toml"
    path.write_text(text, encoding="utf-8")
    return path


def local(
    org: Organisation, year: int, month: int, day: int, hour: int, minute: int
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=org.zone)


def test_example_config_loads(org: Organisation) -> None:
    assert org.sla_minutes == 60 and org.reminder_minutes == 45
    assert [m.name for m in org.account_manager] == ["Anouk de Vries", "Bart Jansen"]


def test_missing_obm_toml_falls_back_to_the_example(tmp_path: Path) -> None:
    (tmp_path / "obm.example.toml").write_text(EXAMPLE.read_text(), encoding="utf-8")
    assert load_organisation(tmp_path / "obm.toml").name.startswith("OpleidingsBedrijf")


def test_started_from_another_folder_uses_the_repository_example(tmp_path: Path) -> None:
    assert load_organisation(tmp_path / "obm.toml").region == "Twente"


def test_missing_custom_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OrganisationError, match="not found"):
        load_organisation(tmp_path / "elders.toml")


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("sla_minutes = 60", "sla_minutes = -5"), "key sla_minutes:"),
        (('timezone = "Europe/Amsterdam"', 'timezone = "Mars/Olympus"'), "key timezone:"),
        (('days = ["ma", "di", "wo", "do", "vr"]', 'days = ["maandag"]'), "key office_hours.days:"),
        (('account_manager = "Bart Jansen"', 'account_manager = "Niemand"'), "is not in"),
        (
            ("telegram_user_id = 100001", 'telegram_user_id = "abc"'),
            "key account_manager.0.telegram_user_id:",
        ),
        (("reminder_minutes = 45", "reminder_minutes = 90"), "reminder_minutes must be smaller"),
        (("reach_km = 50", "reach_km = 0"), "key reach_km:"),
        (('place = "Rotterdam"', 'place = "  "'), "key member_company.1.place:"),
        (('place = "Rotterdam"', 'plaats = "Rotterdam"'), "key member_company.1.plaats: Extra"),
    ],
)
def test_broken_config_names_the_key(tmp_path: Path, change: tuple[str, str], key: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(OrganisationError) as info:
        load_organisation(write(tmp_path, text.replace(change[0], change[1], 1)))
    message = str(info.value)
    assert key in message and "\n" not in message


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    text = "sla_minuten = 30\n" + EXAMPLE.read_text(encoding="utf-8")
    with pytest.raises(OrganisationError, match="key sla_minuten: Extra inputs"):
        load_organisation(write(tmp_path, text))


def test_invalid_toml(tmp_path: Path) -> None:
    with pytest.raises(OrganisationError, match="not valid TOML"):
        load_organisation(write(tmp_path, "name = "))


def test_company_matching_is_fuzzy(org: Organisation) -> None:
    found = org.company_for("bouwmeester metaal bv")
    assert found is not None and found.account_manager == "Anouk de Vries"
    found = org.company_for("Van Dam")
    assert found is not None and found.name == "Van Dam Constructie"
    assert org.company_for("Smederij de Hamer") is None


def test_office_hours(org: Organisation) -> None:
    assert org.is_open(local(org, 2026, 11, 25, 10, 0))  # Wednesday
    assert not org.is_open(local(org, 2026, 11, 25, 17, 0))
    assert not org.is_open(local(org, 2026, 11, 28, 11, 0))  # Saturday


def test_sla_counts_office_minutes_only(org: Organisation) -> None:
    wednesday_late = local(org, 2026, 11, 25, 16, 30)
    assert org.add_office_minutes(wednesday_late, 60) == local(org, 2026, 11, 26, 9, 0)
    friday_evening = local(org, 2026, 11, 27, 20, 0)
    assert org.add_office_minutes(friday_evening, 60) == local(org, 2026, 11, 30, 9, 30)
    morning = local(org, 2026, 11, 25, 10, 0)
    assert org.add_office_minutes(morning, 45) == local(org, 2026, 11, 25, 10, 45)


def test_manager_lookup(org: Organisation) -> None:
    assert org.manager("anouk de vries") is not None
    manager = org.manager_by_telegram(100002)
    assert manager is not None and manager.name == "Bart Jansen"
    assert org.manager_by_telegram(5) is None


def test_member_companies_have_a_place_in_the_gazetteer(org: Organisation) -> None:
    assert org.reach_km == 50
    places = Places.load()
    assert [c.place for c in org.member_company] == ["Enschede", "Rotterdam", "Hengelo"]
    assert all(places.find(c.place or "") is not None for c in org.member_company)


def test_place_and_reach_are_optional(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("reach_km = 50", "")
    org = load_organisation(write(tmp_path, text.replace('place = "Rotterdam"', "")))
    assert org.reach_km == 50 and org.member_company[1].place is None
