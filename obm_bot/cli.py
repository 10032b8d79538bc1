"""The ``obm-bot`` command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from obm_bot.config import REPO_ROOT, Settings, SettingsError, load_settings

DEFAULT_EVAL_FILE = REPO_ROOT.parent / "shared" / "eval" / "dev_intents.jsonl"
log = logging.getLogger("obm_bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="obm-bot", description="Het OBM-loket in een chat.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot (terminal chat without a Telegram token)")
    commands.add_parser("chat", help="customer chat in the terminal")
    classify = commands.add_parser("classify", help="JSON lines of understood messages")
    classify.add_argument("--explain", action="store_true", help="add the cues that fired")
    evaluate = commands.add_parser("eval", help="score message understanding on a JSONL file")
    evaluate.add_argument("file", nargs="?", type=Path, default=DEFAULT_EVAL_FILE)
    evaluate.add_argument("--misses", action="store_true", help="list every wrong prediction")
    catalogue = commands.add_parser("catalogue", help="catalogue tools")
    catalogue_commands = catalogue.add_subparsers(dest="catalogue_command", required=True)
    catalogue_commands.add_parser("check", help="validate catalogue/ and intents/")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"obm-bot: {exc}", file=sys.stderr)
        return 2
    from obm_bot.catalogue.loader import CatalogueError
    from obm_bot.understanding.intents import IntentDataError

    try:
        if args.command == "catalogue":
            return _catalogue_check(settings)
        if args.command == "classify":
            return _classify(settings, explain=args.explain)
        if args.command == "eval":
            return _eval(settings, args.file, show_misses=args.misses)
        return _chat(settings)
    except (CatalogueError, IntentDataError) as exc:
        print(f"obm-bot: invalid data:\n{exc}", file=sys.stderr)
        return 1


def _catalogue_check(settings: Settings) -> int:
    from obm_bot.catalogue.loader import CatalogueError, load_catalogue
    from obm_bot.understanding.intents import IntentDataError, load_intents

    failed = False
    try:
        catalogue, warnings = load_catalogue(settings.catalogue_dir)
        multi = sum(
            1
            for c in catalogue.courses
            if len({o.provider for o in catalogue.offerings_for(c.id)}) > 1
        )
        print(
            f"catalogue {settings.catalogue_dir}: {len(catalogue.courses)} courses, "
            f"{len(catalogue.qualifications)} qualifications, {len(catalogue.providers)} "
            f"providers, {len(catalogue.offerings)} offerings, {multi} courses with 2+ providers"
        )
        for warning in warnings:
            print(f"warning: {warning}")
    except CatalogueError as exc:
        failed = True
        for problem in exc.problems:
            print(f"error: {problem}")
    try:
        intents = load_intents(settings.intents_dir)
        cues = len(intents.cues)
        examples = sum(len(s.examples) for s in intents.specs.values())
        print(
            f"intents {settings.intents_dir}: {len(intents.specs)} intents, {cues} cues, "
            f"{examples} example phrases"
        )
        for collision in intents.collisions:
            print(f"warning: {collision}")
    except IntentDataError as exc:
        failed = True
        print(f"error: {exc}")
    return 1 if failed else 0


def _classify(settings: Settings, explain: bool) -> int:
    from obm_bot.bootstrap import build_understander

    _, _, understander = build_understander(settings.catalogue_dir, settings.intents_dir)
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        record = understander.understand(text).classify_record()
        if explain:
            record["cues"] = understander.explain(text)
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _eval(settings: Settings, path: Path, show_misses: bool) -> int:
    from obm_bot.bootstrap import build_understander
    from obm_bot.evaluation import EvalFileError, evaluate, read_examples

    try:
        examples = read_examples(path)
    except EvalFileError as exc:
        print(f"obm-bot: {exc}", file=sys.stderr)
        return 2
    _, _, understander = build_understander(settings.catalogue_dir, settings.intents_dir)
    report = evaluate(examples, understander.understand)
    print(f"{path}: {report.intent.total} messages")
    print(report.format(show_misses=show_misses))
    return 0


def _chat(settings: Settings) -> int:
    from obm_bot.adapters.console.chat import run_chat
    from obm_bot.bootstrap import build_core

    core = build_core(settings)
    return run_chat(core.understander, core.renderer)
