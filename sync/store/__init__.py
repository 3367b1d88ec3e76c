"""The local database: records with their version history (append-only), current rows,
search keys, users and roles, settings, choice-list additions, drafts and backups; the one
SQLite driver (SQLCipher) and the encryption at rest of a database that has users."""
