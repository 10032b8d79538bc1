"""Reading learners from a CSV file (``obm-bot learners import``): all rows or none.

Every row is checked before anything is stored; each problem is reported with its line
number and column, and one bad row means nothing is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from obm_bot.catalogue.models import Catalogue
from obm_bot.domain.learners import Coach, CoachRole, LearnerDraft, weekday_number

REQUIRED = ("naam", "kwalificatie", "leerweg", "leerbedrijf", "start", "einde")
OPTIONAL = (
    "praktijkcentrum", "weken_centrum", "weken_bedrijf", "praktijkopleider",
    "praktijkopleider_telefoon", "praktijkopleider_email", "leermeester",
    "leermeester_telefoon", "leermeester_email", "docent", "docent_telefoon", "docent_email",
    "schooldag", "leeftijd_start",
)  # fmt: skip
COACH_COLUMNS = {
    "praktijkopleider": CoachRole.PRACTICE_TRAINER,
    "leermeester": CoachRole.INSTRUCTOR,
    "docent": CoachRole.TEACHER,
}


class LearnerImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int
    draft: LearnerDraft


def parse_day(text: str) -> dt.date:
    """2027-03-15 or the Dutch 15-03-2027."""
    value = text.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)")


def read_learners(path: Path, catalogue: Catalogue) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # Excel writes a BOM
    except (OSError, UnicodeDecodeError) as exc:
        raise LearnerImportError([f"{path}: niet te lezen ({exc})"]) from None
    if not text.strip():
        raise LearnerImportError([f"{path}: het bestand is leeg"])
    dialect = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    problems = [f"regel 1: kolom {c!r} ontbreekt" for c in REQUIRED if c not in header]
    problems += [
        f"regel 1: kolom {c!r} ken ik niet" for c in header if c not in REQUIRED + OPTIONAL
    ]
    if problems:
        raise LearnerImportError(problems)
    rows: list[Row] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for line, raw in enumerate(reader, start=2):
        values = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(values.values()):
            continue  # an empty line
        row_problems: list[str] = []
        draft = _draft(values, catalogue, row_problems)
        problems += [f"regel {line}: {p}" for p in row_problems]
        if draft is None:
            continue
        key = (draft.name.lower(), draft.start_date)
        if key in seen:
            problems.append(f"regel {line}: {draft.name} staat al op regel {seen[key]}")
            continue
        seen[key] = line
        rows.append(Row(line, draft))
    if problems:
        raise LearnerImportError(problems)
    return rows


def _draft(
    values: dict[str, str], catalogue: Catalogue, problems: list[str]
) -> LearnerDraft | None:
    fields: dict[str, object] = {}
    for column in REQUIRED:
        if not values.get(column):
            problems.append(f"{column}: leeg")
    qualification = catalogue.qualification(values.get("kwalificatie", ""))
    if values.get("kwalificatie") and qualification is None:
        problems.append(f"kwalificatie: {values['kwalificatie']!r} staat niet in de catalogus")
    for column, field in (("start", "start_date"), ("einde", "planned_end")):
        if values.get(column):
            try:
                fields[field] = parse_day(values[column])
            except ValueError as exc:
                problems.append(f"{column}: {exc}")
    for column, field in (("weken_centrum", "centre_weeks"), ("weken_bedrijf", "company_weeks"),
                          ("leeftijd_start", "age_at_start")):  # fmt: skip
        if values.get(column):
            fields[field] = values[column]
    if values.get("schooldag"):
        fields["school_day"] = weekday_number(values["schooldag"])
        if fields["school_day"] is None:
            problems.append(
                f"schooldag: {values['schooldag']!r} is geen dag (ma, di, … of maandag)"
            )
    coaches = [
        Coach(
            role=role,
            name=values[column],
            phone=values.get(f"{column}_telefoon") or None,
            email=values.get(f"{column}_email") or None,
        )
        for column, role in COACH_COLUMNS.items()
        if values.get(column)
    ]
    if problems or qualification is None:
        return None
    leerweg = values["leerweg"].upper() if values["leerweg"].lower() != "duaal" else "duaal"
    if leerweg.lower() not in {p.value for p in qualification.paths}:
        paths = ", ".join(p.value for p in qualification.paths)
        problems.append(
            f"leerweg: {values['leerweg']!r} past niet bij {qualification.title} ({paths})"
        )
        return None
    try:
        draft = LearnerDraft.model_validate({
            "name": values["naam"], "qualification_id": qualification.id, "path": leerweg,
            "company": values["leerbedrijf"],
            "practice_centre": values.get("praktijkcentrum") or None,
            "coaches": coaches, **fields,
        })  # fmt: skip
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(f"{'.'.join(map(str, error['loc']))}: {error['msg']}")
        return None
    if draft.planned_end <= draft.start_date:
        problems.append("einde ligt niet na start")
        return None
    return draft
