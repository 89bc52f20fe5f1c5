"""Delivery: the persistent outbox and the one paced sender for every broadcast.

The package owns its tables, ``broadcasts`` and ``deliveries``, and their SQL lives here
(``outbox.py`` writes, ``reads.py`` queries), not in ``forumbot/store/``: the outbox's
statements are the engine's crash safety (claim, record the outcome, retry once, report)
and change with it. It shares the store's connection and transactions (``store.db``), so a
planner's key and the messages it queues commit together. It reads ``users`` (the audience,
by language and topic) and marks the people Telegram says blocked the bot; the tables'
schema stays in ``store/migrations.py`` (and ``migrations_later.py``) with every other table's.
"""

from forumbot.delivery.botapi import BotApi, SendResult
from forumbot.delivery.models import Audience, Broadcast, Content, Delivery, Outcome, Report
from forumbot.delivery.outbox import Outbox
from forumbot.delivery.pacing import Pacer
from forumbot.delivery.policy import RetryPolicy
from forumbot.delivery.sender import Sender, SenderConfig
from forumbot.delivery.service import DeliveryService

__all__ = [
    "Audience",
    "BotApi",
    "Broadcast",
    "Content",
    "Delivery",
    "DeliveryService",
    "Outbox",
    "Outcome",
    "Pacer",
    "Report",
    "RetryPolicy",
    "SendResult",
    "Sender",
    "SenderConfig",
]
