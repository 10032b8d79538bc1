"""Benchmark of start-up: ``obm-bot run`` from process start to its first reply, against the
fake Bot API over real HTTP. Prints figures, asserts nothing. Goal (issue #13): < 1 s with
the shipped catalogue.

A customer's "hallo" waits at the fake before the process starts (pending updates are kept),
so the clock runs from spawning the process to the fake receiving the reply: imports,
catalogue and intents, the phrase model, the database, PTB's start and the first poll.
"cold" is a fresh data folder (no database, no phrase-model cache); "warm" a data folder a
previous run left behind (database and cache). Each figure is the min / median of 3 runs
(BENCH_RUNS).
"""

from __future__ import annotations

import asyncio
import itertools
import math
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the fake Bot API lives with the tests

from tests.fakes.telegram_api import FakeTelegram  # noqa: E402
from tests.fakes.telegram_transport import FakeTelegramServer  # noqa: E402
from tests.fakes.telegram_users import Users  # noqa: E402
from tests.integration.telegram.conftest import write_config  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CUSTOMER = 4242
TIMEOUT_SECONDS = 30.0


async def first_reply_seconds(folder: Path, run: int) -> tuple[float, float]:
    """(start to first getUpdates, start to first reply) of one ``obm-bot run``; ``run``
    numbers the runs on one folder, whose database knows the earlier update ids."""
    fake = FakeTelegram()
    fake.next_update_id = itertools.count(1000 + 1000 * run).__next__
    customer = CUSTOMER + run
    await fake.push_update(Users(fake).text(customer, "hallo"))
    async with FakeTelegramServer(fake) as server:
        env = {
            **os.environ, "OBM_TELEGRAM_TOKEN": fake.token,
            "OBM_TELEGRAM_BASE_URL": server.base_url,
            "OBM_DB_PATH": str(folder / "data" / "obm.sqlite3"),
            "OBM_CONFIG": str(write_config(folder, None)), "OBM_LOG_LEVEL": "WARNING",
        }  # fmt: skip
        start = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "obm_bot", "run", cwd=folder, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        polled = replied = float("nan")
        try:
            while time.perf_counter() - start < TIMEOUT_SECONDS:
                now = time.perf_counter() - start
                if math.isnan(polled) and any(c.method == "getUpdates" for c in fake.calls):
                    polled = now
                if fake.texts(customer):
                    replied = now
                    break
                if process.returncode is not None:
                    break
                await asyncio.sleep(0.002)
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT_SECONDS)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        if math.isnan(replied):
            print(f"no reply; exit {process.returncode}:\n{stderr.decode()[-2000:]}")
        return polled, replied


def figure(values: list[float]) -> str:
    return f"{min(values):5.2f} / {statistics.median(values):5.2f} s"


async def main() -> int:
    results: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory() as tmp:
        warm_folder = Path(tmp) / "warm"
        warm_folder.mkdir()
        await first_reply_seconds(warm_folder, 0)  # leaves the database and the cache behind
        for run in range(RUNS):
            cold_folder = Path(tmp) / f"cold-{run}"
            cold_folder.mkdir()
            results["cold"].append(await first_reply_seconds(cold_folder, 0))
            results["warm"].append(await first_reply_seconds(warm_folder, run + 1))
        cached = (warm_folder / "data" / "phrase_model.json").is_file()
    print(f"obm-bot run, process start to first reply (min / median of {RUNS}; goal < 1 s)")
    for mode, runs in results.items():
        what = "fresh data folder" if mode == "cold" else f"database and cache ({cached=})"
        print(
            f"  {mode}: first reply {figure([r for _, r in runs])}  "
            f"first poll {figure([p for p, _ in runs])}  ({what})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
