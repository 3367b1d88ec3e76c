"""The sync dialogs: enrollment, packages to and from the USB stick, receipts, recovery.

Dialogs hold no database connection: every read and write runs on the window's ``DbWorker``
(its own ``Store`` in its own thread) through ``tasks.SyncTask``, calling the core in
``sync.exchange`` via the thin adapters in ``jobs``.
"""
