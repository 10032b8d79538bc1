"""Benchmark of start-up: ``obm-bot run`` from process start to its first reply, against the
fake Bot API over real HTTP. Prints figures, asserts nothing. Goal (issue #13): < 1 s with
the shipped catalogue.

A customer's "hallo" waits at the fake before the process starts (pending updates are kept),
so the clock runs from spawning the process to the fake receiving the reply: imports,
catalogue and intents, the phrase model, the database, PTB's start and the first poll.
"cold" is a fresh data folder (no database, no phrase-model cache); "warm" a data folder a
previous run left behind (database and cache). Each figure is the min / median of 3 runs
(BENCH_RUNS). With BENCH_BYTECODE=cached the processes keep compiled bytecode (in the temporary
folder, PYTHONPYCACHEPREFIX) as an installed bot does after its first start, even where
PYTHONDONTWRITEBYTECODE is set, which makes every start compile the whole package again.

Two kinds of stages are printed. Those of the real ``obm-bot run`` process are seen from the
fake, each from process start: its first Bot API call (getMe, once everything is imported
and built), setMyCommands (the database is open), the first getUpdates and the reply. Those
inside the process come from a probe, a second fresh interpreter that does what ``obm-bot
run`` does before it polls, step by step, each step timed on its own.
"""

from __future__ import annotations

import asyncio
import itertools
import json
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
BYTECODE_CACHED = os.environ.get("BENCH_BYTECODE") == "cached"
CUSTOMER = 4242
TIMEOUT_SECONDS = 30.0
# Seen from the fake, in the order a start makes them: the first call of each method.
API_STAGES = (("getMe", "bot built, getMe"), ("setMyCommands", "database open"),
              ("getUpdates", "first poll"))  # fmt: skip
# The steps of ``obm-bot run`` before it polls, each timed by itself in a fresh interpreter
# (the same order as cli.main and cli._telegram). Prints one JSON object of seconds.
PROBE = """
import asyncio, gc, json, sys, time
stages = {}
t = time.perf_counter()
from obm_bot import cli
started = getattr(cli, "_started", None)  # what the start does around garbage collection
if started is not None:
    gc.disable()
    cli._without_webhook_server()
from obm_bot.adapters.telegram.app import run_polling
from obm_bot.bootstrap import build_core, build_telegram
from obm_bot.config import load_settings
stages["imports"] = time.perf_counter() - t
t = time.perf_counter()
cli.configure_logging()
settings = load_settings()
stages["settings"] = time.perf_counter() - t
t = time.perf_counter()
assert asyncio.run(cli._database_problem(settings.db_path)) is None
stages["database check + migrations"] = time.perf_counter() - t
t = time.perf_counter()
core = build_core(settings)
stages["catalogue, intents, understander"] = time.perf_counter() - t
t = time.perf_counter()
adapter, app = build_telegram(settings, core)
if started is not None:
    started()
stages["PTB application built"] = time.perf_counter() - t
async def started():
    t = time.perf_counter()
    await app.initialize()
    stages["initialize (getMe)"] = time.perf_counter() - t
    t = time.perf_counter()
    await adapter.post_init(app)
    stages["post_init (store, commands)"] = time.perf_counter() - t
    await adapter.post_stop(app)
    await adapter.post_shutdown(app)
    await app.shutdown()
asyncio.run(started())
stages["modules loaded"] = len(sys.modules)
print(json.dumps(stages))
"""


def environment(folder: Path, fake: FakeTelegram, base_url: str) -> dict[str, str]:
    env = {
        **os.environ, "OBM_TELEGRAM_TOKEN": fake.token, "OBM_TELEGRAM_BASE_URL": base_url,
        "OBM_DB_PATH": str(folder / "data" / "obm.sqlite3"),
        "OBM_CONFIG": str(write_config(folder, None)), "OBM_LOG_LEVEL": "WARNING",
    }  # fmt: skip
    if BYTECODE_CACHED:  # one cache for every run: the folders are siblings in one temp dir
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder.parent / "pycache")
    return env


async def first_reply(folder: Path, run: int) -> dict[str, float]:
    """Seconds from start to each of ``API_STAGES`` and to the first reply of one ``obm-bot
    run``; ``run`` numbers the runs on one folder, whose database knows the earlier ids."""
    fake = FakeTelegram()
    fake.next_update_id = itertools.count(1000 + 1000 * run).__next__
    customer = CUSTOMER + run
    await fake.push_update(Users(fake).text(customer, "hallo"))
    async with FakeTelegramServer(fake) as server:
        env = environment(folder, fake, server.base_url)
        start = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "obm_bot", "run", cwd=folder, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        replied = float("nan")
        try:
            while time.perf_counter() - start < TIMEOUT_SECONDS:
                if fake.texts(customer):
                    replied = time.perf_counter() - start
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
        figures = {
            label: next((c.at - start for c in fake.calls if c.method == method), math.nan)
            for method, label in API_STAGES
        }
        return {**figures, "first reply": replied}


async def probe(folder: Path) -> dict[str, float]:
    """The steps inside one start (``PROBE``) on ``folder``, each in seconds."""
    fake = FakeTelegram()
    async with FakeTelegramServer(fake) as server:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", PROBE, cwd=folder, env=environment(folder, fake, server.base_url),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        stdout, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT_SECONDS)
    if process.returncode != 0:
        print(f"probe failed; exit {process.returncode}:\n{stderr.decode()[-2000:]}")
        return {}
    result: dict[str, float] = json.loads(stdout)
    return result


def figure(values: list[float]) -> str:
    if not values or any(math.isnan(v) for v in values):
        return "   -- /    -- s"
    return f"{min(values):5.2f} / {statistics.median(values):5.2f} s"


def table(title: str, runs: list[dict[str, float]]) -> None:
    print(f"  {title}")
    for stage in runs[0] if runs else ():
        values = [r[stage] for r in runs if stage in r]
        if stage == "modules loaded":
            print(f"    {stage:34} {min(values):5.0f} modules")
        else:
            print(f"    {stage:34} {figure(values)}")


async def main() -> int:
    runs: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    probes: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory() as tmp:
        warm_folder = Path(tmp) / "warm"
        warm_folder.mkdir()
        await first_reply(warm_folder, 0)  # leaves the database and the cache behind
        for run in range(RUNS):  # interleaved, so a busy moment hits both modes alike
            cold_folder, cold_probe = Path(tmp) / f"cold-{run}", Path(tmp) / f"probe-{run}"
            cold_folder.mkdir()
            cold_probe.mkdir()
            runs["cold"].append(await first_reply(cold_folder, 0))
            runs["warm"].append(await first_reply(warm_folder, run + 1))
            probes["cold"].append(await probe(cold_probe))
            probes["warm"].append(await probe(warm_folder))
        cached = (warm_folder / "data" / "phrase_model.json").is_file()
    print(f"obm-bot run, from process start (min / median of {RUNS}; goal: first reply < 1 s)")
    if BYTECODE_CACHED or not sys.dont_write_bytecode:
        print("  bytecode: kept between starts")
    else:
        print("  bytecode: not written (PYTHONDONTWRITEBYTECODE), code without one is compiled")
    for mode, seen in runs.items():
        what = "fresh data folder" if mode == "cold" else f"database and cache ({cached=})"
        table(f"{mode} ({what}), seen from the fake:", seen)
        table(f"{mode}, inside the process, each step alone:", probes[mode])
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
