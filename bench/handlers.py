"""How fast the bot answers, in process, on a programme the size of FOSDEM.

A synthetic programme (1,000 sessions, 1,200 speakers, 30 rooms, 2 days, texts in ky/ru/en)
goes into a store in a temporary directory; each view then runs the store queries, the
renderer and ``split_html`` that its handler runs, everything but the Telegram call. Prints
p50/p99/max per view and the peak RSS; exits 0 even when a target is missed (a report, not a
test). ``--quick`` is a small smoke run for CI.

    PYTHONPATH=. python bench/handlers.py [--quick] [--seed N]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

# Run as a file, bench/ heads sys.path and this file would shadow the handlers package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import FIRST_DAY, FULL, QUICK, ZONE, Sizes, make_programme
from forumbot.infra.i18n import Catalogs
from forumbot.models import UI_LANGUAGES, Programme
from forumbot.render.context import RenderCtx, View
from forumbot.render.html import split_html
from forumbot.render.now import render_next, render_now
from forumbot.render.programme import render_day, render_days, render_session
from forumbot.render.search import render_results
from forumbot.render.speakers import PAGE_SIZE, pages, render_speaker, render_speakers
from forumbot.rules.now import agenda_at, day_page
from forumbot.store import Store
from forumbot.store.programme import ProgrammeRepo

VIEW_MS, SEARCH_MS, RSS_MB = 10.0, 20.0, 150.0  # the targets
MAX_QUERY = 200  # as handlers/search.py


# --- the views, as their handlers run them (minus the Telegram call) -------------------------
@dataclass(frozen=True, slots=True)
class Bench:
    """What the views need; the Programme itself is dropped after the import, as in the bot
    (holding ~100k objects alive would only slow the garbage collector)."""

    repo: ProgrammeRepo
    catalogs: Catalogs
    session_ids: tuple[str, ...]
    speaker_ids: tuple[str, ...]
    days: int
    now: dt.datetime  # the clock's "now" for the day and session views

    async def ctx(self, lang: str) -> RenderCtx:
        """As handlers.context.render_ctx, the user already cached in chat_data."""
        return RenderCtx(lang, self.catalogs, await self.repo.forum(), "bot")


ViewFn = Callable[[Bench, str, int], Awaitable[list[str]]]  # (bench, language, iteration)


def sent(view: View) -> list[str]:
    return split_html(view.text)


async def view_days(b: Bench, lang: str, i: int) -> list[str]:
    return sent(render_days(await b.ctx(lang), await b.repo.days()))


async def view_day(b: Bench, lang: str, i: int) -> list[str]:
    days = [d for d, _ in await b.repo.days()]
    k = i % len(days)
    neighbours = (days[k - 1].date if k else None, days[k + 1].date if k + 1 < len(days) else None)
    ctx = await b.ctx(lang)
    listing = await day_page(b.repo, days[k].date, page=i % 7)
    return sent(render_day(ctx, days[k], listing, await b.repo.rooms(), b.now, neighbours))


async def view_session(b: Bench, lang: str, i: int) -> list[str]:
    session = await b.repo.session(b.session_ids[(i * 7919) % len(b.session_ids)])
    assert session is not None
    people = await b.repo.speakers((*session.moderator_ids, *session.speaker_ids))
    ctx = await b.ctx(lang)
    return sent(render_session(ctx, session, await b.repo.rooms(), people, b.now))


async def view_speaker(b: Bench, lang: str, i: int) -> list[str]:
    speaker_id = b.speaker_ids[(i * 7919) % len(b.speaker_ids)]
    person = await b.repo.speaker(speaker_id)
    assert person is not None
    ctx = await b.ctx(lang)
    return sent(render_speaker(ctx, person, await b.repo.sessions_of(speaker_id), ("spkl", 0)))


async def view_speakers(b: Bench, lang: str, i: int) -> list[str]:
    ctx = await b.ctx(lang)
    _, total = await b.repo.speakers_page(lang, 0, 0)
    page = min(max(i * 37 % pages(total), 0), pages(total) - 1)
    people, total = await b.repo.speakers_page(lang, page * PAGE_SIZE, PAGE_SIZE)
    return sent(render_speakers(ctx, people, page, total))


def instant(b: Bench, i: int) -> dt.datetime:
    """Varied instants: mostly during the forum, a few before, at night and after it."""
    rng = random.Random(i)
    first = dt.datetime.combine(FIRST_DAY, dt.time(), ZONE)
    minutes = rng.choice((-600, 30 * 60, 3 * 24 * 60)) if i % 10 == 0 else None
    if minutes is None:
        minutes = rng.randrange(b.days) * 1440 + rng.randint(510, 1290)
    return (first + dt.timedelta(minutes=minutes)).astimezone(dt.UTC)


def agenda_view(render) -> ViewFn:
    """/now or /next, as handlers/now.py."""

    async def view(b: Bench, lang: str, i: int) -> list[str]:
        ctx = await b.ctx(lang)
        agenda = await agenda_at(b.repo, instant(b, i))
        return sent(render(ctx, agenda, await b.repo.rooms()))

    return view


def search_queries(p: Programme) -> list[str]:
    """A surname, prefixes, two words, ѳ/ө, a Latin look-alike, and nothing to find."""
    ru_name, ky_name = p.speakers[0].name["ru"], p.speakers[1].name["ky"]
    return [
        ru_name.split()[-1],  # a surname
        ky_name,  # a full name with Kyrgyz letters
        "шайл",  # a word prefix
        "демокр",
        "elect",
        "цифровой контроль",  # two words
        "жаштар шайлоо",
        "ѳкмѳт",  # fita for ө, as typed on a Russian keyboard
        "өнүгүү",
        "Шаршенoва",  # Latin "o" inside a Cyrillic word
        "Acанов",  # Latin "A"
        "квазар зюзюка",  # nothing to find
    ]


def typo_queries(p: Programme, n: int = 24) -> list[str]:
    """Surnames and title words with one letter changed: found by "did you mean" only."""
    rng = random.Random(7)
    words = [p.speakers[i].name["ru"].split()[-1] for i in range(0, len(p.speakers), 97)]
    words += [max(s.title["ky"].split(), key=len) for s in p.sessions[::131]]
    typos = []
    for word in words[:n]:
        at = rng.randrange(1, len(word) - 1)
        typos.append(word[:at] + "ъ" + word[at + 1 :])  # a hard sign: never in a name
    return typos


def searcher(queries: list[str]) -> ViewFn:
    """As handlers/search.py: the search, and "did you mean" when it finds nothing."""

    async def view_search(b: Bench, lang: str, i: int) -> list[str]:
        ctx = await b.ctx(lang)
        query = " ".join(queries[i % len(queries)].split())[:MAX_QUERY]
        found = await b.repo.search(query)
        close = await b.repo.suggest(query) if not len(found) else []
        return sent(render_results(ctx, query, found, close))

    return view_search


# --- timing and the report --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Row:
    name: str
    times_ms: list[float]
    target_ms: float

    def quantile(self, q: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    @property
    def over(self) -> bool:
        return self.quantile(0.99) > self.target_ms


async def measure(b: Bench, name: str, view: ViewFn, n: int, target: float) -> Row:
    for i in range(3):  # warm the caches (forum, rooms) as a running bot has them
        await view(b, UI_LANGUAGES[i % 3], i)
    times = []
    for i in range(n):
        lang = UI_LANGUAGES[i % len(UI_LANGUAGES)]
        start = time.perf_counter()
        parts = await view(b, lang, i)
        times.append((time.perf_counter() - start) * 1000)
        assert parts, name
    return Row(name, times, target)


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    names = [ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")]
    cpu = f"{names[0]} ×{len(names)}" if names else platform.processor() or "unknown CPU"
    return f"{platform.platform()} | {cpu} | Python {sys.version.split()[0]}"


_LINE = "{:<20}{:>5}{:>9}{:>9}{:>9}{:>11}  {}"


def print_table(rows: list[Row], rss_mb: float) -> None:
    print(_LINE.format("operation", "n", "p50 ms", "p99 ms", "max ms", "target", "result"))
    for r in rows:
        p50, p99, top = (f"{x:.2f}" for x in (r.quantile(0.5), r.quantile(0.99), max(r.times_ms)))
        target = f"p99≤{r.target_ms:.0f}ms"
        print(_LINE.format(r.name, len(r.times_ms), p50, p99, top, target, _verdict(r.over)))
    over_rss = rss_mb > RSS_MB
    rss_target = f"≤{RSS_MB:.0f}MB"
    print(
        _LINE.format("peak RSS (MB)", "", f"{rss_mb:.1f}", "", "", rss_target, _verdict(over_rss))
    )
    missed = [r.name for r in rows if r.over] + (["peak RSS"] if over_rss else [])
    print(f"\nOVER TARGET: {', '.join(missed)}" if missed else "\nall within target")


def _verdict(over: bool) -> str:
    return "OVER TARGET" if over else "OK"


VIEWS = (
    ("day list", view_days),
    ("day (its sessions)", view_day),
    ("session card", view_session),
    ("speaker card", view_speaker),
    ("speakers page", view_speakers),
    ("now", agenda_view(render_now)),
    ("next", agenda_view(render_next)),
)


def rss_now_mb() -> float:
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    return next((int(ln.split()[1]) / 1024 for ln in lines if ln.startswith("VmRSS")), 0.0)


async def load(
    store: Store, sizes: Sizes, seed: int, tmp: Path
) -> tuple[Bench, list[str], list[str]]:
    """Build the programme, import it (both timed), and keep only what the views need."""
    start = time.perf_counter()
    p = make_programme(sizes, seed)
    built = time.perf_counter() - start
    start = time.perf_counter()
    await store.programme.replace(p, "bench", dt.datetime.now(dt.UTC))
    imported = time.perf_counter() - start
    size_mb = sum(f.stat().st_size for f in tmp.iterdir()) / 2**20
    print(
        f"programme: {len(p.sessions)} sessions, {len(p.speakers)} speakers, {len(p.rooms)} "
        f"rooms, {len(p.days)} days, zone {p.forum.timezone}\n"
        f"built in {built * 1000:.0f} ms; imported into the store in {imported * 1000:.0f} ms "
        f"(store file + WAL {size_mb:.1f} MB)"
    )
    now = dt.datetime.combine(FIRST_DAY, dt.time(11), ZONE).astimezone(dt.UTC)
    ids = tuple(s.id for s in p.sessions), tuple(s.id for s in p.speakers)
    start = time.perf_counter()
    await store.programme.suggest("")  # the "did you mean" words, read once per version
    print(f"typo search's titles and names read in {(time.perf_counter() - start) * 1000:.0f} ms")
    bench = Bench(store.programme, Catalogs.load(), *ids, len(p.days), now)
    return bench, search_queries(p), typo_queries(p)


async def run(sizes: Sizes, seed: int) -> None:
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="forumbot-bench-") as tmp:
        store = await Store.open(Path(tmp) / "bench.sqlite3")
        try:
            bench, queries, typos = await load(store, sizes, seed, Path(tmp))
            print(f"RSS after the import: {rss_now_mb():.1f} MB\n")
            rows = [await measure(bench, n, v, sizes.iterations, VIEW_MS) for n, v in VIEWS]
            view = searcher(queries)
            rows.append(await measure(bench, "search", view, sizes.searches, SEARCH_MS))
            typo = searcher(typos)
            rows.append(await measure(bench, "typo search", typo, sizes.searches, SEARCH_MS))
        finally:
            await store.close()
    print_table(rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small, fast smoke run")
    parser.add_argument("--seed", type=int, default=2024, help="the synthetic programme's seed")
    args = parser.parse_args(argv)
    asyncio.run(run(QUICK if args.quick else FULL, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
