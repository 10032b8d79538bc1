"""Load and validate ``catalogue/``: every problem is reported with file, item and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import rtoml
from pydantic import BaseModel, TypeAdapter, ValidationError

from obm_bot.catalogue.models import Catalogue, Course, Offering, Provider, Qualification

M = TypeVar("M", bound=BaseModel)


class CatalogueError(Exception):
    """The catalogue is invalid; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class _Collector:
    root: Path
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    """Ids of items that failed validation; references to them are not reported again."""

    def where(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def read(self, path: Path) -> dict[str, Any] | None:
        # rtoml (Rust) parses a 30,000-course catalogue in a third of tomllib's time.
        try:
            data = rtoml.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, rtoml.TomlParsingError) as exc:
            self.problems.append(f"{self.where(path)}: cannot be read: {exc}")
            return None
        return data if isinstance(data, dict) else None

    def build(self, model: type[M], data: Any, path: Path, kind: str, index: int) -> M | None:
        item = data.get("id") if isinstance(data, dict) else None
        label = f"{kind} {item!r}" if item else f"{kind} #{index + 1}"
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            if isinstance(item, str):
                self.invalid_ids.add(item)
            for error in exc.errors():
                field_name = ".".join(str(p) for p in error["loc"]) or "(item)"
                self.problems.append(
                    f"{self.where(path)}: {label}: field {field_name}: {error['msg']}"
                )
            return None

    def build_all(self, model: type[M], raws: list[Any], path: Path, kind: str) -> list[M]:
        """Validate a file's items in one call; item by item only to report what is wrong."""
        try:
            return _list_adapter(model).validate_python(raws)
        except ValidationError:
            built = (self.build(model, raw, path, kind, i) for i, raw in enumerate(raws))
            return [item for item in built if item is not None]

    def items(self, data: dict[str, Any], key: str, path: Path) -> list[Any]:
        unknown = sorted(set(data) - {key, "provider"})
        for name in unknown:
            self.problems.append(f"{self.where(path)}: unknown table or key {name!r}")
        values = data.get(key, [])
        if not isinstance(values, list):
            self.problems.append(f"{self.where(path)}: {key!r} must be an array of tables")
            return []
        return values


@cache
def _list_adapter(model: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _duplicates(collector: _Collector, kind: str, found: list[tuple[str, Path]]) -> None:
    seen: dict[str, Path] = {}
    for item_id, path in found:
        if item_id in seen:
            collector.problems.append(
                f"{collector.where(path)}: {kind} {item_id!r}: field id: duplicate id, "
                f"also in {collector.where(seen[item_id])}"
            )
        else:
            seen[item_id] = path


Located = list[tuple[M, Path]]


def _read_courses(col: _Collector) -> Located[Course]:
    courses: Located[Course] = []
    for path in sorted((col.root / "courses").glob("*.toml")):
        raws = col.items(col.read(path) or {}, "course", path)
        courses += [(course, path) for course in col.build_all(Course, raws, path, "course")]
    return courses


def _read_providers(col: _Collector) -> tuple[Located[Provider], Located[Offering]]:
    providers: Located[Provider] = []
    offerings: Located[Offering] = []
    for path in sorted((col.root / "providers").glob("*.toml")):
        data = col.read(path)
        provider = col.build(Provider, (data or {}).get("provider"), path, "provider", 0)
        if data is None or provider is None:
            continue
        providers.append((provider, path))
        raws: list[Any] = []
        for raw in col.items(data, "offering", path):
            # The provider is the file's; an offering may repeat it but not contradict it.
            item = {"provider": provider.id, **raw} if isinstance(raw, dict) else raw
            if isinstance(item, dict) and item["provider"] != provider.id:
                col.problems.append(
                    f"{col.where(path)}: offering {item.get('id')!r}: field provider: "
                    f"must be {provider.id!r}, the provider of this file"
                )
                continue
            raws.append(item)
        built = col.build_all(Offering, raws, path, "offering")
        offerings += [(offering, path) for offering in built]
    return providers, offerings


def _read_qualifications(col: _Collector) -> Located[Qualification]:
    path = col.root / "qualifications.toml"
    if not path.exists():
        return []
    raws = col.items(col.read(path) or {}, "qualification", path)
    return [(q, path) for q in col.build_all(Qualification, raws, path, "qualification")]


def _check_references(
    col: _Collector,
    courses: Located[Course],
    providers: Located[Provider],
    offerings: Located[Offering],
    qualifications: Located[Qualification],
) -> None:
    _duplicates(col, "course", [(c.id, p) for c, p in courses])
    _duplicates(col, "provider", [(x.id, p) for x, p in providers])
    _duplicates(col, "offering", [(o.id, p) for o, p in offerings])
    _duplicates(col, "qualification", [(q.id, p) for q, p in qualifications])
    known_courses = {c.id for c, _ in courses} | col.invalid_ids
    known_providers = {x.id for x, _ in providers} | col.invalid_ids
    for offering, path in offerings:
        if offering.course not in known_courses:
            col.problems.append(
                f"{col.where(path)}: offering {offering.id!r}: field course: "
                f"unknown course {offering.course!r}"
            )
    for qualification, path in qualifications:
        for provider_id in qualification.providers:
            if provider_id not in known_providers:
                col.problems.append(
                    f"{col.where(path)}: qualification {qualification.id!r}: field providers: "
                    f"unknown provider {provider_id!r}"
                )
    offered = {o.course for o, _ in offerings}
    for course, path in courses:
        if course.id not in offered:
            col.warnings.append(f"{col.where(path)}: course {course.id!r} has no offering")


def load_catalogue(root: Path) -> tuple[Catalogue, list[str]]:
    """Return the catalogue and its warnings, or raise CatalogueError listing every problem."""
    if not root.is_dir():
        raise CatalogueError([f"{root}: catalogue directory not found"])
    col = _Collector(root)
    courses = _read_courses(col)
    providers, offerings = _read_providers(col)
    qualifications = _read_qualifications(col)
    _check_references(col, courses, providers, offerings, qualifications)
    if not courses and not col.invalid_ids:
        col.problems.append(f"{root}: no courses found in courses/*.toml")
    if col.problems:
        raise CatalogueError(col.problems)
    catalogue = Catalogue(
        providers=tuple(x for x, _ in providers),
        courses=tuple(c for c, _ in courses),
        offerings=tuple(o for o, _ in offerings),
        qualifications=tuple(q for q, _ in qualifications),
    )
    return catalogue, col.warnings
