"""Subcommands of ``cunwu``, one module per feature. Each module defines ``register(sub)``."""

# Modules are imported in this order when the parser is built; a missing optional
# module (a feature still being built) is simply not listed here.
COMMAND_MODULES = ["records", "admin", "gui", "stats", "book", "excel", "sync", "choices", "installations"]
