"""``obm-bot report``: the management report from a snapshot, the CSV streamed as it is read.

Kept out of ``cli.py`` so that other commands never import the reporting package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from obm_bot.bootstrap import build_core, open_loket
from obm_bot.config import Settings
from obm_bot.reporting.build import build_report, write_requests_csv
from obm_bot.reporting.figures import Period
from obm_bot.reporting.page import report_html, report_summary


async def run_report(settings: Settings, args: argparse.Namespace) -> int:
    core = build_core(settings)
    loket = await open_loket(settings, core)
    try:
        now = loket.clock()
        today = now.astimezone(loket.org.zone).date()
        last = args.last or today
        first = args.first or last - dt.timedelta(days=29)
        if first > last:
            print("obm-bot: --from is after --to", file=sys.stderr)
            return 2
        period = Period(first, last)
        async with loket.store.reading() as snapshot:  # the running bot keeps writing
            report = await build_report(  # figures only: the CSV's rows are streamed below
                snapshot, core.catalogue, loket.org, period, now, args.with_contacts, rows=False
            )
            if args.csv:  # the same snapshot, row batch by row batch: memory stays flat
                with args.csv.open("w", encoding="utf-8", newline="") as out:
                    await write_requests_csv(snapshot, loket.org, period, out, args.with_contacts)
    finally:
        await loket.store.close()
    args.out.write_text(report_html(report, loket.org, core.renderer), encoding="utf-8")
    print(report_summary(report, loket.org, core.renderer))
    print(f"written: {args.out}" + (f", {args.csv}" if args.csv else ""), file=sys.stderr)
    return 0
