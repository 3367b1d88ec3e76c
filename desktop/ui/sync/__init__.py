"""The sync windows: enrollment, packages to and from the USB stick, the township's window.

Dialogs hold no database connection: every read and write runs on the window's
``DbWorker`` (its own ``Store`` in its own thread) through ``tasks.SyncTask``, calling the
engine in ``sync/`` via the thin adapters in ``jobs``.
"""
