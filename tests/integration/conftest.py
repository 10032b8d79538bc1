from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Inbound, Outbound, Who
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.storage.store import Store
from obm_bot.understanding.engine import Understander
from tests.fakes.clock import FakeClock

OBM_SETTINGS = (
    "OBM_TELEGRAM_TOKEN",
    "OBM_TELEGRAM_BASE_URL",
    "OBM_WEBHOOK_SECRET",
    "OBM_DB_PATH",
    "OBM_CATALOGUE_DIR",
    "OBM_INTENTS_DIR",
    "OBM_CONFIG",
)


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No OBM_ setting from the developer's shell and no stray .env from the checkout."""
    for name in OBM_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Harness:
    """Drives the real engine the way an adapter does, one message at a time."""

    def __init__(self, loket: Loket) -> None:
        self.loket = loket
        self.counter = 0

    async def send(
        self,
        user: str,
        text: str | None = None,
        button: str | None = None,
        channel: str = "console",
        inbound_id: str | None = None,
    ) -> list[Outbound]:
        self.counter += 1
        inbound = Inbound(
            who=Who(channel=channel, user_id=user, display_name=user),
            text=text,
            button=button,
            inbound_id=inbound_id or f"m{self.counter}",
        )
        return await self.loket.handle(inbound)

    async def staff(
        self, name: str, text: str | None = None, button: str | None = None
    ) -> list[Outbound]:
        return await self.send(name, text, button, channel="staff")


async def make_loket(
    db_path: Path,
    catalogue: Catalogue,
    understander: Understander,
    organisation: Organisation,
    clock: FakeClock,
) -> Loket:
    store = await Store.open(db_path)
    renderer = Renderer()
    loket = Loket(store, understander, renderer, catalogue, organisation, clock)
    await loket.sync_organisation()
    return loket


@pytest.fixture()
async def harness(
    db_path: Path,
    catalogue: Catalogue,
    understander: Understander,
    organisation: Organisation,
    clock: FakeClock,
) -> AsyncIterator[Harness]:
    loket = await make_loket(db_path, catalogue, understander, organisation, clock)
    yield Harness(loket)
    await loket.store.close()


def texts_to(out: list[Outbound], to: str) -> list[str]:
    return [o.text for o in out if o.to == to]


def buttons_to(out: list[Outbound], to: str) -> list[str]:
    return [b.data for o in out if o.to == to for b in o.buttons]


def data_of(out: list[Outbound], to: str, label: str) -> str:
    """The data of the button with this label in the messages to ``to`` (pressing it)."""
    found = [b.data for o in out if o.to == to for b in o.buttons if b.label == label]
    assert found, f"no button {label!r} in {[b.label for o in out for b in o.buttons]}"
    return found[-1]
