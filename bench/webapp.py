"""The Mini App with a 1,000-session programme: the programme API's p50/p99 (and that a
repeat with its ETag is a 304), the grid page's bytes transferred compressed, and its first
render in Chromium with 4× CPU throttling. Prints a table; never fails on timing.

    python bench/webapp.py [--quick]

Needs Debian's chromium (.ci/run installs it) for the page figures; without it, only the
API's figures are printed. telegram-web-app.js (Telegram's, cached by Telegram's clients)
is left out of the bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp

from bench.synthetic import FULL, QUICK, make_programme
from forumbot.infra.settings import Settings
from forumbot.runtime.services import Services, open_services
from webapp.auth import WebUser, demo_init_data
from webapp.server import WebAppServer, build_app

TOKEN = "123456:BENCH-TOKEN"
TARGETS = {"p99": 20.0, "bytes": 200 * 1024, "render": 1500.0}


@dataclass
class Figures:
    sessions: int
    p50_ms: float
    p99_ms: float
    cold_ms: float
    etag_304: bool
    page_bytes: dict[str, int] | None = None
    render_ms: float | None = None


async def api_figures(base: str, init_data: str, sessions: int, runs: int) -> Figures:
    headers = {"Authorization": "tma " + init_data, "Accept-Encoding": "gzip"}
    url = base + "api/programme?lang=en"
    async with aiohttp.ClientSession(headers=headers) as http:
        start = time.perf_counter()
        async with http.get(url) as response:
            await response.read()
            etag = response.headers["ETag"]
        cold = (time.perf_counter() - start) * 1000
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            async with http.get(url) as response:
                await response.read()
            times.append((time.perf_counter() - start) * 1000)
        async with http.get(url, headers={"If-None-Match": etag}) as response:
            not_modified = response.status == 304
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return Figures(sessions, statistics.median(times), p99, cold, not_modified)


async def page_figures(link: str, chromium: str) -> tuple[dict[str, int], float]:
    """Bytes over the wire by resource (CDP's encodedDataLength) until the grid is drawn and
    its details are in, and the first render, with the CPU throttled 4×."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        # No service worker: its fetches would not be counted on the page.
        context = await browser.new_context(
            viewport={"width": 1280, "height": 900}, service_workers="block"
        )
        page = await context.new_page()
        await page.route("https://telegram.org/**", lambda route: route.abort())
        cdp = await page.context.new_cdp_session(page)
        await cdp.send("Network.enable")
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}
        cdp.on(
            "Network.requestWillBeSent",
            lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
        )
        await page.goto(link)
        await page.wait_for_selector("body[data-ready]", timeout=60_000)
        mark = "performance.getEntriesByName('forumbot-ready')[0].startTime"
        render = float(await page.evaluate(mark))
        await page.wait_for_selector("body[data-queued]", timeout=60_000)  # details are in
        await page.wait_for_timeout(500)  # the last responses' loadingFinished
        await browser.close()
    by_kind: dict[str, int] = {}
    for request_id, size in sizes.items():
        url = urls.get(request_id, "")
        kind = url.split("/api/")[1].split("?")[0] if "/api/" in url else "page and scripts"
        by_kind[kind] = by_kind.get(kind, 0) + size
    return by_kind, render


async def run(quick: bool) -> Figures:
    sizes = QUICK if quick else FULL
    programme = make_programme(sizes, seed=7)
    with tempfile.TemporaryDirectory(prefix="forumbot-bench-web-") as tmp:
        settings = Settings(token=TOKEN, db_path=Path(tmp) / "bench.sqlite3")
        services: Services = await open_services(settings)
        try:
            now = services.clock.now()  # the bundled forum was imported: another edition
            await services.store.programme.replace(programme, "synthetic", now, new_edition=True)
            server = WebAppServer("127.0.0.1", 0, build_app(services, TOKEN, "/app/"))
            await server.start()
            try:
                base = f"http://127.0.0.1:{server.port}/app/"
                signed = demo_init_data(WebUser(1001, "Aida", language_code="en"), TOKEN,
                                        dt.datetime.now(dt.UTC))  # fmt: skip
                figures = await api_figures(base, signed, len(programme.sessions),
                                            20 if quick else 300)  # fmt: skip
                chromium = shutil.which("chromium")
                if chromium:
                    link = f"{base}#tgWebAppData={quote(signed)}"
                    figures.page_bytes, figures.render_ms = await page_figures(link, chromium)
            finally:
                await server.stop()
        finally:
            await services.close()
    return figures


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    return "ok" if value <= target else "OVER"


def kb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1024:.0f} KB"


def print_table(f: Figures) -> None:
    parts = f.page_bytes or {}
    first = ("page and scripts", "me", "programme")  # what the grid is drawn from
    total = sum(v for k, v in parts.items() if k in first) if f.page_bytes is not None else None
    print(f"Mini App, {f.sessions} sessions ({platform.python_version()}, {platform.machine()})")
    rows = [
        ("programme API p50", f"{f.p50_ms:.1f} ms", "", ""),
        ("programme API p99", f"{f.p99_ms:.1f} ms", "≤ 20 ms", verdict(f.p99_ms, TARGETS["p99"])),
        ("programme API, first (builds the JSON)", f"{f.cold_ms:.1f} ms", "", ""),
        ("repeat with the ETag", "304" if f.etag_304 else "200", "304",
         "ok" if f.etag_304 else "OVER"),
        ("grid page, bytes until drawn", kb(total), "≤ 200 KB", verdict(total, TARGETS["bytes"])),
        *[(f"  {kind}", kb(parts.get(kind)), "", "") for kind in first],
        *[(f"then api/{kind} (after the grid)", kb(size), "", "")
          for kind, size in sorted(parts.items()) if kind not in first],
        ("grid first render, CPU ×4",
         f"{f.render_ms:.0f} ms" if f.render_ms is not None else "-", "≤ 1.5 s",
         verdict(f.render_ms, TARGETS["render"])),
    ]  # fmt: skip
    print("| figure | value | target | |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="120 sessions, 20 requests")
    print_table(asyncio.run(run(parser.parse_args().quick)))


if __name__ == "__main__":
    main()
