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
import itertools
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
from zoneinfo import ZoneInfo

from forumbot.agenda import agenda_at, day_page
from forumbot.i18n import Catalogs
from forumbot.models import UI_LANGUAGES, Day, Forum, Post, Programme, Room, Session, Speaker
from forumbot.render.agenda import render_next, render_now
from forumbot.render.context import RenderCtx, View
from forumbot.render.html import split_html
from forumbot.render.people import PAGE_SIZE, pages, render_speaker, render_speakers
from forumbot.render.programme import render_day, render_days, render_session
from forumbot.render.search import render_results
from forumbot.store import Store
from forumbot.store.programme import ProgrammeRepo

ZONE = ZoneInfo("Asia/Bishkek")
FIRST_DAY = dt.date(2024, 2, 3)
DAY_START_MIN, DAY_END_MIN = 9 * 60, 21 * 60  # sessions between 09:00 and 21:00 local
VIEW_MS, SEARCH_MS, RSS_MB = 10.0, 20.0, 150.0
MAX_QUERY = 200  # as handlers/search.py

# Names as "ky/ru/en"; the Kyrgyz forms keep ө, ү, ң so that search folding has work to do.
GIVEN = """Айбек/Айбек/Aibek Асель/Асель/Asel Бакыт/Бакыт/Bakyt Гүлнара/Гульнара/Gulnara
Динара/Динара/Dinara Эрмек/Эрмек/Ermek Жылдыз/Жылдыз/Zhyldyz Канат/Канат/Kanat
Мээрим/Мээрим/Meerim Нурлан/Нурлан/Nurlan Өмүрбек/Омурбек/Omurbek Санжар/Санжар/Sanjar
Талант/Талант/Talant Үмүт/Умут/Umut Чолпон/Чолпон/Cholpon Азамат/Азамат/Azamat
Бермет/Бермет/Bermet Данияр/Данияр/Daniyar Жаңыл/Жаныл/Zhanyl Кундуз/Кундуз/Kunduz
Марат/Марат/Marat Нуржан/Нуржан/Nurzhan Элнура/Эльнура/Elnura Тилек/Тилек/Tilek
Айпери/Айпери/Aiperi Бектур/Бектур/Bektur Гүлзат/Гульзат/Gulzat Исмаил/Исмаил/Ismail
Нургүл/Нургуль/Nurgul Эркин/Эркин/Erkin Анна/Анна/Anna Иван/Иван/Ivan Ольга/Ольга/Olga
Сергей/Сергей/Sergei Мария/Мария/Maria Дмитрий/Дмитрий/Dmitry Елена/Елена/Elena
Алексей/Алексей/Alexei Татьяна/Татьяна/Tatiana Павел/Павел/Pavel"""
SURNAMES = """Асанов/Асанов/Asanov Шаршенова/Шаршенова/Sharshenova Өмүрбеков/Омурбеков/Omurbekov
Түлөбердиев/Тулобердиев/Tuloberdiev Жээнбеков/Жээнбеков/Zheenbekov Сыдыков/Сыдыков/Sydykov
Иманалиева/Иманалиева/Imanalieva Токтогулов/Токтогулов/Toktogulov Кадыров/Кадыров/Kadyrov
Мамытов/Мамытов/Mamytov Бейшеналиев/Бейшеналиев/Beishenaliev Эсенгулова/Эсенгулова/Esengulova
Абдылдаев/Абдылдаев/Abdyldaev Нурматов/Нурматов/Nurmatov Осмонов/Осмонов/Osmonov
Сатыбалдиев/Сатыбалдиев/Satybaldiev Үсөнов/Усенов/Usenov Көкөев/Кокоев/Kokoev
Ниязбекова/Ниязбекова/Niyazbekova Жумабаев/Жумабаев/Zhumabaev Акматова/Акматова/Akmatova
Байтемиров/Байтемиров/Baitemirov Дүйшөнбиев/Дуйшонбиев/Duishonbiev Иванов/Иванов/Ivanov
Петрова/Петрова/Petrova Смирнов/Смирнов/Smirnov Кузнецова/Кузнецова/Kuznetsova
Соколов/Соколов/Sokolov Морозова/Морозова/Morozova Волков/Волков/Volkov
Лебедева/Лебедева/Lebedeva Новиков/Новиков/Novikov Фёдорова/Фёдорова/Fyodorova
Орлов/Орлов/Orlov Чыныбаев/Чыныбаев/Chynybaev Мусаева/Мусаева/Musaeva Талипов/Талипов/Talipov
Эшимканов/Эшимканов/Eshimkanov Бөкөнбаев/Боконбаев/Bokonbaev Рысбекова/Рысбекова/Rysbekova"""
VOCAB = {
    "ky": """шайлоо өкмөт мамлекет жарандык коом укук демократия өнүгүү башкаруу маалымат
    санариптик түзүм жергиликтүү мыйзам талкуу катышуу шаар айыл жаштар аялдар ачык ишеним
    көзөмөл байкоочу добуш бюджет билим саясат реформа тандоо шайлоочу комиссия аймак эл
    бийлик парламент жыйын келечек тажрыйба маселе чечим жаңы улуттук кызматташтык
    коопсуздук технология маданият тарых экономика жооптуулук ачыктык өнөктөштүк сот
    активист медиа журналистика ченем платформа үгүт каржылоо ыкма үлгү сабак мектеп""",
    "ru": """выборы правительство государство гражданское общество право демократия развитие
    управление информация цифровой система местное закон обсуждение участие город село
    молодёжь женщины открытый доверие контроль наблюдатель голос бюджет образование политика
    реформа выбор избиратель комиссия регион народ власть парламент собрание будущее опыт
    вопрос решение новый национальный сотрудничество безопасность технологии культура
    история экономика ответственность прозрачность партнёрство суд активист медиа
    журналистика норма платформа агитация финансирование методика модель урок школа""",
    "en": """elections government state civic society law democracy development governance
    information digital system local legislation debate participation city village youth
    women open trust oversight observer vote budget education policy reform choice voter
    commission region people authority parliament assembly future experience issue decision
    new national cooperation security technology culture history economy accountability
    transparency partnership court activist media journalism standard platform campaign
    funding method model lesson school""",
}
KINDS = ("plenary", "round_table", "round_table", "school", "other")


@dataclass(frozen=True, slots=True)
class Sizes:
    sessions: int
    speakers: int
    rooms: int
    days: int
    iterations: int
    searches: int


FULL = Sizes(sessions=1000, speakers=1200, rooms=30, days=2, iterations=300, searches=200)
QUICK = Sizes(sessions=120, speakers=150, rooms=6, days=2, iterations=20, searches=30)


# --- the synthetic programme ----------------------------------------------------------------
def _triples(block: str) -> list[tuple[str, ...]]:
    return [tuple(word.split("/")) for word in block.split()]


def _prose(rng: random.Random, lang: str, low: int, high: int, sentences: bool = True) -> str:
    """Words of ``lang``, ``low`` to ``high`` characters long: sentences, or one phrase."""
    vocab = VOCAB[lang].split()
    limit = rng.randint(low + max(map(len, vocab)) + 2, high)
    out: list[str] = []
    length = in_sentence = 0
    while length + len(word := rng.choice(vocab)) + 2 <= limit:
        out.append(word.capitalize() if not out or out[-1].endswith(".") else word)
        length, in_sentence = length + len(word) + 1, in_sentence + 1
        if sentences and in_sentence >= rng.randint(6, 12):
            out[-1], in_sentence = out[-1] + ".", 0
    text = " ".join(out)
    return text + "." if sentences and not text.endswith(".") else text


def _texts(rng: random.Random, low: int, high: int, sentences: bool = True) -> dict[str, str]:
    return {lang: _prose(rng, lang, low, high, sentences) for lang in UI_LANGUAGES}


def make_speakers(rng: random.Random, count: int) -> list[Speaker]:
    names = list(itertools.product(_triples(GIVEN), _triples(SURNAMES)))
    rng.shuffle(names)
    return [
        Speaker(
            id=f"p{i:04d}",
            name={lang: f"{given[k]} {family[k]}" for k, lang in enumerate(UI_LANGUAGES)},
            position=_texts(rng, 15, 40, sentences=False),
            organisation=_texts(rng, 10, 35, sentences=False),
            bio=_texts(rng, 250, 350),
        )
        for i, (given, family) in enumerate(names[:count])
    ]


def _people(rng: random.Random, sessions: int, speakers: list[Speaker]) -> list[list[str]]:
    """1–4 people per session; every speaker appears at least once."""
    unused = [s.id for s in speakers]
    rng.shuffle(unused)
    everyone, result = [s.id for s in speakers], []
    for i in range(sessions):
        left = sessions - i
        want = max(rng.randint(1, 4), min(4, math.ceil(len(unused) / left)))
        chosen = [unused.pop() for _ in range(min(want, len(unused)))]
        while len(chosen) < want:
            pick = rng.choice(everyone)
            chosen += [] if pick in chosen else [pick]
        result.append(chosen)
    return result


def _slots(sizes: Sizes, dates: list[dt.date], rng: random.Random):
    """(date, room index, start, end) per session, packed per room without overlaps."""
    grid = [(d, r) for d in dates for r in range(sizes.rooms)]
    for i, (date, room) in enumerate(grid):
        count = sizes.sessions // len(grid) + (i < sizes.sessions % len(grid))
        slot = (DAY_END_MIN - DAY_START_MIN) // max(count, 1)
        midnight = dt.datetime.combine(date, dt.time(), ZONE)
        for k in range(count):
            start = midnight + dt.timedelta(minutes=DAY_START_MIN + k * slot)
            end = start + dt.timedelta(minutes=slot - rng.choice((0, 5, 10)))
            yield date, room, start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def make_sessions(rng: random.Random, sizes: Sizes, dates, speakers) -> list[Session]:
    people = _people(rng, sizes.sessions, speakers)
    sessions = []
    for i, (date, room, start, end) in enumerate(_slots(sizes, dates, rng)):
        kind = rng.choice(KINDS)
        moderators = people[i][:1] if kind == "round_table" and len(people[i]) > 1 else []
        sessions.append(
            Session(
                id=f"s{i:04d}",
                day=date,
                start=start,
                end=end,
                room_id=f"r{room:02d}",
                kind=kind,
                title=_texts(rng, 40, 90, sentences=False),
                description=_texts(rng, 400, 800),
                moderator_ids=tuple(moderators),
                speaker_ids=tuple(people[i][len(moderators) :]),
            )
        )
    return sessions


def make_programme(sizes: Sizes, seed: int) -> Programme:
    rng = random.Random(seed)
    dates = [FIRST_DAY + dt.timedelta(days=n) for n in range(sizes.days)]
    speakers = make_speakers(rng, sizes.speakers)
    return Programme(
        forum=Forum(
            id="bench-forum",
            title={"ky": "Сынак форуму", "ru": "Тестовый форум", "en": "Benchmark forum"},
            city={"ky": "Бишкек", "ru": "Бишкек", "en": "Bishkek"},
            timezone="Asia/Bishkek",
            default_language="ky",
            languages=UI_LANGUAGES,
        ),
        days=tuple(Day(d, _texts(rng, 20, 40, sentences=False)) for d in dates),
        rooms=tuple(
            Room(f"r{i:02d}", {"ky": f"{i + 1}-зал", "ru": f"Зал {i + 1}", "en": f"Room {i + 1}"})
            for i in range(sizes.rooms)
        ),
        speakers=tuple(speakers),
        sessions=tuple(make_sessions(rng, sizes, dates, speakers)),
        posts=tuple(make_posts(rng, 20)),
    )


def make_posts(rng: random.Random, count: int) -> list[Post]:
    """News published in the hours before the forum opens, newest first."""
    first = dt.datetime.combine(FIRST_DAY, dt.time(8), ZONE).astimezone(dt.UTC)
    return [
        Post(f"n{i:02d}", "news", first - dt.timedelta(hours=i), _texts(rng, 40, 90, False),
             _texts(rng, 400, 800))
        for i in range(count)
    ]  # fmt: skip


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


def searcher(queries: list[str]) -> ViewFn:
    async def view_search(b: Bench, lang: str, i: int) -> list[str]:
        ctx = await b.ctx(lang)
        query = " ".join(queries[i % len(queries)].split())[:MAX_QUERY]
        found = await b.repo.search(query)
        return sent(render_results(ctx, query, found))

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


async def load(store: Store, sizes: Sizes, seed: int, tmp: Path) -> tuple[Bench, list[str]]:
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
    return Bench(store.programme, Catalogs.load(), *ids, len(p.days), now), search_queries(p)


async def run(sizes: Sizes, seed: int) -> None:
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="forumbot-bench-") as tmp:
        store = await Store.open(Path(tmp) / "bench.sqlite3")
        try:
            bench, queries = await load(store, sizes, seed, Path(tmp))
            print(f"RSS after the import: {rss_now_mb():.1f} MB\n")
            rows = [await measure(bench, n, v, sizes.iterations, VIEW_MS) for n, v in VIEWS]
            view = searcher(queries)
            rows.append(await measure(bench, "search", view, sizes.searches, SEARCH_MS))
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
