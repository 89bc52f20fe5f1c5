"""The one Bot API call each delivery row needs: send, edit or delete."""

from __future__ import annotations

from forumbot.delivery.botapi import BotApi, SendResult
from forumbot.delivery.models import Broadcast, Delivery


async def perform(api: BotApi, b: Broadcast, caption: bool, d: Delivery) -> SendResult:
    """Send ``b`` to ``d``'s chat in their language, or edit/delete the message recorded.

    ``caption``: the parent had media, so an edit changes the caption, not the text.
    """
    text, markup = b.content.text_for(d.language), b.content.reply_markup
    if d.personal is not None:
        text, markup = d.personal.text, d.personal.reply_markup
    if b.operation == "delete":
        assert d.message_id is not None
        return await api.delete_message(d.chat_id, d.message_id)
    if b.operation == "edit":
        assert d.message_id is not None
        edit = api.edit_message_caption if caption else api.edit_message_text
        return await edit(d.chat_id, d.message_id, text, markup)
    if d.personal is not None and d.personal.document is not None:
        document = d.personal.document
        return await api.send_file(d.chat_id, document["name"], document["body"], text, markup)
    media, source = b.content.media, b.content.media_source()
    if media is None or source is None:
        return await api.send_message(d.chat_id, text, markup)
    send = api.send_photo if media["type"] == "photo" else api.send_document
    return await send(d.chat_id, source, text, markup)
