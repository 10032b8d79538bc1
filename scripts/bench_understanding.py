"""Benchmark of message understanding: classify latency, catalogue load time, peak memory.

Prints figures; asserts nothing. Run with ``make bench``. Targets (issue #2, one core):
p99 <= 5 ms with the shipped catalogue, <= 50 ms with 30,000 courses; loading 30,000 courses
(parse, validate, index) <= 3 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from obm_bot.catalogue.loader import load_catalogue
from obm_bot.catalogue.models import Catalogue
from obm_bot.config import REPO_ROOT
from obm_bot.understanding.engine import Understander
from obm_bot.understanding.intents import load_intents

MESSAGE_FILES = [
    REPO_ROOT.parent / "shared" / "eval" / "dev_intents.jsonl",
    *sorted((REPO_ROOT / "tests" / "data").glob("*.jsonl")),
]
MODIFIERS = (
    "basis",
    "gevorderd",
    "praktijk",
    "intensief",
    "opfris",
    "specialist",
    "expert",
    "module 1",
    "module 2",
    "voor starters",
    "voor leidinggevenden",
    "online",
)
PLACES = ("Hengelo", "Enschede", "Rotterdam", "Zaandam", "Cuijk", "Nijmegen", "Den Helder")


def messages() -> list[str]:
    texts: list[str] = []
    for path in MESSAGE_FILES:
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def generate_catalogue(base: Catalogue, size: int, root: Path, seed: int = 7) -> Path:
    """A catalogue of ``size`` courses made by varying the shipped ones, written as TOML."""
    rng = random.Random(seed)
    (root / "courses").mkdir(parents=True)
    (root / "providers").mkdir()
    course_lines: list[str] = []
    offering_lines: dict[str, list[str]] = {p.id: [] for p in base.providers}
    providers = [p.id for p in base.providers]
    for n in range(size):
        source = base.courses[n % len(base.courses)]
        modifier = rng.choice(MODIFIERS)
        course_id = f"{source.id}-g{n}"
        title = f"{source.title} {modifier} {n}" if n >= len(base.courses) else source.title
        aliases = [*source.aliases[:4], f"{source.aliases[0]} {modifier}"] if source.aliases else []
        course_lines += [
            "[[course]]",
            f"id = {toml_string(course_id)}",
            f"title = {toml_string(title)}",
            f"category = {toml_string(source.category)}",
            f"description = {toml_string(source.description)}",
            f"aliases = [{', '.join(toml_string(a) for a in aliases)}]",
            "",
        ]
        provider_id = rng.choice(providers)
        offering_lines[provider_id] += [
            "[[offering]]", f'id = "{provider_id}-g{n}"', f"course = {toml_string(course_id)}",
            f"location = {toml_string(rng.choice(PLACES))}", 'form = "klassikaal"',
            f'schedule = "{rng.choice(("dag", "avond", "weekend"))}"',
            f"duration_hours = {rng.choice((8, 16, 24, 40))}", "sessions = 4",
            f"price_eur = {rng.randint(150, 2500)}", "start_dates = [2027-03-01, 2027-09-06]", "",
        ]  # fmt: skip
    (root / "courses" / "generated.toml").write_text("\n".join(course_lines), encoding="utf-8")
    for provider in base.providers:
        header = [
            "[provider]", f'id = "{provider.id}"', f"name = {toml_string(provider.name)}",
            f'kind = "{provider.kind.value}"', f"region = {toml_string(provider.region)}",
            f"city = {toml_string(provider.city)}", "",
        ]  # fmt: skip
        body = "\n".join(header + offering_lines[provider.id])
        (root / "providers" / f"{provider.id}.toml").write_text(body, encoding="utf-8")
    return root


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def peak_mib(action: Callable[[], object]) -> float:
    """Peak Python heap of one call; a separate run, since tracing slows the code down."""
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench(label: str, catalogue_dir: Path, intents_dir: Path, texts: list[str]) -> None:
    built: dict[str, Understander] = {}

    def build() -> None:
        catalogue, _ = load_catalogue(catalogue_dir)
        built["u"] = Understander(catalogue, load_intents(intents_dir))

    load_mib = peak_mib(build)
    load_s = seconds(build)
    understander = built["u"]
    latencies: list[float] = []
    for _ in range(3):  # the first pass runs with cold caches, as after a restart
        for text in texts:
            start = time.perf_counter()
            understander.understand(text)
            latencies.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:<28} load {load_s:6.2f} s  peak {load_mib:7.1f} MiB  |  classify "
        f"p50 {statistics.median(latencies):6.2f} ms  p99 {percentile(latencies, 0.99):6.2f} ms"
        f"  max {max(latencies):6.2f} ms  ({len(latencies)} calls)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[3000, 30000])
    args = parser.parse_args()
    texts = messages()
    if not texts:
        print("no message files found", file=sys.stderr)
        return 1
    catalogue_dir, intents_dir = REPO_ROOT / "catalogue", REPO_ROOT / "intents"
    base, _ = load_catalogue(catalogue_dir)
    print(f"{len(texts)} messages from {len(MESSAGE_FILES)} files; one process, one core\n")
    bench(f"shipped ({len(base.courses)} courses)", catalogue_dir, intents_dir, texts)
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            generated = generate_catalogue(base, size, Path(tmp) / "catalogue")
            bench(f"generated ({size} courses)", generated, intents_dir, texts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
