"""Roles and invitation links (issue 15, part 4): an organiser makes a link (role, uses,
expiry), people open it and get the role, told in their language; a used-up, expired or
revoked link says so politely and the person still gets a normal start."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, start_in

AIDA, BEKA, CHOLPON = 51, 52, 53
_LINK = re.compile(r"https://t\.me/\w+\?start=(i_[A-Za-z0-9_-]{22})")


async def make_link(
    emu: BotAPIEmulator, role: str, uses: str = "1", until: str = "7d", speaker: str = ""
) -> tuple[str, BotMessage]:
    """The organiser's way: /invite → the role (→ the speaker) → uses → expiry."""
    [picker] = await emu.ask(ORGANISER, "/invite")
    await emu.tap(ORGANISER, picker.message_id, data=f"inv:{role}", count=1)
    if speaker:
        await emu.tap(ORGANISER, picker.message_id, data=f"invs:{speaker}", count=1)
    else:
        if role == "speaker":  # not linked to the programme
            await emu.tap(ORGANISER, picker.message_id, data="invsa", count=1)
        await emu.tap(ORGANISER, picker.message_id, data=f"invu:{uses}", count=1)
    await emu.tap(ORGANISER, picker.message_id, data=f"inve:{until}", count=1)
    made = emu.messages(ORGANISER)[-1]
    found = _LINK.search(made.text)
    assert found, made.text
    return found.group(1), made


async def open_link(emu: BotAPIEmulator, user_id: int, payload: str) -> list[BotMessage]:
    """Someone who has used the bot before opens the link: a word on it, then the welcome."""
    return await emu.ask(user_id, f"/start {payload}", count=2)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_one_time_link_gives_its_role_once(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    for who in (ORGANISER, AIDA, BEKA):
        await start_in(emu, who, lang)
    payload, made = await make_link(emu, "press")
    role = catalogs.t(lang, "role_press")
    assert catalogs.t(lang, "invite_terms_one") in made.text
    assert catalogs.t(lang, "invite_role_is", role=role) in made.text
    assert len(payload) <= 64
    [plain_start] = await emu.ask(BEKA, "/start")
    joined, welcome = await open_link(emu, AIDA, payload)
    assert joined.text == "🎫 " + catalogs.t(lang, "invite_joined", role=role)
    assert welcome.text == plain_start.text
    refused, welcome = await open_link(emu, BEKA, payload)
    assert refused.text == catalogs.t(lang, "invite_refused_used_up")
    assert welcome.text == plain_start.text  # a normal start all the same
    store = bot.bot_data["services"].store
    assert (await store.roles.of(AIDA)).role == "press"
    assert await store.roles.of(BEKA) is None
    actions = [(e.actor, e.action) for e in await store.staff.audit_log()]
    assert (AIDA, "invite_used") in actions and (ORGANISER, "invite_created") in actions
    [again] = await emu.ask(AIDA, f"/start {payload}", count=1)
    assert again.text == catalogs.t(lang, "invite_already", role=role)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_newcomer_picks_a_language_first_then_gets_the_role(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, "en")
    payload, _ = await make_link(emu, "volunteer", uses="0")
    emu.add_user(CHOLPON, first_name="Cholpon", language_code="ru")
    _welcome, picker = await emu.ask(CHOLPON, f"/start {payload}", count=2)
    assert await bot.bot_data["services"].store.roles.of(CHOLPON) is None
    count = 2 if lang == "ru" else 3  # (the picker re-marked,) the language set, the role
    await emu.tap(CHOLPON, picker.message_id, data=f"lang:{lang}", count=count)
    joined = emu.last_message(CHOLPON)
    role = catalogs.t(lang, "role_volunteer")
    assert joined.text == "🎫 " + catalogs.t(lang, "invite_joined", role=role)
    assert (await bot.bot_data["services"].store.roles.of(CHOLPON)).role == "volunteer"


@pytest.mark.parametrize("lang", LANGS)
async def test_a_multi_use_link_expires_on_the_forums_clock(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    for who in (ORGANISER, AIDA, BEKA, CHOLPON):
        await start_in(emu, who, lang)
    payload, made = await make_link(emu, "delegate", uses="10", until="1d")
    assert catalogs.t(lang, "invite_terms_up_to", count=10) in made.text
    role = catalogs.t(lang, "role_delegate")
    for who in (AIDA, BEKA):
        joined, _ = await open_link(emu, who, payload)
        assert joined.text == "🎫 " + catalogs.t(lang, "invite_joined", role=role)
    [listing] = await emu.ask(ORGANISER, "/invites")
    assert catalogs.t(lang, "invites_used", count=2) in listing.text
    clock.set(clock.now() + dt.timedelta(days=1, minutes=1))
    refused, _ = await open_link(emu, CHOLPON, payload)
    assert refused.text == catalogs.t(lang, "invite_refused_expired")
    [listing] = await emu.ask(ORGANISER, "/invites")
    assert catalogs.t(lang, "invites_none") in listing.text


@pytest.mark.parametrize("lang", LANGS)
async def test_revoking_asks_once_says_how_many_used_it_and_stops_the_link(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    for who in (ORGANISER, AIDA, BEKA):
        await start_in(emu, who, lang)
    payload, _ = await make_link(emu, "observer", uses="0")
    await open_link(emu, AIDA, payload)
    [listing] = await emu.ask(ORGANISER, "/invites")
    [button] = [b for b in listing.inline_buttons() if b["callback_data"].startswith("invdel:")]
    invite_id = button["callback_data"].split(":")[1]
    await emu.tap(ORGANISER, listing.message_id, data=f"invdel:{invite_id}", count=1)
    ask = emu.messages(ORGANISER)[-1]
    assert catalogs.t(lang, "invite_revoke_used", count=1) in ask.text
    await emu.tap(ORGANISER, ask.message_id, data=f"invrm:{invite_id}", count=1)
    done = emu.messages(ORGANISER)[-1]
    assert done.text == catalogs.t(lang, "invite_revoked", id=invite_id, count=1)
    refused, _ = await open_link(emu, BEKA, payload)
    assert refused.text == catalogs.t(lang, "invite_refused_revoked")
    store = bot.bot_data["services"].store
    assert (await store.roles.of(AIDA)).role == "observer"  # they keep the role
    [entry, *_] = await store.staff.audit_log()
    assert (entry.actor, entry.action) == (ORGANISER, "invite_revoked")


async def test_typed_limit_and_expiry_are_asked_again_until_understood(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    [picker] = await emu.ask(ORGANISER, "/invite")
    await emu.tap(ORGANISER, picker.message_id, data="inv:press", count=1)
    await emu.tap(ORGANISER, picker.message_id, data="invut", count=1)
    [listing] = await emu.ask(ORGANISER, "/invites")  # answered; the question stays open
    assert listing.text.startswith("🎟") and catalogs.t("en", "invites_none") in listing.text
    [again] = await emu.ask(ORGANISER, "lots")
    assert again.text == catalogs.t("en", "invite_bad_uses")
    [expiry] = await emu.ask(ORGANISER, "3")
    assert catalogs.t("en", "invite_terms_up_to", count=3) in expiry.text
    await emu.tap(ORGANISER, expiry.message_id, data="invet", count=1)
    [past] = await emu.ask(ORGANISER, "01.06.2023 10:00")
    assert past.text == catalogs.t("en", "invite_past_expiry")
    [made] = await emu.ask(ORGANISER, "23.06.2023 18:00")
    assert "18:00" in made.text and catalogs.t("en", "invite_terms_up_to", count=3) in made.text


async def test_participants_cannot_make_or_revoke_links(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, AIDA, "ru")
    [reply] = await emu.ask(AIDA, "/invite")
    assert reply.text == catalogs.t("ru", "unknown_command")
    [reply] = await emu.ask(AIDA, "/invites")
    assert reply.text == catalogs.t("ru", "unknown_command")
    for data in ("inv:press", "invu:1", "inve:7d", "invrm:1"):
        mark = emu.mark(AIDA)
        await emu.press_raw(AIDA, reply.message_id, data)
        [answer, *_] = await emu.wait_events(AIDA, mark, count=1)
        assert answer.data["text"] == catalogs.t("ru", "unknown_command")
