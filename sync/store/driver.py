"""The one SQLite driver of the program: SQLCipher, through ``sqlcipher3`` (docs/decisions.md,
"Encryption at rest").

Every connection to a Cunwu database is made here, and everyone catches this module's exception
names (``driver.Error``, ``driver.IntegrityError`` …): sqlcipher3's classes are not subclasses of
Python's ``sqlite3`` ones, so an ``except sqlite3.Error`` would let a SQLCipher error through. A
database without users is an ordinary SQLite file (``key=None``); with users it is encrypted
with a random 32-byte key (sync/store/keyslots.py holds how that key is kept).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlcipher3 import dbapi2 as _dbapi

Connection = _dbapi.Connection
Cursor = _dbapi.Cursor
Row = _dbapi.Row
Error = _dbapi.Error
DatabaseError = _dbapi.DatabaseError
IntegrityError = _dbapi.IntegrityError
OperationalError = _dbapi.OperationalError
ProgrammingError = _dbapi.ProgrammingError
InterfaceError = _dbapi.InterfaceError
NotSupportedError = _dbapi.NotSupportedError
DataError = _dbapi.DataError
InternalError = _dbapi.InternalError
Binary = _dbapi.Binary
sqlite_version = _dbapi.sqlite_version
sqlite_version_info = _dbapi.sqlite_version_info

PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
PRIVATE_MODE = 0o600
ENCRYPTED_CACHE_KIB = 64 * 1024


def key_pragma(key: bytes) -> str:
    """The raw-key form: SQLCipher uses these 32 bytes as they are (no second key derivation;
    the password was already stretched by argon2id in keyslots.py)."""
    if len(key) != KEY_BYTES:
        raise ValueError("database key must be 32 bytes")
    return f"\"x'{key.hex()}'\""


def private_file(path: str | os.PathLike[str]) -> None:
    """Create ``path`` empty and readable by its owner only, unless it exists. SQLite gives its
    -wal and -shm files the main file's mode, so these follow."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def connect(database: str | os.PathLike[str], *, key: bytes | None = None,
            **kwargs: object) -> Connection:
    """A connection like ``sqlite3.connect(database, **kwargs)``; with ``key``, to an encrypted
    database. A new file is created 0600. ``uri=True`` URIs are passed through as they are."""
    name = str(database)
    if not kwargs.get("uri") and name != ":memory:" and not name.startswith("file:"):
        private_file(name)
    conn = _dbapi.connect(name, **kwargs)  # type: ignore[arg-type]
    if key is not None:
        try:
            conn.execute(f"PRAGMA key = {key_pragma(key)}")
            # Sorting and temporary tables in memory: no clear text in temporary files.
            conn.execute("PRAGMA temp_store = MEMORY")
            # Every page read from the file is decrypted and checked: a larger page cache
            # (64 MiB, taken only as pages are read) keeps the store's working set decrypted.
            conn.execute(f"PRAGMA cache_size = {-ENCRYPTED_CACHE_KIB}")
        except BaseException:
            conn.close()
            raise
    return conn


def is_plain(path: str | os.PathLike[str]) -> bool:
    """True for an ordinary SQLite file (or an empty or missing one); False for anything else,
    which, for a file Cunwu made, means encrypted."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return True
    return head in (b"", PLAIN_HEADER)


def opens_with(path: str | os.PathLike[str], key: bytes) -> bool:
    """Whether ``key`` opens the encrypted database at ``path`` (read-only; nothing changes).
    SQLCipher's own log of the failed page check is silenced meanwhile: trying a key that does
    not fit is expected here (a key file holds the old and the new key during a rekey)."""

    conn = _dbapi.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key_pragma(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DatabaseError:
        return False
    finally:
        conn.execute("PRAGMA cipher_log_level = WARN")
        conn.close()


def cipher_version() -> str:
    """The SQLCipher linked in (the self-test reports it)."""
    conn = _dbapi.connect(":memory:")
    try:
        return str(conn.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        conn.close()
