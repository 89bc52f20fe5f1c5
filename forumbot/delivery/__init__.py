"""Delivery: the persistent outbox and the one paced sender for every broadcast."""
