"""An organisation named with a person's role reads in each language's order: Kyrgyz puts
the organisation first, in the genitive ("КМШ МПА МИМРДдин эксперти"), never the Russian
"Эксперт, КМШ МПА МИМРД"; the summary likewise (issue 13, Kyrgyz word order)."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from tests.e2e.conftest import LANGS, bishkek, button_data, start_in

EXPERT = {
    "ky": "<b>Роман Ромашов</b> — КМШ МПА МИМРДдин эксперти",
    "ru": "<b>Роман Ромашов</b> — Эксперт, МИМРД МПА СНГ (",
    "en": "<b>Roman Romashov</b> — Expert, IIMDD IPA CIS (",
}
DIRECTOR = {
    "ky": "<b>Рамин Рзаев</b> — КМШ МПА МИМРДдин Баку филиалынын директору",
    "ru": "<b>Рамин Рзаев</b> — Директор Бакинского филиала, МИМРД МПА СНГ (",
    "en": "<b>Ramin Rzaev</b> — Director of the Baku branch, IIMDD IPA CIS (",
}


@pytest.mark.parametrize("lang", LANGS)
async def test_the_card_names_the_experts_organisation_in_the_languages_order(
    emu: BotAPIEmulator, bot, lang: str
) -> None:
    await start_in(emu, 70, lang)
    [card] = await emu.ask(70, "/start s_rt-youth")
    assert EXPERT[lang] in (card.html or "") and DIRECTOR[lang] in (card.html or "")
    assert "Эксперт, КМШ" not in card.text


async def test_the_kyrgyz_summary_puts_the_organisation_first(
    emu: BotAPIEmulator, bot, clock
) -> None:
    clock.set(bishkek(23, 18, 30))  # the summary is out
    await start_in(emu, 71, "ky")
    [news] = await emu.ask(71, "/news")
    await emu.tap(71, news.message_id, data=button_data(news, "📝"), count=1)
    post = emu.last_message(71)
    assert "КМШ МПА МИМРДдин эксперттери Роман Ромашов" in post.text
    assert "IDEA Central Asia уюмунун аткаруучу директору" in post.text
    assert "начальниги" not in post.text
