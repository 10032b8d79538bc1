"""/rapport: the management report for account managers, as a short summary and the HTML."""

from __future__ import annotations

import asyncio
import datetime as dt

from obm_bot.catalogue.models import Catalogue
from obm_bot.dialogue.desk import Desk
from obm_bot.dialogue.messages import Outbound, staff_address
from obm_bot.reporting.build import Figures, compute_report, read_figures
from obm_bot.reporting.figures import Period
from obm_bot.reporting.page import report_html, report_summary

DEFAULT_DAYS = 30


class ReportCommand:
    def __init__(self, desk: Desk, catalogue: Catalogue) -> None:
        self.desk = desk
        self.catalogue = catalogue

    async def handle(self, staff: str, rest: str, now: dt.datetime) -> list[Outbound]:
        """Reads one snapshot on a connection of its own; the engine runs it outside its
        write transaction, and the figures are computed in a thread, so the desk keeps
        answering while the report is built."""
        to, org = staff_address(staff), self.desk.org  # the engine lets only managers in
        try:
            days = [dt.date.fromisoformat(word) for word in rest.split()[:2]]
        except ValueError:
            return [Outbound(to=to, text=self.desk.notice("report_usage"))]
        today = now.astimezone(org.zone).date()
        last = days[1] if len(days) > 1 else today
        first = days[0] if days else last - dt.timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            return [Outbound(to=to, text=self.desk.notice("report_usage"))]
        period = Period(first, last)
        async with self.desk.store.reading() as snapshot:  # grouped in SQL, on its thread
            figures = await read_figures(snapshot, org, period, now)
        # Clustering, figures and the page are seconds of CPU over a big year: in a thread,
        # so the event loop keeps taking customers' updates meanwhile.
        summary, page = await asyncio.to_thread(self._render, figures, period, now)
        return [
            Outbound(
                to=to, text=summary, document=page.encode(),
                document_name=f"rapport-{first}-tot-{last}.html",
            )
        ]  # fmt: skip

    def _render(self, figures: Figures, period: Period, now: dt.datetime) -> tuple[str, str]:
        org, renderer = self.desk.org, self.desk.renderer
        report = compute_report(figures, self.catalogue, org, period, now)
        return report_summary(report, org, renderer), report_html(report, org, renderer)
