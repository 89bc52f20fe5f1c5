"""forumbot: the Telegram-free core of the forum bot (models, store, renderers, search, clock)."""

__version__ = "0.1.0"
