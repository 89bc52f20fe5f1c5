"""The audiences an organiser can address, in one place for the chat's /announce and the
Mini App's console: the code (in callback data, drafts and the console's JSON) to the
Audience the outbox resolves. A new audience (a channel, a role) is one entry here, one
code in PICKED, a label in render/broadcasts.py's ``audience_label`` and, if it is a new
kind, its recipients' SQL in reads.py."""

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
}
PICKED = ("all", "sum", "ky", "ru", "en", "urg")  # the choices the composers offer, in order
URGENT = "urg"  # reaches those who turned announcements off too (audited as such)
