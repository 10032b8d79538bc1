"""The report page in a real headless Chromium: it loads from the file without console
messages, and a screenshot is taken at 1280 px. Skipped, with the reason, without Chromium
(``.ci/run`` installs Debian's ``chromium``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from obm_bot.catalogue.models import Catalogue
from obm_bot.organisation import Organisation
from obm_bot.rendering.renderer import Renderer
from obm_bot.reporting.build import build_report
from obm_bot.reporting.figures import Period
from obm_bot.reporting.page import report_html
from obm_bot.storage.store import Store
from tests.integration.report_data import FIRST, LAST, NOW, fill

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not installed (apt-get install chromium): page check skipped"
)
CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")


def open_in_chromium(page: Path, folder: Path) -> tuple[list[str], Path]:
    """Console messages of the page, and its screenshot at 1280 px wide."""
    assert CHROMIUM is not None
    screenshot = folder / "report.png"
    result = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={folder / 'profile'}", "--enable-logging=stderr",
            "--v=0", "--hide-scrollbars", "--window-size=1280,2400",
            f"--screenshot={screenshot}", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return CONSOLE.findall(result.stderr), screenshot


async def test_report_loads_cleanly_and_is_captured(
    tmp_path: Path, catalogue: Catalogue, organisation: Organisation
) -> None:
    store = await Store.open(tmp_path / "report.sqlite3")
    await fill(store, organisation)
    report = await build_report(store, catalogue, organisation, Period(FIRST, LAST), NOW)
    await store.close()
    page = tmp_path / "report.html"
    page.write_text(report_html(report, organisation, Renderer()), encoding="utf-8")
    messages, screenshot = open_in_chromium(page, tmp_path)
    assert messages == []
    with Image.open(screenshot) as image:
        assert image.size[0] == 1280
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 50  # drawn, not a blank page


def test_the_check_sees_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><script>console.error('kapot')</script>", encoding="utf-8")
    messages, _ = open_in_chromium(page, tmp_path)
    assert any("kapot" in m for m in messages)
