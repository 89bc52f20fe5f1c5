"""The Mini App: an adapter beside handlers/, serving pages and an API from the core."""
