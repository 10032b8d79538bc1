"""The composition root: settings -> catalogue -> intents -> understanding -> renderer ->
store -> dialogue engine -> adapter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from obm_bot.catalogue.loader import load_catalogue
from obm_bot.catalogue.models import Catalogue
from obm_bot.config import Settings
from obm_bot.dialogue.engine import Loket
from obm_bot.dialogue.messages import Clock, system_clock
from obm_bot.organisation import Organisation, load_organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.storage.store import Store
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.intents import IntentModel, load_intents

if TYPE_CHECKING:  # python-telegram-bot is imported only when the Telegram bot is built
    import httpx

    from obm_bot.adapters.telegram.app import TelegramApp, TelegramLoket


@dataclass(frozen=True)
class Core:
    catalogue: Catalogue
    intents: IntentModel
    understander: Understander
    renderer: Renderer


def build_understander(
    catalogue_dir: Path,
    intents_dir: Path,
    organisation: Organisation | None = None,
    cache_dir: Path | None = None,
) -> tuple[Catalogue, IntentModel, Understander]:
    """With an ``organisation``, its member companies are recognised in messages. With a
    ``cache_dir``, the trained phrase model is kept there between starts."""
    catalogue, _warnings = load_catalogue(catalogue_dir)
    intents = load_intents(intents_dir)
    companies = [(c.name, c.aliases) for c in organisation.member_company] if organisation else []
    return catalogue, intents, Understander(catalogue, intents, companies, cache_dir)


async def open_loket(settings: Settings, core: Core, clock: Clock = system_clock) -> Loket:
    """The dialogue engine on the configured SQLite file (migrations applied on open)."""
    organisation = load_organisation(settings.config)
    store = await Store.open(settings.db_path)
    loket = Loket(store, core.understander, core.renderer, core.catalogue, organisation, clock)
    await loket.sync_organisation()
    return loket


def build_core(settings: Settings) -> Core:
    catalogue, intents, understander = build_understander(
        settings.catalogue_dir,
        settings.intents_dir,
        load_organisation(settings.config),
        cache_dir=settings.db_path.parent,  # the data folder, next to the database
    )
    return Core(catalogue, intents, understander, Renderer())


def build_telegram(
    settings: Settings,
    core: Core,
    clock: Clock = system_clock,
    transport: httpx.AsyncBaseTransport | None = None,
    rate_limit: bool = True,
    health_port: int | None = None,
) -> tuple[TelegramLoket, TelegramApp]:
    """The Telegram bot: python-telegram-bot's Application around the loket, with its daily
    backup and, given ``health_port``, its health and metrics endpoint."""
    from obm_bot.adapters.telegram import operations  # noqa: PLC0415
    from obm_bot.adapters.telegram.app import TelegramLoket, build_application  # noqa: PLC0415

    if settings.telegram_token is None:
        raise ValueError("OBM_TELEGRAM_TOKEN is not set")
    organisation = load_organisation(settings.config)

    async def open_for_telegram() -> Loket:
        return await open_loket(settings, core, clock)

    adapter = TelegramLoket(open_for_telegram, organisation)
    base_url = str(settings.telegram_base_url) if settings.telegram_base_url else None
    app = build_application(
        adapter,
        settings.telegram_token.get_secret_value(),
        base_url,
        transport,
        rate_limit and settings.telegram_rate_limit,
    )
    backups = (settings.backups, settings.backup_at, settings.backup_keep)
    operations.attach(
        app, adapter, settings.db_path, backups, health_port, clock, settings.health_host
    )
    return adapter, app
