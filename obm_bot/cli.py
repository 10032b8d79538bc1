"""The ``obm-bot`` command line."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obm_bot.logs import configure_logging, mask_secrets

if TYPE_CHECKING:  # pydantic is imported in main, once the garbage collector is paused
    from obm_bot.config import Settings

# Commands that run a loket: checked before start (report and learners open it only later).
DATABASE_COMMANDS = frozenset({"run", "chat", "staff"})
OPERATIONS = frozenset({"doctor", "backup", "restore", "demo"})
WEBHOOK_SERVER = "telegram.ext._utils.webhookhandler"
"""python-telegram-bot's webhook server, the one module of it that imports tornado."""
log = logging.getLogger("obm_bot")


def _parser() -> argparse.ArgumentParser:
    from obm_bot.config import REPO_ROOT

    default_eval_file = REPO_ROOT.parent / "shared" / "eval" / "dev_intents.jsonl"
    parser = argparse.ArgumentParser(prog="obm-bot", description="Het OBM-loket in een chat.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start the bot (terminal chat without a Telegram token)")
    run.add_argument("--webhook", metavar="URL", help="public HTTPS URL for webhook mode")
    run.add_argument("--listen", default="127.0.0.1", help="webhook server address")
    run.add_argument("--port", type=int, default=8443, help="webhook server port")
    run.add_argument("--health", type=int, metavar="PORT", help="/healthz, /metrics on 127.0.0.1")
    chat = commands.add_parser("chat", help="customer chat in the terminal")
    chat.add_argument("--user", default="terminal", help="customer id (default: terminal)")
    chat.add_argument("--name", default=os.environ.get("USER"), help="display name")
    chat.add_argument("--json", action="store_true", help="one JSON line per message")
    staff = commands.add_parser("staff", help="the account manager's side in the terminal")
    staff.add_argument("--as", dest="staff_name", required=True, help="account manager name")
    staff.add_argument("--json", action="store_true", help="one JSON line per message")
    classify = commands.add_parser("classify", help="JSON lines of understood messages")
    classify.add_argument(
        "--explain",
        action="store_true",
        help="add the cues that fired and what the learned models say",
    )
    evaluate = commands.add_parser("eval", help="score message understanding on a JSONL file")
    evaluate.add_argument(
        "file", nargs="*", type=Path, default=[default_eval_file], help="one or more JSONL files"
    )
    evaluate.add_argument("--misses", action="store_true", help="list every wrong prediction")
    learners = commands.add_parser("learners", help="learner trajectories")
    learner_commands = learners.add_subparsers(dest="learners_command", required=True)
    learner_import = learner_commands.add_parser("import", help="create learners from a CSV file")
    learner_import.add_argument("file", type=Path)
    report = commands.add_parser("report", help="the management report (HTML, optional CSV)")
    report.add_argument("--from", dest="first", type=_date, help="first day (default: 30 days ago)")
    report.add_argument("--to", dest="last", type=_date, help="last day (default: today)")
    report.add_argument("--out", type=Path, default=Path("report.html"), help="HTML file")
    report.add_argument("--csv", type=Path, help="also write one row per request")
    report.add_argument("--with-contacts", action="store_true", help="names and phones in the CSV")
    catalogue = commands.add_parser("catalogue", help="catalogue tools")
    catalogue_commands = catalogue.add_subparsers(dest="catalogue_command", required=True)
    catalogue_commands.add_parser("check", help="validate catalogue/ and intents/")
    _operations_parsers(commands)
    return parser


def _operations_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = commands.add_parser("doctor", help="check configuration, data, database, Telegram")
    doctor.add_argument("--webhook", action="store_true", help="the bot runs with a webhook")
    backup = commands.add_parser("backup", help="a consistent copy of the live database")
    backup.add_argument("--to", type=Path, metavar="DIR", help="folder (default OBM_BACKUP_DIR)")
    restore = commands.add_parser("restore", help="replace the database by a checked backup")
    restore.add_argument("file", type=Path)
    restore.add_argument("--force", action="store_true", help="even if its -wal file exists")
    demo = commands.add_parser("demo", help="fill a fresh database with a few demo months")
    demo.add_argument("--db", type=Path, help="database file (default OBM_DB_PATH)")
    demo.add_argument("--seed", type=int, default=18, help="the script's random seed")
    demo.add_argument("--days", type=int, default=120, help="how many days, ending today")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def main(argv: Sequence[str] | None = None) -> int:
    # A start makes some 200,000 objects that live as long as the process (modules, the
    # catalogue, the phrase model), and the cycle collector would scan them again and again
    # while they are made: a fifth of the start. It is off until the command has started.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.unfreeze()  # an in-process caller (the tests) has its objects collected again
        if collecting:
            gc.enable()


def _started() -> None:
    """The collector back on, for what the command does from now on. What the start made is
    kept out of its generations (frozen): it lives on, and scanning it would cost a tenth of
    a second of the first reply."""
    gc.freeze()
    gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    from obm_bot.config import SettingsError, load_settings

    args = _parser().parse_args(argv)
    configure_logging()
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"obm-bot: {exc}", file=sys.stderr)
        return 2
    mask_secrets(
        secret.get_secret_value()
        for secret in (settings.telegram_token, settings.webhook_secret)
        if secret is not None
    )
    # Only what every command needs: the staff console (which pulls in the dialogue engine,
    # storage and rendering) is imported by the commands that use it.
    from obm_bot.catalogue.loader import CatalogueError
    from obm_bot.organisation import OrganisationError
    from obm_bot.understanding.intents import IntentDataError

    if args.command in DATABASE_COMMANDS:
        import asyncio

        problem = asyncio.run(_database_problem(settings.db_path))
        if problem is not None:
            print(f"obm-bot: cannot open database {settings.db_path}: {problem}", file=sys.stderr)
            return 2
    try:
        if args.command == "run" and settings.telegram_token is not None:
            health = args.health or settings.health_port
            return _telegram(settings, args.webhook, args.listen, args.port, health)
        _started()
        if args.command == "catalogue":
            return _catalogue_check(settings)
        if args.command in OPERATIONS:
            return _operations(settings, args)
        if args.command == "classify":
            return _classify(settings, explain=args.explain)
        if args.command == "eval":
            return _eval(settings, args.file, show_misses=args.misses)
        if args.command == "report":
            from obm_bot.cli_report import run_report  # the reporting package, only here

            return _run_async(run_report(settings, args))
        if args.command == "learners":
            return _run_async(_import_learners(settings, args.file))
        if args.command == "staff":
            return _staff(settings, args.staff_name, json_mode=args.json)
        if args.command == "run" and args.webhook:
            print("obm-bot: webhook mode needs OBM_TELEGRAM_TOKEN", file=sys.stderr)
            return 2
        user = getattr(args, "user", "terminal")
        name = getattr(args, "name", os.environ.get("USER"))
        return _run_async(
            _terminal(settings, user=user, name=name, json_mode=getattr(args, "json", False))
        )
    except (CatalogueError, IntentDataError) as exc:
        print(f"obm-bot: invalid data:\n{exc}", file=sys.stderr)
        return 1
    except OrganisationError as exc:
        print(f"obm-bot: {exc}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:  # report and learners on a database that cannot be used
        print(f"obm-bot: database {settings.db_path}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C in a terminal session: stop without a traceback
        return 130


def _operations(settings: Settings, args: argparse.Namespace) -> int:
    from obm_bot import cli_operations

    if args.command == "doctor":
        return _run_async(cli_operations.run_doctor(settings, args))
    if args.command == "backup":
        return cli_operations.run_backup(settings, args)
    if args.command == "restore":
        return cli_operations.run_restore(settings, args)
    return _run_async(cli_operations.run_demo(settings, args))


def _run_async(work: Coroutine[Any, Any, int]) -> int:
    import asyncio

    return asyncio.run(work)


def _staff(settings: Settings, staff_name: str, *, json_mode: bool) -> int:
    from obm_bot.adapters.console.staff import UnknownStaffError

    try:
        return _run_async(_terminal(settings, staff=staff_name, json_mode=json_mode))
    except UnknownStaffError as exc:
        print(f"obm-bot: {exc}", file=sys.stderr)
        return 2


async def _database_problem(path: Path) -> str | None:
    """Why the database cannot be used, or None. Checked before anything starts: a corrupt or
    unwritable file must stop the program at once, not leave a process (the Telegram bot opens
    the store later, inside its start-up hook) that neither works nor exits."""
    from obm_bot.storage.database import connect

    try:
        conn = await connect(path)  # also applies pending migrations: a first write
        try:
            rows = list(await conn.execute_fetchall("PRAGMA quick_check"))
            await conn.execute("BEGIN IMMEDIATE")  # refused on a read-only file or folder
            await conn.execute("ROLLBACK")
        finally:
            await conn.close()
    except (sqlite3.Error, OSError) as exc:
        return str(exc)
    found = [str(row[0]) for row in rows]
    return None if found == ["ok"] else f"damaged: {found[0]}"


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
        from obm_bot.catalogue.places import Places, unknown_places

        # A place the gazetteer does not know gets no distance: the offering is ranked last.
        for unknown in unknown_places(catalogue, Places.load()):
            print(f"warning: {unknown}")
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
    return 1 if _knowledge_check() or failed else 0


def _knowledge_check() -> bool:
    """Print the facts of ``knowledge/`` and one line per problem; True when one is an error."""
    from obm_bot.config import REPO_ROOT
    from obm_bot.knowledge import KnowledgeError, Level, check, load_knowledge

    folder = REPO_ROOT / "knowledge"
    try:
        knowledge = load_knowledge(folder)
    except KnowledgeError as exc:
        for line in exc.problems:
            print(f"error: {line}")
        return True
    subjects = len({fact.subject for fact in knowledge.facts})
    print(f"knowledge {folder}: {len(knowledge.facts)} facts in {subjects} subjects")
    problems = check(knowledge, dt.date.today())
    for problem in problems:
        print(f"{problem.level}: {problem}")
    return any(problem.level == Level.ERROR for problem in problems)


def _classify(settings: Settings, explain: bool) -> int:
    from obm_bot.bootstrap import build_understander
    from obm_bot.organisation import load_organisation

    _, _, understander = build_understander(
        settings.catalogue_dir, settings.intents_dir, load_organisation(settings.config)
    )
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        record = understander.understand(text).classify_record()
        if explain:
            record["cues"] = understander.explain(text)
            record["models"] = understander.explain_models(text)
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _eval(settings: Settings, paths: list[Path], show_misses: bool) -> int:
    from obm_bot.bootstrap import build_understander
    from obm_bot.evaluation import EvalFileError, evaluate, read_examples
    from obm_bot.organisation import load_organisation

    try:
        examples = [example for path in paths for example in read_examples(path)]
    except EvalFileError as exc:
        print(f"obm-bot: {exc}", file=sys.stderr)
        return 2
    _, _, understander = build_understander(
        settings.catalogue_dir, settings.intents_dir, load_organisation(settings.config)
    )
    report = evaluate(examples, understander.understand)
    print(f"{', '.join(map(str, paths))}: {report.intent.total} messages")
    print(report.format(show_misses=show_misses))
    return 0


def _telegram(
    settings: Settings, webhook: str | None, listen: str, port: int, health: int | None = None
) -> int:
    """Telegram until SIGINT/SIGTERM: long polling, or a webhook server behind ``webhook``."""
    if webhook and settings.webhook_secret is None:
        _started()
        print("obm-bot: webhook mode needs OBM_WEBHOOK_SECRET", file=sys.stderr)
        return 2
    if not webhook:
        _without_webhook_server()
    from obm_bot.adapters.telegram.app import run_polling, run_webhook
    from obm_bot.bootstrap import build_core, build_telegram

    try:
        adapter, app = build_telegram(settings, build_core(settings), health_port=health)
    except OSError as exc:  # the health port is taken
        print(f"obm-bot: cannot serve /healthz on port {health}: {exc}", file=sys.stderr)
        return 2
    finally:
        _started()
    if webhook and settings.webhook_secret is not None:
        run_webhook(app, webhook, listen, port, settings.webhook_secret.get_secret_value())
    else:
        run_polling(app)
    if adapter.failure is not None:  # a supervisor restarts it; nothing unstored was taken
        print(f"obm-bot: stopped, storage failing: {adapter.failure}", file=sys.stderr)
        return 3
    log.info("obm-bot stopped")
    return 0


def _without_webhook_server() -> None:
    """telegram.ext imports its webhook server, and with it tornado (some 40 ms), whenever it
    loads, and it only marks webhooks unavailable when that import fails. Long polling never
    runs the server, so the import is refused (None in ``sys.modules``) while it loads."""
    if "telegram.ext" in sys.modules:  # loaded before (in-process callers): nothing to save
        return
    sys.modules[WEBHOOK_SERVER] = None  # type: ignore[assignment]
    try:
        import telegram.ext  # noqa: F401
    finally:
        if sys.modules.get(WEBHOOK_SERVER, ...) is None:
            del sys.modules[WEBHOOK_SERVER]


async def _import_learners(settings: Settings, path: Path) -> int:
    """All rows or none: problems are listed with their line, and nothing is stored."""
    from obm_bot.bootstrap import build_core, open_loket
    from obm_bot.learner_import import LearnerImportError, read_learners

    core = build_core(settings)
    try:
        rows = read_learners(path, core.catalogue)
    except LearnerImportError as exc:
        for problem in exc.problems:
            print(f"{path}: {problem}", file=sys.stderr)
        print(f"obm-bot: nothing imported ({len(exc.problems)} problems)", file=sys.stderr)
        return 1
    loket = await open_loket(settings, core)
    try:
        created = await loket.learners.create_all([row.draft for row in rows], loket.clock())
    finally:
        await loket.store.close()
    for learner, issued in created:
        link = loket.learners.deep_link(issued.code) or f"/start {issued.code}"
        until = issued.expires.astimezone(loket.org.zone).date().isoformat()
        print(f"{learner.code}\t{learner.name}\tkoppelcode {issued.code}\t{link}\ttot {until}")
    print(f"{len(created)} learners imported", file=sys.stderr)
    return 0


async def _terminal(
    settings: Settings,
    *,
    user: str = "terminal",
    name: str | None = None,
    staff: str | None = None,
    json_mode: bool = False,
) -> int:
    from obm_bot.adapters.console.chat import run_chat
    from obm_bot.adapters.console.staff import run_staff
    from obm_bot.bootstrap import build_core, open_loket

    loket = await open_loket(settings, build_core(settings))
    try:
        if staff is not None:
            return await run_staff(
                loket, staff, sys.stdin, sys.stdout, json_mode, file_dir=settings.db_path.parent
            )
        return await run_chat(
            loket, user, name, sys.stdin, sys.stdout, json_mode,
            file_dir=settings.db_path.parent,
        )  # fmt: skip
    finally:
        await loket.store.close()
