"""The store's refusal, in a module of its own so that the modules the store is built from
(users, settings) can raise it without importing the store. Callers import it from ``sync.store.store``."""

from __future__ import annotations


class StoreError(RuntimeError):
    """A refusal a person should read: the message is Chinese and names what is wrong."""
