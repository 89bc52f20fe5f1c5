"""Delivery: the persistent outbox and the one paced sender for every broadcast."""

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
