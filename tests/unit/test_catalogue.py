"""Catalogue validation: the shipped data is valid, and each kind of error is named precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from obm_bot.catalogue.loader import CatalogueError, load_catalogue
from obm_bot.catalogue.models import Catalogue

COURSE = """
[[course]]
id = "vca-basis"
title = "VCA basis"
category = "Veiligheid"
description = "Veilig werken."
aliases = ["vca"]
"""
PROVIDER = """
[provider]
id = "smeot"
name = "SMEOT"
kind = "praktijkcentrum"
region = "Twente"
city = "Hengelo"

[[offering]]
id = "smeot-vca"
course = "vca-basis"
location = "Hengelo"
form = "klassikaal"
schedule = "dag"
duration_hours = 8
sessions = 1
price_eur = 295
start_dates = [2027-01-12]
"""
QUALIFICATIONS = """
[[qualification]]
id = "basislasser"
title = "Basislasser"
kind = "mbo"
crebo = "25290"
level = 2
paths = ["bbl", "bol"]
duration_years = 2
providers = ["smeot"]
description = "Lassen op niveau 2."
"""


def write_catalogue(
    root: Path, course: str = COURSE, provider: str = PROVIDER, qualifications: str = QUALIFICATIONS
) -> Path:
    (root / "courses").mkdir(parents=True)
    (root / "providers").mkdir()
    (root / "courses" / "veiligheid.toml").write_text(course, encoding="utf-8")
    (root / "providers" / "smeot.toml").write_text(provider, encoding="utf-8")
    (root / "qualifications.toml").write_text(qualifications, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        load_catalogue(root)
    return info.value.problems


def test_minimal_catalogue_loads(tmp_path: Path) -> None:
    catalogue, warnings = load_catalogue(write_catalogue(tmp_path / "catalogue"))
    assert [c.id for c in catalogue.courses] == ["vca-basis"]
    assert catalogue.offerings_for("vca-basis")[0].provider == "smeot"
    assert warnings == []


def test_shipped_catalogue_meets_the_size_targets(catalogue: Catalogue) -> None:
    assert len(catalogue.courses) >= 120
    assert len(catalogue.qualifications) >= 25
    assert len(catalogue.providers) >= 10
    assert len(catalogue.offerings) >= 250
    multi = [
        c for c in catalogue.courses if len({o.provider for o in catalogue.offerings_for(c.id)}) > 1
    ]
    assert len(multi) >= 20
    assert all(catalogue.offerings_for(c.id) for c in catalogue.courses)
    assert all(len(c.aliases) >= 2 for c in catalogue.courses)


def test_shipped_catalogue_has_no_warnings(repo_root: Path) -> None:
    _, warnings = load_catalogue(repo_root / "catalogue")
    assert warnings == []


def test_broken_course_reference(tmp_path: Path) -> None:
    root = write_catalogue(
        tmp_path / "c", provider=PROVIDER.replace('course = "vca-basis"', 'course = "vca-extra"')
    )
    assert problems(root) == [
        "c/providers/smeot.toml: offering 'smeot-vca': field course: unknown course 'vca-extra'"
    ]


def test_broken_provider_reference(tmp_path: Path) -> None:
    root = write_catalogue(
        tmp_path / "c", qualifications=QUALIFICATIONS.replace('["smeot"]', '["nobody"]')
    )
    assert problems(root) == [
        "c/qualifications.toml: qualification 'basislasser': field providers: "
        "unknown provider 'nobody'"
    ]


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "c")
    (root / "courses" / "extra.toml").write_text(COURSE, encoding="utf-8")
    assert problems(root) == [
        "c/courses/veiligheid.toml: course 'vca-basis': field id: duplicate id, "
        "also in c/courses/extra.toml"
    ]


def test_negative_price(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "c", provider=PROVIDER.replace("295", "-10"))
    [problem] = problems(root)
    assert problem.startswith("c/providers/smeot.toml: offering 'smeot-vca': field price_eur:")


def test_unknown_schedule_value(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "c", provider=PROVIDER.replace('"dag"', '"nacht"'))
    [problem] = problems(root)
    assert problem.startswith("c/providers/smeot.toml: offering 'smeot-vca': field schedule:")
    assert "'dag', 'avond' or 'weekend'" in problem


def test_empty_title(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "c", course=COURSE.replace('"VCA basis"', '"  "'))
    [problem] = problems(root)
    assert problem.startswith("c/courses/veiligheid.toml: course 'vca-basis': field title:")


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "c", course=COURSE + "prijs = 12\n")
    [problem] = problems(root)
    assert "field prijs: Extra inputs are not permitted" in problem


def test_missing_required_field(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "c", course=COURSE.replace('category = "Veiligheid"\n', ""))
    [problem] = problems(root)
    assert "course 'vca-basis': field category: Field required" in problem


def test_bad_id_characters(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "c", course=COURSE.replace('"vca-basis"', '"VCA Basis"'))
    assert any("field id: String should match pattern" in p for p in problems(root))


def test_mbo_qualification_needs_crebo(tmp_path: Path) -> None:
    root = write_catalogue(
        tmp_path / "c", qualifications=QUALIFICATIONS.replace('crebo = "25290"\n', "")
    )
    [problem] = problems(root)
    assert "qualification 'basislasser'" in problem
    assert "needs crebo and level" in problem


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "c")
    (root / "courses" / "kapot.toml").write_text("[[course]\nid = ", encoding="utf-8")
    [problem] = problems(root)
    assert problem.startswith("c/courses/kapot.toml: cannot be read:")


def test_offering_provider_must_match_its_file(tmp_path: Path) -> None:
    root = write_catalogue(
        tmp_path / "c",
        provider=PROVIDER.replace('id = "smeot-vca"', 'id = "smeot-vca"\nprovider = "tetrix"'),
    )
    [problem] = problems(root)
    assert "field provider: must be 'smeot'" in problem


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    broken = PROVIDER.replace("295", "-1").replace('"dag"', '"nacht"')
    assert len(problems(write_catalogue(tmp_path / "c", provider=broken))) == 2


def test_course_without_offering_is_a_warning(tmp_path: Path) -> None:
    extra = COURSE.replace("vca-basis", "vca-vol").replace("VCA basis", "VCA VOL")
    root = write_catalogue(tmp_path / "c", course=COURSE + extra)
    _, warnings = load_catalogue(root)
    assert warnings == ["c/courses/veiligheid.toml: course 'vca-vol' has no offering"]


def test_missing_directory(tmp_path: Path) -> None:
    assert "catalogue directory not found" in problems(tmp_path / "nope")[0]


def test_one_bad_course_does_not_cascade_into_reference_errors(
    tmp_path: Path, repo_root: Path
) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(repo_root / "catalogue", root)
    path = root / "courses" / "veiligheid.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"VCA basis (B-VCA)"', '""', 1), encoding="utf-8")
    [problem] = problems(root)
    assert problem.startswith("catalogue/courses/veiligheid.toml: course 'vca-basis': field title")


def test_new_fields_load(tmp_path: Path) -> None:
    course = COURSE + 'prerequisites = "geen; geschikt voor beginners"\nlevel = "beginner"\n'
    provider = PROVIDER.replace(
        'city = "Hengelo"', 'city = "Hengelo"\naddress = "Metaalweg 10, 7554 TS Hengelo"'
    ).replace('location = "Hengelo"', 'location = "Hengelo"\naddress = "Hal 3, Hengelo"')
    catalogue, _ = load_catalogue(write_catalogue(tmp_path / "c", course=course, provider=provider))
    [loaded] = catalogue.courses
    assert (loaded.prerequisites, loaded.level) == ("geen; geschikt voor beginners", "beginner")
    assert catalogue.providers[0].address == "Metaalweg 10, 7554 TS Hengelo"
    assert catalogue.offerings[0].address == "Hal 3, Hengelo"


def test_new_fields_are_optional(tmp_path: Path) -> None:
    catalogue, _ = load_catalogue(write_catalogue(tmp_path / "c"))
    assert catalogue.courses[0].level is None and catalogue.courses[0].prerequisites is None
    assert catalogue.providers[0].address is None and catalogue.offerings[0].address is None


@pytest.mark.parametrize(
    ("course", "provider", "expected"),
    [
        (COURSE + 'level = "  "\n', PROVIDER, "course 'vca-basis': field level:"),
        (COURSE + "prerequisites = 2\n", PROVIDER, "course 'vca-basis': field prerequisites:"),
        (
            COURSE + 'niveau = "beginner"\n',
            PROVIDER,
            "field niveau: Extra inputs are not permitted",
        ),
        (
            COURSE,
            PROVIDER.replace('city = "Hengelo"', 'city = "Hengelo"\nadres = "Metaalweg 10"'),
            "provider 'smeot': field adres: Extra inputs are not permitted",
        ),
        (
            COURSE,
            PROVIDER.replace('location = "Hengelo"', 'location = "Hengelo"\naddress = ""'),
            "offering 'smeot-vca': field address:",
        ),
    ],
)
def test_new_fields_are_validated(
    tmp_path: Path, course: str, provider: str, expected: str
) -> None:
    [problem] = problems(write_catalogue(tmp_path / "c", course=course, provider=provider))
    assert expected in problem


def test_shipped_courses_and_providers_have_the_new_fields(catalogue: Catalogue) -> None:
    areas = {"Lassen", "Veiligheid", "Plaatwerk"}
    courses = [c for c in catalogue.courses if c.category in areas]
    assert len(courses) >= 40
    assert all(c.level and c.prerequisites for c in courses)
    assert all(p.address and p.address.endswith(p.city) for p in catalogue.providers)


def test_two_of_the_four_vca_basis_offerings_are_in_english(catalogue: Catalogue) -> None:
    languages = sorted(o.language for o in catalogue.offerings_for("vca-basis"))
    assert languages == ["en", "en", "nl", "nl"]
