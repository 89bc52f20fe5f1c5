"""The audiences an organiser can address, in one place for the chat's /announce and the
Mini App's console: the code (in callback data, drafts and the console's JSON) to the
Audience the outbox resolves. A new audience (a channel, a role) is one entry here, one
code in PICKED (or, as roles are, codes read by ``audience_of``), a label in
render/broadcasts.py's ``audience_label`` and, if it is a new kind, its recipients' SQL in
reads.py."""

from __future__ import annotations

from forumbot.delivery.models import Audience

# "ann" is what "all" now is (everyone who has announcements on); it stays so that a draft
# or button of before still reads.
AUDIENCES: dict[str, Audience] = {
    "all": Audience.everyone(),
    "ann": Audience.topic("announcements"),
    "sum": Audience.topic("summaries"),
    "ky": Audience.language("ky"),
    "ru": Audience.language("ru"),
    "en": Audience.language("en"),
    "urg": Audience.urgent(),
    # The forum's channel (issue 15, part 1): offered only when the bot may post there.
    "allc": Audience.everyone().with_channel(),
    "chn": Audience.channel_only(),
}
PICKED = ("all", "sum", "ky", "ru", "en", "urg")  # the choices the composers offer, in order
WITH_CHANNEL = ("allc", "chn")  # …and these, when the forum has a channel
URGENT = "urg"  # reaches those who turned announcements off too (audited as such)
ROLE_CODE = "r_"  # r_<role>: the people holding a role (offered after PICKED, with counts)


def audience_of(code: str | None) -> Audience:
    """The audience a code in a draft, a button or the console stands for: one of AUDIENCES
    or a role; KeyError for a code that names none."""
    code = code or "all"
    if code.startswith(ROLE_CODE) and len(code) > len(ROLE_CODE):
        return Audience.role(code[len(ROLE_CODE) :])
    return AUDIENCES[code]


def offered(channel: bool) -> tuple[str, ...]:
    """The audiences the composers offer (chat and Mini App alike): the channel's with one
    (roles' codes come after these, with their counts)."""
    return PICKED + WITH_CHANNEL if channel else PICKED


def addressable(code: str, channel: bool) -> bool:
    """A code the composers accept: any known one (an old draft's too, a role's), the
    channel's only when the forum has one."""
    try:
        audience_of(code)
    except KeyError:
        return False
    return channel or code not in WITH_CHANNEL
