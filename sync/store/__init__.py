"""The local database: records with their version history (append-only), current rows,
search keys, users and roles, settings, choice-list additions, drafts and backups."""
