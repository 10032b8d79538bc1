"""What ``obm-bot run`` imports on its way to the first reply (issue #13: start in < 1 s).

A whole process against the fake Bot API, as in production: it answers a customer's "hallo",
stops on SIGTERM and, on its way out, lists the modules it loaded. Modules that only other
paths need (the webhook server's tornado, Pillow for timelines) must not be among them:
each costs the start tens of milliseconds.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import obm_bot
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_transport import FakeTelegramServer
from tests.fakes.telegram_users import Users
from tests.integration.telegram.conftest import write_config

CUSTOMER = 4242
UNNEEDED = ("tornado", "PIL")
SOURCE_ROOT = Path(obm_bot.__file__).resolve().parent.parent  # the code under test
# ``python -m obm_bot run``, which on exit writes the top-level packages it loaded to argv[1].
RUN_AND_LIST = """
import atexit, json, runpy, sys
listing = sys.argv[1]
def write() -> None:
    with open(listing, "w", encoding="utf-8") as out:
        json.dump(sorted({name.split(".")[0] for name in sys.modules}), out)
atexit.register(write)
sys.argv = ["obm-bot", "run"]
runpy.run_module("obm_bot", run_name="__main__", alter_sys=True)
"""


async def loaded_by_a_polling_start(folder: Path) -> list[str]:
    fake = FakeTelegram()
    await fake.push_update(Users(fake).text(CUSTOMER, "hallo"))
    listing = folder / "modules.json"
    async with FakeTelegramServer(fake) as server:
        env = {
            **os.environ, "OBM_TELEGRAM_TOKEN": fake.token,
            "OBM_TELEGRAM_BASE_URL": server.base_url,
            "OBM_DB_PATH": str(folder / "data" / "obm.sqlite3"),
            "OBM_CONFIG": str(write_config(folder, None)), "OBM_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(SOURCE_ROOT),
        }  # fmt: skip
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", RUN_AND_LIST, str(listing), cwd=folder, env=env,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            async with asyncio.timeout(60):
                while not fake.texts(CUSTOMER) and process.returncode is None:
                    await asyncio.sleep(0.01)
            assert fake.texts(CUSTOMER), "the bot did not answer"
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 60)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert process.returncode == 0, stderr.decode()[-2000:]
    loaded: list[str] = json.loads(listing.read_text(encoding="utf-8"))
    return loaded


async def test_a_polling_start_imports_neither_the_webhook_server_nor_pillow(
    tmp_path: Path,
) -> None:
    loaded = await loaded_by_a_polling_start(tmp_path)
    assert "telegram" in loaded and "obm_bot" in loaded  # the listing is of a real start
    assert [name for name in UNNEEDED if name in loaded] == []
