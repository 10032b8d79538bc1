from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from obm_bot.bootstrap import build_understander
from obm_bot.catalogue.models import Catalogue
from obm_bot.config import REPO_ROOT
from obm_bot.organisation import Organisation, load_organisation
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.intents import IntentModel
from tests.fakes.clock import FakeClock

CATALOGUE_DIR = REPO_ROOT / "catalogue"
INTENTS_DIR = REPO_ROOT / "intents"
SHARED_EVAL = REPO_ROOT.parent / "shared" / "eval" / "dev_intents.jsonl"


@pytest.fixture(scope="session")
def shipped() -> tuple[Catalogue, IntentModel, Understander]:
    organisation = load_organisation(REPO_ROOT / "obm.example.toml")
    return build_understander(CATALOGUE_DIR, INTENTS_DIR, organisation)


@pytest.fixture(scope="session")
def understander(shipped: tuple[Catalogue, IntentModel, Understander]) -> Understander:
    return shipped[2]


@pytest.fixture(scope="session")
def catalogue(shipped: tuple[Catalogue, IntentModel, Understander]) -> Catalogue:
    return shipped[0]


@pytest.fixture()
def repo_root() -> Path:
    return REPO_ROOT


# Wednesday 25 November 2026, 10:00 in Amsterdam: inside office hours.
OFFICE_MORNING = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


@pytest.fixture()
def organisation() -> Organisation:
    return load_organisation(REPO_ROOT / "obm.example.toml")


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock(OFFICE_MORNING)


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "obm.sqlite3"
