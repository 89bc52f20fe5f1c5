"""The forum's channel (FORUMBOT_CHANNEL): an announcement to the channel alone, a post to
everyone and the channel corrected and withdrawn there too, the pinned programme kept
current, "starting now" with the card's link and the stream, the debounced public post of
changes with a cancelled session struck through, and a restart that posts nothing twice."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from handlers.app import build_application, running
from tests.e2e.conftest import LANGS, ORGANISER, OWNER, bishkek, button_data, start_in
from tests.e2e.test_agenda import open_card, wait_for_text
from tests.e2e.test_announce import announce, told_finished
from tests.e2e.test_post_lifecycle import open_post
from tests.e2e.test_quickchange import quick_menu

CHANNEL = -1001234567890
TITLE = "Issyk-Kul Forum"
FAN = 61
BOT = "forumbot_demo_bot"


def settings_for(emu: BotAPIEmulator, tmp_path: Path, data_path: Path, **channel) -> Settings:
    return Settings(
        token=emu.token,
        api_base_url=emu.base_url,
        api_base_file_url=emu.base_file_url,
        db_path=tmp_path / "bot.sqlite3",
        data_path=data_path,
        organiser_ids=frozenset({ORGANISER}),
        owner_ids=frozenset({OWNER}),
        channel="@issykkulforum",
        **channel,
    )


@pytest.fixture
def channel_options() -> dict:
    return {}


@pytest.fixture
async def bot(
    emu: BotAPIEmulator, clock: SimulatedClock, tmp_path: Path, data_path: Path, channel_options
) -> AsyncIterator:
    emu.add_channel(CHANNEL, TITLE, "issykkulforum")
    settings = settings_for(emu, tmp_path, data_path, **channel_options)
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        yield app


async def channel_event(emu: BotAPIEmulator, since: int, kind: str = "sent"):
    """The next event of ``kind`` in the channel after ``since``."""
    events = await emu._wait(CHANNEL, since, lambda evs: any(e.kind == kind for e in evs), 10.0,
                             f"a {kind} event in the channel")  # fmt: skip
    return next(e for e in events if e.kind == kind)


async def with_button(emu: BotAPIEmulator, chat: int, since: int, data: str) -> BotMessage:
    """The first message sent to ``chat`` after ``since`` with a button of ``data``."""

    def has(e) -> bool:
        return e.kind == "sent" and any(b.get("callback_data") == data
                                        for b in e.message.inline_buttons())  # fmt: skip

    events = await emu._wait(chat, since, lambda evs: any(has(e) for e in evs), 10.0, data)
    return next(e.message for e in events if has(e))


def post(emu: BotAPIEmulator, message_id: int) -> BotMessage:
    return emu.state.bot_messages[CHANNEL][message_id]


@pytest.mark.parametrize("lang", LANGS)
async def test_an_announcement_to_the_channel_alone(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, FAN, "ru")
    fan, channel = emu.mark(FAN), emu.mark(CHANNEL)
    picker = await announce(emu, "The forum's photos are online.", audience="chn")
    when = emu.last_message(ORGANISER)
    assert catalogs.t(lang, "announce_channel_only", channel=TITLE) in when.text
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    confirm = emu.last_message(ORGANISER)
    assert confirm.text == catalogs.t(
        lang, "announce_confirm_channel", channel=TITLE, when=catalogs.t(lang, "when_now_text")
    )
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    sent = await channel_event(emu, channel)
    assert sent.message.text == "The forum's photos are online."
    await told_finished(emu, 1)
    assert emu.events(FAN, fan) == []  # nobody gets it in the chat
    [log] = await emu.ask(ORGANISER, "/audit")
    assert catalogs.t(lang, "audit_channel", channel=TITLE) in log.text


@pytest.mark.parametrize("channel_options", [{"channel_languages": ("ky", "ru")}])
async def test_everyone_and_the_channel_corrected_then_withdrawn(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, FAN, "ky")
    channel = emu.mark(CHANNEL)
    picker = await announce(emu, "Ky: saat 11de", "Ru: в 11:00", "En: at 11:00", audience="allc")
    when = emu.last_message(ORGANISER)
    assert catalogs.t("en", "announce_and_channel", channel=TITLE) in when.text
    assert "<b>2</b>" in when.html  # the organiser and the fan; the channel is said apart
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    sent = await channel_event(emu, channel)
    # The channel's languages, stacked in one post (ky, then ru); no English there.
    assert sent.message.text == "Ky: saat 11de\n\n· · ·\n\nRu: в 11:00"
    await told_finished(emu, 1)

    [listing] = await emu.ask(ORGANISER, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    await emu.tap(ORGANISER, listing.message_id, data="bfix:1", count=1)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="bfixl:1:ru", count=1)
    since = emu.mark(ORGANISER)
    await emu.send_text(ORGANISER, "Ru: в 11:30")
    confirm = await with_button(emu, ORGANISER, since, "bfixok:1:0")
    # Nobody reads Russian in their chat: the one chat it edits is the channel's copy.
    assert confirm.text == catalogs.t("en", "correct_confirm", count=1, language="Русский")
    mark = emu.mark(CHANNEL)
    await emu.tap(ORGANISER, confirm.message_id, data="bfixok:1:0", count=1)
    edited = await channel_event(emu, mark, "edited")
    assert edited.message_id == sent.message_id
    assert post(emu, sent.message_id).text == "Ky: saat 11de\n\n· · ·\n\nRu: в 11:30"
    await told_finished(emu, 2)

    [listing] = await emu.ask(ORGANISER, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    await emu.tap(ORGANISER, listing.message_id, data="bdel:1", count=1)
    mark = emu.mark(CHANNEL)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="bdelok:1", count=1)
    deleted = await channel_event(emu, mark, "deleted")
    assert deleted.message_id == sent.message_id
    assert emu.channel_posts(CHANNEL) == []


async def channel_broadcasts(bot, kind: str) -> int:
    """How many broadcasts of ``kind`` (channel_programme …) the bot made, edits included."""
    db = bot.bot_data["services"].store.db
    row = await db.fetchone("SELECT COUNT(*) FROM broadcasts WHERE kind = ?", (kind,))
    return int(row[0])


@pytest.mark.parametrize(
    ("channel_options", "lang"),
    [({"channel_pin_programme": True, "channel_languages": (lang,)}, lang) for lang in LANGS],
)
async def test_the_pinned_programme_follows_a_quick_change_once(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    pinned = await channel_event(emu, 0, "pinned")
    assert pinned.data["disable_notification"] is True
    programme = emu.pinned(CHANNEL)
    assert programme is not None
    assert catalogs.t(lang, "channel_programme_title", forum="").strip() in programme.text
    assert f"https://t.me/{BOT}?start=s_school-1" in programme.html
    await start_in(emu, ORGANISER, "en")
    menu = await quick_menu(emu, "school-1")
    await emu.tap(ORGANISER, menu.message_id, data="qccancel:school-1", count=1)
    mark = emu.mark(CHANNEL)
    await emu.tap(ORGANISER, menu.message_id, data="qcok:school-1", count=1)
    planner = bot.bot_data["services"].planner
    await planner.tick()
    assert emu.events(CHANNEL, mark) == []  # debounced: the change window is not over
    clock.advance(dt.timedelta(minutes=3))
    edited = await channel_event(emu, mark, "edited")
    assert edited.message_id == programme.message_id
    assert "<s>" in post(emu, programme.message_id).html  # the cancelled session, struck
    edits = await channel_broadcasts(bot, "channel_programme")
    clock.advance(dt.timedelta(minutes=5))
    await planner.tick()
    await planner.tick()
    assert await channel_broadcasts(bot, "channel_programme") == edits  # no identical edit
    assert emu.pinned(CHANNEL).message_id == programme.message_id


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 10, 25), speed=0)


@pytest.mark.parametrize(
    ("channel_options", "lang"),
    [({"channel_starting_now": frozenset({"main-hall"}), "channel_languages": (lang,)}, lang)
     for lang in LANGS],
)  # fmt: skip
async def test_starting_now_links_the_card_and_the_stream_and_survives_a_restart(
    emu: BotAPIEmulator,
    clock: SimulatedClock,
    catalogs: Catalogs,
    lang: str,
    tmp_path: Path,
    data_path: Path,
    channel_options: dict,
) -> None:
    emu.add_channel(CHANNEL, TITLE, "issykkulforum")
    settings = settings_for(emu, tmp_path, data_path, **channel_options)
    stream = "https://stream.example.org/main"
    async with running(build_application(settings, clock), poll_timeout=1) as bot:
        store = bot.bot_data["services"].store
        await store.links.set_link("rt-technology", "stream", stream, ORGANISER, clock.now())
        mark = emu.mark(CHANNEL)
        clock.advance(dt.timedelta(minutes=5))  # 10:30: the round table in the main hall
        sent = await channel_event(emu, mark)
        text, html = sent.message.text, sent.message.html or ""
        assert text.startswith("▶️ " + catalogs.t(lang, "channel_starting_now"))
        assert f"https://t.me/{BOT}?start=s_rt-technology" in html
        assert f'<a href="{stream}">' in html and catalogs.t(lang, "channel_watch") in text
        assert "10:30–13:00" in text
        await told_done(bot)
    # A restart on the same store: the post is not made again.
    posts = len(emu.channel_posts(CHANNEL))
    async with running(build_application(settings, clock), poll_timeout=1) as again:
        await again.bot_data["services"].planner.tick()
        clock.advance(dt.timedelta(minutes=1))
        await again.bot_data["services"].planner.tick()
        await told_done(again)
    assert len(emu.channel_posts(CHANNEL)) == posts == 1


async def told_done(bot) -> None:
    """Until the engine has nothing left to send (so that a post queued would be seen)."""
    outbox = bot.bot_data["services"].delivery.outbox
    while await outbox.sending() or await outbox.due(bot.bot_data["services"].clock.now()):
        await asyncio.sleep(0.05)


@pytest.mark.parametrize(
    ("channel_options", "lang"),
    [({"channel_changes": True, "channel_languages": (lang,)}, lang) for lang in LANGS],
)
async def test_changes_make_one_public_post_with_the_cancelled_struck_through(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, "en")
    planner = bot.bot_data["services"].planner
    await planner.tick()  # the channel starts from here: earlier changes are not news
    mark = emu.mark(CHANNEL)
    menu = await quick_menu(emu, "school-1")
    await emu.tap(ORGANISER, menu.message_id, data="qctime:school-1", count=1)
    [preview] = await emu.ask(ORGANISER, "16:00")
    await emu.tap(ORGANISER, preview.message_id, data="qcok:school-1", count=1)
    clock.advance(dt.timedelta(minutes=2))
    menu = await quick_menu(emu, "closing")
    await emu.tap(ORGANISER, menu.message_id, data="qccancel:closing", count=1)
    await emu.tap(ORGANISER, menu.message_id, data="qcok:closing", count=1)
    clock.advance(dt.timedelta(minutes=2))  # 2 minutes after the last: still within the window
    await planner.tick()
    assert emu.events(CHANNEL, mark) == []
    clock.advance(dt.timedelta(minutes=1))
    sent = await channel_event(emu, mark)
    html = sent.message.html or ""
    assert sent.message.text.startswith("📣 " + catalogs.t(lang, "channel_changes_title"))
    assert "16:00–18:30" in sent.message.text
    assert "<s>" in html and f"https://t.me/{BOT}?start=s_closing" in html
    await planner.tick()
    assert len([e for e in emu.events(CHANNEL, mark) if e.kind == "sent"]) == 1


@pytest.mark.parametrize(
    ("channel_options", "lang"),
    [({"channel_languages": ("ky", "en")}, lang) for lang in LANGS],
)
async def test_a_mirrored_post_is_corrected_then_withdrawn_in_the_channel(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    [kind] = await emu.ask(ORGANISER, "/post")
    await emu.tap(ORGANISER, kind.message_id, data="pkind:news", count=1)
    await emu.ask(ORGANISER, "Сүрөттөр\nФорумдун сүрөттөрү сайтта.")  # → asks for Russian
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="pskip", count=1)
    await emu.ask(ORGANISER, "Photos\nThe forum's photos are online.", count=3)
    confirm = emu.last_message(ORGANISER)
    await emu.tap(ORGANISER, confirm.message_id, data="pchan:1", count=1)
    confirm = emu.last_message(ORGANISER)
    assert catalogs.t(lang, "post_mirror_note", channel=TITLE) in confirm.text
    mark = emu.mark(CHANNEL)
    await emu.tap(ORGANISER, confirm.message_id, data="ppub", count=1)
    assert catalogs.t(lang, "post_published_channel") in emu.last_message(ORGANISER).text
    sent = await channel_event(emu, mark)
    ky, _, en = sent.message.text.partition("\n\n· · ·\n\n")
    assert "Сүрөттөр" in ky and "Photos" in en  # the channel's languages, in one post
    await told_finished(emu, 1)

    [listing] = await emu.ask(ORGANISER, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    await emu.tap(ORGANISER, listing.message_id, data="bfix:1", count=1)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="bfixl:1:en", count=1)
    since = emu.mark(ORGANISER)
    await emu.send_text(ORGANISER, "<b>Photos</b>\nThe forum's photos and videos are online.")
    fixed = await with_button(emu, ORGANISER, since, "bfixok:1:0")
    mark = emu.mark(CHANNEL)
    await emu.tap(ORGANISER, fixed.message_id, data="bfixok:1:0", count=1)
    assert (await channel_event(emu, mark, "edited")).message_id == sent.message_id
    assert "photos and videos" in post(emu, sent.message_id).text
    assert "Сүрөттөр" in post(emu, sent.message_id).text  # the Kyrgyz part stays
    await told_finished(emu, 2)

    card = await open_post(emu, ORGANISER, "Photos" if lang == "en" else "Сүрөттөр")
    delete = button_data(card, "🗑")
    mark = emu.mark(CHANNEL)
    await emu.tap(ORGANISER, card.message_id, data=delete, count=1)
    confirm = emu.last_message(ORGANISER)
    await emu.tap(ORGANISER, confirm.message_id, data=button_data(confirm, "🗑"), count=1)
    assert (await channel_event(emu, mark, "deleted")).message_id == sent.message_id
    [log] = await emu.ask(ORGANISER, "/audit")
    assert catalogs.t(lang, "audit_channel", channel=TITLE) in log.text


POLL = "Which matters most for trust?\nTransparency\nSpeed\nCost"
HERE, READER = 62, 63  # at the round table; a reader of the channel who never opened the bot


@pytest.mark.parametrize(
    ("channel_options", "lang"), [({"channel_languages": ("ru",)}, lang) for lang in LANGS]
)
async def test_a_poll_in_the_channel_counts_each_person_once(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    clock.advance(dt.timedelta(minutes=20))  # 10:45: round table 1 is on
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, HERE, "ky")
    card = await open_card(emu, HERE, "rt-technology")
    await emu.tap(HERE, card.message_id, data="here:rt-technology")
    organiser_card = await open_card(emu, ORGANISER, "rt-technology")
    await emu.tap(ORGANISER, organiser_card.message_id, data="poll:rt-technology", count=1)
    [preview] = await emu.ask(ORGANISER, POLL)
    await emu.tap(ORGANISER, preview.message_id, data="pollch:rt-technology:1", count=1)
    preview = emu.last_message(ORGANISER)
    assert catalogs.t(lang, "announce_and_channel", channel=TITLE) in preview.text
    mark, here = emu.mark(CHANNEL), emu.mark(HERE)
    await emu.tap(ORGANISER, preview.message_id, data="pollgo:rt-technology", count=2)
    posted = (await channel_event(emu, mark)).message
    assert "Which matters most for trust?" in posted.text
    assert catalogs.t("ru", "poll_mode_one") in posted.text  # the channel's language
    mine = await wait_for_text(emu, HERE, here, "📊")
    poll = mine.inline_buttons()[0]["callback_data"].split(":")[1]
    emu.add_user(READER, "Nurlan", "ky")
    toast = await emu.tap(READER, posted.message_id, data=f"pv:{poll}:1", chat_id=CHANNEL)
    assert toast.text == catalogs.t("ky", "poll_counted_toast")
    await emu.tap(HERE, mine.message_id, data=f"pv:{poll}:0", count=1)
    await emu.tap(HERE, posted.message_id, data=f"pv:{poll}:2", chat_id=CHANNEL)  # changed
    results = await bot.bot_data["services"].store.polls.results(int(poll))
    assert (results.counts, results.voters) == ((0, 1, 1), 2)  # one answer each, not three
    assert post(emu, posted.message_id).edited == 0  # the shared post shows nobody's choice
    [log] = await emu.ask(ORGANISER, "/audit")
    assert catalogs.t(lang, "audit_channel", channel=TITLE) in log.text


async def test_a_channel_where_the_bot_is_no_administrator_is_said_and_never_offered(
    emu: BotAPIEmulator,
    clock: SimulatedClock,
    tmp_path: Path,
    data_path: Path,
    catalogs: Catalogs,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emu.add_channel(CHANNEL, TITLE, "issykkulforum", admin=False)
    settings = settings_for(emu, tmp_path, data_path, channel_pin_programme=True)
    with caplog.at_level("WARNING", logger="forumbot"):
        async with running(build_application(settings, clock), poll_timeout=1) as app:
            await start_in(emu, ORGANISER, "en")
            [mode] = await emu.ask(ORGANISER, "/announce")
            await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
            await emu.ask(ORGANISER, "Hello", count=3)
            picker = emu.last_message(ORGANISER)
            assert not [b for b in picker.inline_buttons() if "📢" in b["text"]]
            # A forged button for the channel is refused on the server, the picker waits.
            since = emu.mark(ORGANISER)
            await emu.press_raw(ORGANISER, picker.message_id, "aud:chn")
            [answer] = await emu.wait_events(ORGANISER, since, count=1)
            assert answer.data["text"] == catalogs.t("en", "broadcast_not_now")
            await emu.tap(ORGANISER, picker.message_id, data="aud:all", count=1)  # waited
            await app.bot_data["services"].planner.tick()
    said = [r.getMessage() for r in caplog.records if "FORUMBOT_CHANNEL" in r.getMessage()]
    assert said == [
        "FORUMBOT_CHANNEL @issykkulforum: the bot is not an administrator of "
        f"«{TITLE}» (member); nothing will be posted there"
    ]
    assert emu.channel_posts(CHANNEL) == []
