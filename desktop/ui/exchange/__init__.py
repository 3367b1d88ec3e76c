"""The sync dialogs: enrollment, packages to and from the USB stick, receipts, recovery.

Dialogs hold no database connection: every read and write runs on the window's ``DbWorker``
(its own ``Store`` in its own thread) through ``desktop.ui.widgets.runner.run``, calling the
core's public functions: ``sync.exchange.stick`` (plan an export, import a stick),
``sync.exchange.status`` (identity, receipts, recovery, the township's counts and log) and
``sync.exchange.conflict_detail``.
"""
