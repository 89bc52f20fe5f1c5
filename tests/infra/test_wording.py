"""Catalog wording read against the glossary and the article (issue 13, items 16 and 17)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from forumbot.delivery.models import Audience, Broadcast, Content
from forumbot.infra.i18n import Catalogs
from forumbot.models import UI_LANGUAGES
from forumbot.render.broadcasts import audience_label, render_missed
from forumbot.render.context import RenderCtx

Ctx = Callable[[str], RenderCtx]


@pytest.mark.parametrize(
    ("key", "values", "said"),
    [
        ("digest_offer", {}, "Форумдун ар бир күнү эртең менен"),
        ("digest_turned_on", {}, "форумдун ар бир күнү эртең менен келет"),
        ("topic_digest_about", {}, "форумдун ар бир күнү эртең менен —"),
        ("feedback_your_rating", {"rating": 4}, "Бааңыз: 5тен 4."),
        ("feedback_rated_toast", {"rating": 4}, "Рахмат! Бааңыз: 5тен 4"),
        ("feedback_your_comment", {"comment": "Жакшы"}, "Комментарийиңиз: Жакшы"),
        ("q_mods_remove", {"user": "Айбек"}, "✖️ Алып салуу: Айбек"),
        ("when_in", {"minutes": 10}, "10 мүнөттөн кийин"),
        ("kind_resolution", {}, "Корутунду резолюция"),
        ("kind_school", {}, "Электоралдык мектеп"),
        ("refresh", {}, "Жаңылоо"),
        ("q_refresh", {}, "Жаңылоо"),
        ("error_generic", {}, "Кечиресиз, бир жерден ката кетти."),
        ("bad_link", {}, "Бул шилтеме туура эмес же эскирип калган."),
    ],
)
def test_kyrgyz_texts(catalogs: Catalogs, key: str, values: dict, said: str) -> None:
    assert said in catalogs.t("ky", key, **values)


def test_kyrgyz_has_no_morning_read_as_tomorrow_nor_literal_translations(
    catalogs: Catalogs,
) -> None:
    texts = {k: catalogs.raw("ky", k) for k in catalogs.keys("ky")}
    assert [k for k, t in texts.items() if "ар бир эртеңинде" in t or "ар бир эртең " in t] == []
    assert [k for k, t in texts.items() if "Жаңыртуу" in t or "Жыйынтыктоочу" in t] == []
    assert [k for k, t in texts.items() if "Сиздин баа" in t or "Сиздин комментарий" in t] == []
    assert "менин тарабымда" not in texts["error_generic"]


def test_only_one_language_reads_naturally(render_ctx: Ctx) -> None:
    only = Audience.language("ky")
    said = {lang: audience_label(render_ctx(lang), only) for lang in UI_LANGUAGES}
    assert said["ky"].endswith(" гана") and not said["ky"].startswith("Гана")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("ky", "⚠️ 22-июнь, бейшемби, саат 10:00 үчүн пландалган №7 таратуу"),
        ("ru", "⚠️ Рассылка №7 на четверг, 22 июня в 10:00 не отправлена"),
        ("en", "⚠️ Broadcast #7, scheduled on Thursday, 22 June at 10:00, was not sent"),
    ],
)
def test_a_missed_broadcast_names_its_time(render_ctx: Ctx, lang: str, said: str) -> None:
    at = dt.datetime(2023, 6, 22, 4, 0, tzinfo=dt.UTC)  # 10:00 in Bishkek
    broadcast = Broadcast(
        7, "announcement", "send", None, Audience.everyone(), Content(), "missed", at,
        scheduled_at=at,
    )  # fmt: skip
    assert said in render_missed(render_ctx(lang), broadcast).text


def test_russian_says_withdrawal_for_a_withdrawal_and_feedback_for_feedback(
    catalogs: Catalogs,
) -> None:
    assert catalogs.t("ru", "op_delete", parent=3) == "снятие №3"
    assert catalogs.t("ru", "broadcast_withdraw") == "Снять"
    assert catalogs.t("ru", "withdraw_queued", id=4).startswith("🗑 Снятие №4")
    withdrawal = ("op_delete", "broadcast_withdraw", "withdraw_queued", "audit_withdrew")
    assert [k for k in withdrawal if "отзыв" in catalogs.raw("ru", k).lower()] == []


def test_the_russian_welcome_does_not_repeat_forum(catalogs: Catalogs) -> None:
    title = "Иссык-Кульский электоральный форум 2023"
    text = catalogs.t("ru", "welcome", forum=title, place="Чолпон-Ата")
    assert f"Это бот «{title}»." in text and "бот форума" not in text


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_no_latin_ids_inside_russian_and_kyrgyz_texts(catalogs: Catalogs, lang: str) -> None:
    latin_id = re.compile(r"\b(chat id|id)\b|id'")
    texts = {k: catalogs.raw(lang, k).replace("{id}", "") for k in catalogs.keys(lang)}
    assert [k for k, t in texts.items() if latin_id.search(t)] == []


def test_english_quotes_are_english(catalogs: Catalogs) -> None:
    texts = [v for k in catalogs.keys("en") for v in catalogs.variants("en", k).values()]
    assert [t for t in texts if "«" in t or "»" in t] == []
    assert "“{query}”" in catalogs.raw("en", "nothing_found")


def test_a_question_taken_on_stage_is_answered_in_every_language(catalogs: Catalogs) -> None:
    assert "answered on stage" in catalogs.t("en", "q_notice_answered", session="X")
    assert "picked" not in catalogs.t("en", "q_notice_answered", session="X")
