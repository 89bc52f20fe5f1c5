"""Posts after /post (issue 12, item 5 and part 4): a summary says how many subscribers it
reaches before it is published, and may be scheduled; an organiser edits or deletes a post
from its card (delete asks once, saying where it disappears from); a summary withdrawn or
cancelled leaves /news too."""

from __future__ import annotations

import datetime as dt

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, button_data, labels, start_in
from tests.e2e.test_announce import received, told_finished
from tests.e2e.test_midflow import plain

KY = "Форумдун жыйынтыгы\nЭки тегерек стол өттү."
READERS = (80, 81)  # a Kyrgyz and a Russian reader, both follow summaries (the default)


async def compose_summary(emu: BotAPIEmulator) -> None:
    """A summary in Kyrgyz only: previews and the confirmation."""
    [kind] = await emu.ask(ORGANISER, "/post")
    await emu.tap(ORGANISER, kind.message_id, data="pkind:summary", count=1)
    await emu.ask(ORGANISER, KY)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="pdone", count=2)


async def news_titles(emu: BotAPIEmulator, user: int) -> list[str]:
    [listing] = await emu.ask(user, "/news")
    return labels(listing)


async def open_post(emu: BotAPIEmulator, user: int, title: str):
    [listing] = await emu.ask(user, "/news")
    await emu.tap(user, listing.message_id, data=button_data(listing, title), count=1)
    return next(m for m in emu.messages(user) if m.message_id == listing.message_id)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_summary_says_its_reach_then_is_deleted_from_news_and_chats(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    for reader, reader_lang in zip(READERS, ("ky", "ru"), strict=True):
        await start_in(emu, reader, reader_lang)
    marks = {r: emu.mark(r) for r in READERS}
    await compose_summary(emu)
    confirm = emu.last_message(ORGANISER)
    people = 3  # the two readers and the organiser follow summaries
    assert plain(catalogs.t(lang, "post_confirm_people", count=people)) in confirm.text
    publish = catalogs.t(lang, "post_publish_to", count=people)
    assert any(publish in label for label in labels(confirm))
    await emu.tap(ORGANISER, confirm.message_id, data="ppub", count=1)
    got = {r: await received(emu, r, marks[r]) for r in READERS}
    assert all("Форумдун жыйынтыгы" in text for text in got.values())
    services = bot.bot_data["services"]
    broadcast = (await services.delivery.outbox.list_recent(1))[0].id
    await told_finished(emu, broadcast)

    card = await open_post(emu, ORGANISER, "Форумдун жыйынтыгы")
    await emu.tap(ORGANISER, card.message_id, data=button_data(card, "🗑"), count=1)
    ask = next(m for m in emu.messages(ORGANISER) if m.message_id == card.message_id)
    assert catalogs.t(lang, "post_delete_chats", count=people) in ask.text
    assert any("Форумдун жыйынтыгы" in t for t in await news_titles(emu, READERS[0]))  # not yet
    await emu.tap(ORGANISER, ask.message_id, data=button_data(ask, "🗑"), count=1)
    done = next(m for m in emu.messages(ORGANISER) if m.message_id == card.message_id)
    assert done.text == catalogs.t(lang, "post_deleted")
    assert not any("Форумдун жыйынтыгы" in t for t in await news_titles(emu, READERS[1]))
    [found] = await emu.ask(READERS[0], "жыйынтыгы")
    assert "Эки тегерек стол өттү" not in found.text
    await told_finished(emu, broadcast + 1)  # the withdrawal
    for reader in READERS:  # deleted from their chats
        [summary] = [m for m in emu.messages(reader) if "Эки тегерек стол өттү" in m.text]
        assert summary.deleted
    actions = [e.action for e in await services.store.staff.audit_log()]
    assert "post_deleted" in actions


@pytest.mark.parametrize("lang", LANGS)
async def test_a_summary_scheduled_for_tomorrow_morning(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, READERS[0], "ky")
    mark = emu.mark(READERS[0])
    await compose_summary(emu)
    confirm = emu.last_message(ORGANISER)
    await emu.tap(ORGANISER, confirm.message_id, data="pwhen:tom8", count=1)
    confirm = next(m for m in emu.messages(ORGANISER) if m.message_id == confirm.message_id)
    day = catalogs.t(lang, "when_at_text", date="X", time="08:00").split("X")[-1]
    assert (
        day in confirm.text
        and f", {catalogs.t(lang, 'zone_Asia_Bishkek')} (UTC+6)" in confirm.text
    )
    publish = catalogs.t(lang, "post_publish_at", count=2)
    assert any(publish in label for label in labels(confirm))
    await emu.tap(ORGANISER, confirm.message_id, data="ppub", count=1)
    result = next(m for m in emu.messages(ORGANISER) if m.message_id == confirm.message_id)
    assert result.text.startswith(catalogs.t(lang, "post_scheduled", count=2, when="").split()[0])
    assert not any("Форумдун жыйынтыгы" in t for t in await news_titles(emu, READERS[0]))
    assert [e for e in emu.events(READERS[0], mark) if e.kind == "sent"][1:] == []
    mark = emu.mark(READERS[0])
    clock.set(dt.datetime(2023, 6, 23, 2, 1, tzinfo=dt.UTC))  # 08:01 in Bishkek
    assert "Форумдун жыйынтыгы" in await received(emu, READERS[0], mark)
    assert any("Форумдун жыйынтыгы" in t for t in await news_titles(emu, READERS[0]))


async def test_a_cancelled_scheduled_summary_leaves_no_post(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ru")
    await compose_summary(emu)
    confirm = emu.last_message(ORGANISER)
    await emu.tap(ORGANISER, confirm.message_id, data="pwhen:60m", count=1)
    await emu.tap(ORGANISER, confirm.message_id, data="ppub", count=1)
    services = bot.bot_data["services"]
    [scheduled] = await services.delivery.outbox.list_scheduled()
    assert await services.delivery.cancel(scheduled.id)  # as /scheduled's cancel does
    clock.advance(dt.timedelta(hours=2))
    assert not any("Форумдун жыйынтыгы" in t for t in await news_titles(emu, ORGANISER))


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_edits_a_post_from_its_card(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    [kind] = await emu.ask(ORGANISER, "/post")
    await emu.tap(ORGANISER, kind.message_id, data="pkind:news", count=1)
    await emu.ask(ORGANISER, "Залдын өзгөрүшү\nЭкинчи тегерек стол Кичи залда өтөт.")
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="pdone", count=2)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="ppub", count=1)

    card = await open_post(emu, ORGANISER, "Залдын өзгөрүшү")
    await emu.tap(ORGANISER, card.message_id, data=button_data(card, "✏️"), count=1)
    prompt = emu.last_message(ORGANISER)
    assert "Залдын өзгөрүшү" in prompt.text  # the current text, shown
    await emu.ask(ORGANISER, "Залдын өзгөрүшү (жаңы)\nЭкинчи тегерек стол Чоң залда өтөт.")
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="pdone", count=2)
    confirm = emu.last_message(ORGANISER)
    assert confirm.text == catalogs.t(lang, "post_confirm_edit")
    await emu.tap(ORGANISER, confirm.message_id, data="ppub", count=1)
    assert emu.last_message(ORGANISER).text == catalogs.t(lang, "post_saved")
    await start_in(emu, READERS[0], "ky")
    titles = await news_titles(emu, READERS[0])
    assert any("(жаңы)" in t for t in titles) and len(titles) == 2  # replaced, not added
    [found] = await emu.ask(READERS[0], "Чоң залда")
    assert "(жаңы)" in found.text
    actions = [e.action for e in await bot.bot_data["services"].store.staff.audit_log()]
    assert "post_edited" in actions


async def test_participants_cannot_edit_or_delete_posts(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    [kind] = await emu.ask(ORGANISER, "/post")
    await emu.tap(ORGANISER, kind.message_id, data="pkind:news", count=1)
    await emu.ask(ORGANISER, "Hall change\nThe second round table moves.", count=1)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="pdone", count=2)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="ppub", count=1)
    await start_in(emu, 82, "ru")
    card = await open_post(emu, 82, "Hall change")
    assert labels(card) == ["← " + catalogs.t("ru", "back")]  # no edit, no delete
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    posts, _ = await bot.bot_data["services"].store.programme.posts(0, 1, until=later)
    post_id = posts[0].id
    for data in (f"pdel:{post_id}:0", f"pdelok:{post_id}", f"pedit:{post_id}"):
        mark = emu.mark(82)
        await emu.press_raw(82, card.message_id, data)
        [answer, *_] = await emu.wait_events(82, mark, count=1)
        assert answer.data["text"] == catalogs.t("ru", "unknown_command")
    assert any("Hall change" in t for t in await news_titles(emu, 82))


async def test_a_summary_withdrawn_from_deliveries_leaves_news(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await compose_summary(emu)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="ppub", count=1)
    services = bot.bot_data["services"]
    broadcast = (await services.delivery.outbox.list_recent(1))[0].id
    await told_finished(emu, broadcast)
    assert any("Форумдун жыйынтыгы" in t for t in await news_titles(emu, ORGANISER))
    await services.delivery.withdraw(broadcast, ORGANISER)  # as /deliveries' withdraw does
    assert not any("Форумдун жыйынтыгы" in t for t in await news_titles(emu, ORGANISER))


@pytest.mark.parametrize("lang", LANGS)
async def test_a_typed_time_asks_again_until_it_is_one_and_file_posts_say_where_they_change(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await compose_summary(emu)
    confirm = emu.last_message(ORGANISER)
    await emu.tap(ORGANISER, confirm.message_id, data="pwhen:type", count=1)
    [again] = await emu.ask(ORGANISER, "25:00")
    assert again.text == catalogs.t(lang, "when_not_understood")
    [again] = await emu.ask(ORGANISER, "2023-06-22 09:00")  # already passed
    assert again.text == catalogs.t(lang, "announce_past")
    [confirm] = await emu.ask(ORGANISER, "2023-06-23 09:30")  # still waiting: taken
    assert "09:30" in confirm.text and catalogs.t(lang, "when_now") in labels(confirm)[1]
    # The bundled news item comes from the programme file: no edit or delete, and why.
    card = await open_post(emu, ORGANISER, "📰")
    assert catalogs.t(lang, "post_from_file") in card.text
    assert not [b for b in card.inline_buttons() if b["callback_data"].startswith("pdel")]
