"""Owners add and remove organisers in the chat; organisers read the audit log."""

from __future__ import annotations

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import OWNER, start_in

PERSON = 77


async def test_an_owner_adds_and_removes_an_organiser(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, PERSON, "ru")
    [refused] = await emu.ask(PERSON, "/status")
    assert refused.text == catalogs.t("ru", "unknown_command")

    await start_in(emu, OWNER, "en")
    listing, prompt = await emu.ask(OWNER, "/organisers", count=2)
    assert "1" in listing.text and "2" in listing.text  # the settings' organiser and owner
    [button] = [b for row in prompt.reply_markup["keyboard"] for b in row]
    assert button["request_users"]["request_id"] == 1  # Telegram's picker: an id, no username
    mark = emu.mark(OWNER)
    await emu.share_user(OWNER, 1, PERSON)
    [added] = await emu.wait_events(OWNER, mark, count=1)
    assert added.message.text == catalogs.t("en", "organiser_added", user=str(PERSON))

    [status] = await emu.ask(PERSON, "/status")
    assert status.text.startswith("🛠")
    [log] = await emu.ask(PERSON, "/audit")
    assert catalogs.t("ru", "audit_organiser_added") in log.text
    assert catalogs.t("ru", "audit_imported") in log.text

    [listing, _prompt] = await emu.ask(OWNER, "/organisers", count=2)
    await emu.tap(OWNER, listing.message_id, data=f"orgdel:{PERSON}", count=1)
    assert f"{PERSON}" not in emu.last_message(OWNER).text.split("\n", 2)[-1].split("—")[0]
    [refused_again] = await emu.ask(PERSON, "/audit")
    assert refused_again.text == catalogs.t("ru", "unknown_command")


async def test_only_owners_manage_organisers(emu: BotAPIEmulator, bot, catalogs: Catalogs) -> None:
    await start_in(emu, PERSON, "ky")
    [refused] = await emu.ask(PERSON, "/organisers")
    assert refused.text == catalogs.t("ky", "unknown_command")
    mark = emu.mark(PERSON)
    await emu.share_user_raw(PERSON, 1, 99)  # a forged "picked a person" from a non-owner
    [answer] = await emu.wait_events(PERSON, mark, count=1)
    assert answer.message.text == catalogs.t("ky", "unknown_command")
    await start_in(emu, 1, "en")  # the settings' organiser is not an owner either
    [refused] = await emu.ask(1, "/organisers")
    assert refused.text == catalogs.t("en", "unknown_command")
    mark = emu.mark(1)
    await emu.press_raw(1, refused.message_id, f"orgdel:{PERSON}")
    [alert] = await emu.wait_events(1, mark, count=1)
    assert alert.data["text"] == catalogs.t("en", "stale_button")
