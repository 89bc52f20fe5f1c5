"""Moderators of a session's questions assigned in the chat: an organiser picks the person
with Telegram's user picker from the card, the person moderates that session only, and is
removed with a button. Participants cannot reach any of it, whatever they send."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from forumbot.render.questions import PICK_MODERATOR
from tests.e2e.conftest import LANGS, ORGANISER, labels, start_in
from tests.e2e.test_agenda import open_card, wait_for_text

HELPER, ASKER, NOBODY = 71, 72, 73
RT = "rt-technology"  # on now in conftest's clock (22 June 10:45)


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_assigns_and_removes_a_moderator_in_the_chat(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    for user, language in ((ORGANISER, lang), (HELPER, "ru"), (ASKER, "en")):
        await start_in(emu, user, language)
    store = bot.bot_data["services"].store
    [refused] = await emu.ask(HELPER, "/questions")
    assert refused.text == catalogs.t("ru", "unknown_command")

    card = await open_card(emu, ORGANISER, RT)
    assert any(catalogs.t(lang, "q_mods_button") in label for label in labels(card))
    await emu.tap(ORGANISER, card.message_id, data=f"qmods:{RT}", count=1)
    screen = emu.messages(ORGANISER)[-1]
    assert catalogs.t(lang, "q_mods_none") in screen.text
    await emu.tap(ORGANISER, screen.message_id, data=f"qmodadd:{RT}", count=1)
    prompt = emu.messages(ORGANISER)[-1]
    button = prompt.reply_markup["keyboard"][0][0]
    assert button["request_users"]["request_id"] == PICK_MODERATOR
    mark = emu.mark(ORGANISER)
    await emu.share_user(ORGANISER, PICK_MODERATOR, HELPER)
    done, screen = [e.message for e in await emu.wait_events(ORGANISER, mark, count=2)][:2]
    assert done.text.startswith("✅") and str(HELPER) in done.text
    assert str(HELPER) in screen.text and catalogs.t(lang, "q_mods_chat") in screen.text
    assert await store.questions.moderators(RT) == {HELPER: "chat"}

    # The helper now moderates the round table on now.
    card = await open_card(emu, ASKER, RT)
    await emu.tap(ASKER, card.message_id, data=f"qask:{RT}", count=1)
    mark = emu.mark(HELPER)
    await emu.ask(ASKER, "A question?")
    await wait_for_text(emu, HELPER, mark, "🛡")  # told that a question waits
    [queue] = await emu.ask(HELPER, "/questions")
    assert "A question?" in queue.text
    [qid] = [q.id for q in await store.questions.of_session(RT, ("pending",))]
    await emu.tap(HELPER, queue.message_id, data=f"qmod:{qid}:approve", count=1)
    assert [q.id for q in await store.questions.public(RT)] == [qid]

    # Removed: the helper is refused again, and nothing changes.
    toast = await emu.tap(ORGANISER, screen.message_id, data=f"qmoddel:{RT}:{HELPER}", count=1)
    assert toast.text == catalogs.t(lang, "q_mods_removed", user=str(HELPER))
    assert await store.questions.moderators(RT) == {}
    mark = emu.mark(HELPER)
    await emu.press_raw(HELPER, queue.message_id, f"qmod:{qid}:answer")
    [answer, *_] = await emu.wait_events(HELPER, mark, count=1)
    assert answer.data["text"] == catalogs.t("ru", "unknown_command")
    assert (await store.questions.get(qid)).status == "approved"


async def test_participants_cannot_assign_moderators(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, NOBODY, "ky")
    card = await open_card(emu, NOBODY, RT)
    assert not [b for b in card.inline_buttons() if b.get("callback_data", "").startswith("qmod")]
    for data in (f"qmods:{RT}", f"qmodadd:{RT}", f"qmoddel:{RT}:{NOBODY}"):
        mark = emu.mark(NOBODY)
        await emu.press_raw(NOBODY, card.message_id, data)
        [answer, *_] = await emu.wait_events(NOBODY, mark, count=1)
        assert answer.data["text"] == catalogs.t("ky", "unknown_command")
    mark = emu.mark(NOBODY)
    await emu.share_user_raw(NOBODY, PICK_MODERATOR, NOBODY)
    [reply] = [e.message for e in await emu.wait_events(NOBODY, mark, count=1)]
    assert reply.text == catalogs.t("ky", "unknown_command")
    assert await bot.bot_data["services"].store.questions.moderators(RT) == {}
