"""Owners add and remove organisers in the chat, by name; the new organiser is told;
removing asks once and the audit line offers re-adding; organisers read the audit log in
words, filter it by kind and download it as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, OWNER, button_data, labels, start_in

PERSON = 77


async def owner_with_a_name(emu: BotAPIEmulator, lang: str) -> None:
    await start_in(emu, OWNER, lang)
    emu.state.users[OWNER].update(first_name="Gulnara", last_name="Ibraeva", username="gulnara")
    await emu.ask(OWNER, "/help")  # the owner's name as Telegram shows it now


async def add_person(emu: BotAPIEmulator) -> BotMessage:
    """The owner picks PERSON (Telegram gives the name, as the button asks) and is answered."""
    emu.state.users[PERSON].update(first_name="Aibek", last_name="Soltonov", username="aibek")
    _listing, prompt = await emu.ask(OWNER, "/organisers", count=2)
    [button] = [b for row in prompt.reply_markup["keyboard"] for b in row]
    assert button["request_users"]["request_name"] and button["request_users"]["request_username"]
    mark = emu.mark(OWNER)
    await emu.share_user(OWNER, 1, PERSON)
    [added] = await emu.wait_events(OWNER, mark, count=1)
    return added.message


@pytest.mark.parametrize("lang", LANGS)
async def test_an_owner_adds_an_organiser_who_is_told_and_named_everywhere(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, PERSON, lang)
    [refused] = await emu.ask(PERSON, "/status")
    assert refused.text == catalogs.t(lang, "unknown_command")
    await owner_with_a_name(emu, lang)
    mark = emu.mark(PERSON)
    added = await add_person(emu)
    name = "Aibek Soltonov (@aibek)"
    assert added.text == catalogs.t(lang, "organiser_added_told", user=name)
    [welcome] = await emu.wait_events(PERSON, mark, count=1)
    told = catalogs.t(lang, "organiser_welcome", by="Gulnara Ibraeva (@gulnara)")
    assert welcome.message.text == told

    listing, _prompt = await emu.ask(OWNER, "/organisers", count=2)
    assert name in listing.text and "Gulnara Ibraeva (@gulnara)" in listing.text
    assert str(PERSON) not in listing.text
    [status] = await emu.ask(PERSON, "/status")  # now an organiser
    assert status.text.startswith("🛠")
    [log] = await emu.ask(PERSON, "/audit")
    assert catalogs.t(lang, "audit_organiser_added") in log.text
    assert "Gulnara Ibraeva (@gulnara)" in log.text and name in log.text
    assert "{" not in log.text and "user_id" not in log.text and str(PERSON) not in log.text


@pytest.mark.parametrize("lang", LANGS)
async def test_removing_an_organiser_asks_once_and_the_audit_line_re_adds_them(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, PERSON, "ru")
    await owner_with_a_name(emu, lang)
    await add_person(emu)
    name = "Aibek Soltonov (@aibek)"
    listing, _prompt = await emu.ask(OWNER, "/organisers", count=2)
    await emu.tap(OWNER, listing.message_id, data=f"orgdel:{PERSON}", count=1)
    ask = emu.last_message(OWNER)
    assert ask.text == catalogs.t(lang, "organiser_remove_ask", user=name)
    [status] = await emu.ask(PERSON, "/status")  # asked, not yet removed
    assert status.text.startswith("🛠")
    result = await emu.tap(OWNER, ask.message_id, data=f"orgrm:{PERSON}", count=1)
    [done] = [e.message for e in result.events if e.kind == "edited"]
    assert done.text == catalogs.t(lang, "organiser_removed_undo", user=name)
    [refused] = await emu.ask(PERSON, "/audit")
    assert refused.text == catalogs.t("ru", "unknown_command")

    [log] = await emu.ask(OWNER, "/audit")
    assert catalogs.t(lang, "audit_organiser_removed") in log.text
    readd = button_data(log, "↩️")
    assert readd == f"orgadd:{PERSON}" and "Aibek" in " ".join(labels(log))
    await emu.tap(OWNER, log.message_id, data=readd, count=1)
    assert emu.last_message(OWNER).text == catalogs.t(lang, "organiser_added_told", user=name)
    [status] = await emu.ask(PERSON, "/status")
    assert status.text.startswith("🛠")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_audit_filters_by_kind_and_downloads_as_csv(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await owner_with_a_name(emu, lang)
    await start_in(emu, PERSON, "ky")
    await add_person(emu)
    await emu.ask(OWNER, "/digesttime 7:30")
    [log] = await emu.ask(OWNER, "/audit")
    for what in ("audit_organiser_added", "audit_digest_time", "audit_imported"):
        assert catalogs.t(lang, what) in log.text
    await emu.tap(OWNER, log.message_id, data="audk:people", count=1)
    people = emu.last_message(OWNER)
    assert catalogs.t(lang, "audit_organiser_added") in people.text
    assert catalogs.t(lang, "audit_digest_time") not in people.text
    assert "✓ " + catalogs.t(lang, "audit_kind_people") in labels(people)
    await emu.tap(OWNER, people.message_id, data="audk:all", count=1)
    mark = emu.mark(OWNER)
    await emu.tap(OWNER, people.message_id, data="audcsv:all")
    [*_, sent] = await emu.wait_events(OWNER, mark, count=2)
    rows = list(csv.reader(io.StringIO(sent.message.document_bytes.decode("utf-8-sig"))))
    assert rows[0][:2] == [catalogs.t(lang, "audit_csv_time"), catalogs.t(lang, "audit_csv_who")]
    [digest] = [r for r in rows if r[3] == catalogs.t(lang, "audit_digest_time")]
    assert digest[1:3] == ["Gulnara Ibraeva", "gulnara"] and "07:30" in digest[4]
    assert catalogs.t(lang, "audit_csv_caption", count=len(rows) - 1) in sent.message.caption


async def test_only_owners_manage_organisers(emu: BotAPIEmulator, bot, catalogs: Catalogs) -> None:
    await start_in(emu, PERSON, "ky")
    [refused] = await emu.ask(PERSON, "/organisers")
    assert refused.text == catalogs.t("ky", "unknown_command")
    mark = emu.mark(PERSON)
    await emu.share_user_raw(PERSON, 1, 99)  # a forged "picked a person" from a non-owner
    [answer] = await emu.wait_events(PERSON, mark, count=1)
    assert answer.message.text == catalogs.t("ky", "unknown_command")
    await start_in(emu, ORGANISER, "en")  # the settings' organiser is not an owner either
    [refused] = await emu.ask(ORGANISER, "/organisers")
    assert refused.text == catalogs.t("en", "unknown_command")
    for data in (f"orgdel:{PERSON}", f"orgrm:{PERSON}", f"orgadd:{PERSON}"):
        mark = emu.mark(ORGANISER)
        await emu.press_raw(ORGANISER, refused.message_id, data)
        [alert] = await emu.wait_events(ORGANISER, mark, count=1)
        assert alert.data["text"] == catalogs.t("en", "stale_button")
    assert await bot.bot_data["services"].store.staff.organisers() == []


@pytest.mark.parametrize("lang", LANGS)
async def test_help_lists_organisers_for_owners_only_and_status_speaks_in_words(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    [helped] = await emu.ask(ORGANISER, "/help")
    assert "/audit" in helped.text and "/organisers" not in helped.text
    await start_in(emu, OWNER, lang)
    [helped] = await emu.ask(OWNER, "/help")
    assert "/organisers" in helped.text
    [status] = await emu.ask(ORGANISER, "/status")
    # The bundled programme was put in service at the clock's time: 22 June, 10:45 in Bishkek
    # (04:45 UTC), written as the forum's date and time, not "2023-06-22T04:45:00+00:00".
    prefix = catalogs.t(lang, "status_imported_at", value="")
    [line] = [x for x in status.text.split("\n") if x.startswith(prefix)]
    assert line == catalogs.t(lang, "status_imported_at", value=DAY[lang] + ", 10:45")


DAY = {"ky": "22-июнь, бейшемби", "ru": "четверг, 22 июня", "en": "Thursday, 22 June"}
