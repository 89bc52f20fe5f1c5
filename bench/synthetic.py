"""A synthetic programme the size of FOSDEM, in ky/ru/en, for the benchmarks.

Deterministic for a seed: realistic lengths, Cyrillic for ky and ru (Kyrgyz letters included),
Latin for en, sessions packed per room without overlaps.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from forumbot.models import UI_LANGUAGES, Day, Forum, Post, Programme, Room, Session, Speaker

ZONE = ZoneInfo("Asia/Bishkek")
FIRST_DAY = dt.date(2024, 2, 3)
DAY_START_MIN, DAY_END_MIN = 9 * 60, 21 * 60  # sessions between 09:00 and 21:00 local

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
