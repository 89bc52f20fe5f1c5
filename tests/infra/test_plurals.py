"""Numbers as readers see them: the words agree with the number in every language (CLDR)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from forumbot.delivery.models import Audience
from forumbot.infra.i18n import Catalogs
from forumbot.models import Day
from forumbot.programme import load_programme
from forumbot.render.agenda import render_digest
from forumbot.render.compose import render_confirm, render_when_picker
from forumbot.render.context import RenderCtx
from forumbot.render.feedback import render_stats
from forumbot.rules.feedback import summarise
from tests.helpers import MINI

Ctx = Callable[[str], RenderCtx]
PROGRAMME = load_programme(MINI)
SESSIONS = {s.id: s for s in PROGRAMME.sessions}
ROOMS = {r.id: r for r in PROGRAMME.rooms}
AUDIENCE = Audience.everyone()


def crowded_day() -> list:
    """Forty sessions with long titles: more than a digest message holds."""
    first = PROGRAMME.sessions[0]
    long = "A round table with a long title about the future of elections " * 2
    titles = [{lang: f"{long}{i} {lang}" for lang in ("ky", "ru", "en")} for i in range(40)]
    return [replace(first, id=f"s{i:02d}", title=t) for i, t in enumerate(titles)]


@pytest.mark.parametrize(
    ("lang", "people", "said"),
    [
        ("en", 1, "It will reach <b>1</b> person."),
        ("en", 2, "It will reach <b>2</b> people."),
        ("ru", 1, "Его получит <b>1</b> человек."),
        ("ru", 3, "Его получат <b>3</b> человека."),
        ("ru", 11, "Его получат <b>11</b> человек."),
        ("ru", 21, "Его получит <b>21</b> человек."),
        ("ky", 1, "Аны <b>1</b> адам алат."),
        ("ky", 5, "Аны <b>5</b> адам алат."),
    ],
)
def test_an_announcement_names_its_audience_in_agreement(
    render_ctx: Ctx, lang: str, people: int, said: str
) -> None:
    assert said in render_when_picker(render_ctx(lang), AUDIENCE, people, 0).text
    confirm = render_confirm(render_ctx(lang), AUDIENCE, people, 0, None).text
    said_in_brackets = {"en": f"({people} pe", "ru": f"({people} чел", "ky": f"({people} адам)"}
    assert said_in_brackets[lang] in confirm
    assert "1 people" not in confirm and "(1 человека)" not in confirm


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["from 1 answer\n", "Answers: 1 from 1 person."]),
        ("ru", ["1 ответ\n", "Ответов: 1 от 1 человека."]),
        ("ky", ["1 жооп\n", "Жооптор: 1, 1 кишиден."]),
    ],
)
def test_feedback_figures_for_one_answer(render_ctx: Ctx, lang: str, said: list[str]) -> None:
    stats = summarise({"rt1": [0, 0, 0, 1, 0]}, ["rt1"])
    text = render_stats(render_ctx(lang), stats, SESSIONS, 1, {}).text + "\n"
    assert [s for s in said if s not in text] == []


@pytest.mark.parametrize(
    ("lang", "more", "said"),
    [
        ("en", 1, "…and 1 more session today"),
        ("en", 2, "…and 2 more sessions today"),
        ("ru", 1, "…и ещё 1 сессия сегодня"),
        ("ru", 2, "…и ещё 2 сессии сегодня"),
        ("ru", 5, "…и ещё 5 сессий сегодня"),
        ("ky", 1, "…жана бүгүн дагы 1 сессия"),
    ],
)
def test_the_digest_counts_the_other_sessions_in_agreement(
    render_ctx: Ctx, lang: str, more: int, said: str
) -> None:
    sessions = crowded_day()  # too many for one digest: only mine, and how many more
    mine = {s.id for s in sessions[more:]}
    text = render_digest(render_ctx(lang), Day(sessions[0].day), sessions, ROOMS, mine).text
    assert said in text


@pytest.mark.parametrize(
    ("lang", "key", "values", "said"),
    [
        ("ru", "q_limit_session", {"count": 3}, "Вы уже задали 3 вопроса к этой сессии"),
        ("ru", "q_limit_session", {"count": 5}, "Вы уже задали 5 вопросов к этой сессии"),
        ("en", "q_limit_session", {"count": 1}, "You have asked 1 question about"),
        ("ky", "q_limit_session", {"count": 3}, "Бул сессияга 3 суроо бердиңиз"),
        ("ru", "announce_too_long", {"count": 4101, "limit": 4096}, ": 4101 символ, предел"),
        ("ru", "announce_too_long", {"count": 4097, "limit": 4096}, ": 4097 символов, предел"),
        ("en", "announce_too_long", {"count": 4097, "limit": 4096}, ": 4097 characters, the"),
        ("ky", "announce_too_long", {"count": 4101, "limit": 4096}, ": 4101 белги, чеги"),
        ("ru", "q_too_long", {"count": 1001}, "не больше 1001 символа."),
        ("ru", "q_limit_interval", {"count": 1}, "в 1 секунду,"),
        ("ru", "q_limit_interval", {"count": 60}, "в 60 секунд,"),
        ("en", "import_done", {"count": 1}, "In service: 1 session."),
        ("ru", "in_days", {"count": 2}, "через 2 дня"),
        ("ru", "in_days", {"count": 5}, "через 5 дней"),
        ("en", "in_days", {"count": 2}, "in 2 days"),
        ("ky", "in_days", {"count": 2}, "2 күндөн кийин"),
    ],
)
def test_texts_the_handlers_send_agree_with_their_number(
    catalogs: Catalogs, lang: str, key: str, values: dict[str, int], said: str
) -> None:
    assert said in catalogs.t(lang, key, **values)
