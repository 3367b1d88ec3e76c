"""The county (区县民政局) one level above the townships: the same chain as village → township.

- The county writes an enrollment file bound to one township (its public keys and the
  township's one-time secret, ``sync.exchange.enrollment`` at ``TOWNSHIP_TO_COUNTY``).
- The township imports it (``enroll_with_county``) and keeps the county in ``county_link``,
  as a village keeps its township in ``enrollment``; the secret proves its first upward package.
- The township exports upward packages (``sync.exchange.exporter.export_upward``); the county
  imports them through the same importer (``sync.exchange.importer``), which pins the township's
  PC and notes each package here (``note_upward``): the township, the village, and which
  township reported which village when (``village_townships``).
- The county's receipts go back to the township, which reads them when it next exports.

Village data at the county is read-only (``Database.refuse_foreign``): corrections go down
through the township.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from forms.identifiers import division_code_problem
from sync.exchange.enrollment import (
    CountyEnrollment,
    enrollment_filename,
    read_county_enrollment,
    write_level_enrollment,
)
from sync.exchange.identity import ensure_keys, keep_parent
from sync.exchange.keys import PublicKeyPair, from_b64
from sync.exchange.level import TOWNSHIP_TO_COUNTY
from sync.exchange.township import note_package
from sync.exchange.village_secret import make_secret
from sync.store.store import Store, StoreError, now_text
from sync.store.users import ENROLL, WRITE_ENROLLMENT, require


@dataclass(frozen=True)
class CountyLink(PublicKeyPair):
    """The county a township reports to (from the county's enrollment file)."""

    county_code: str
    county_name: str
    signing_public_bytes: bytes
    encryption_public_bytes: bytes
    enrolled_at: str

    @property
    def target(self) -> str:
        """How ``exported_versions`` names the county."""
        return TOWNSHIP_TO_COUNTY.target(self.signing_fingerprint)


def county_link(store: Store) -> CountyLink | None:
    row = store.conn.execute("SELECT county_code, county_name, signing_public, encryption_public, "
                             "enrolled_at FROM county_link").fetchone()
    if row is None:
        return None
    return CountyLink(row[0], row[1], from_b64(row[2]), from_b64(row[3]), row[4])


def require_county(store: Store) -> CountyLink:
    if not store.is_township:
        raise StoreError("只有乡镇数据库可以导出上报区县的数据包（--upward）")
    link = county_link(store)
    if link is None:
        raise StoreError("本乡镇尚未导入区县的注册文件，请先导入（cunwu enroll 数据库 区县注册文件）")
    return link


@dataclass(frozen=True)
class CountyEnrollResult:
    county: CountyLink
    replaced: CountyLink | None
    own_fingerprint: str


def enroll_with_county(store: Store, path: str | Path) -> CountyEnrollResult:
    """Township: accept the county's enrollment file made for this township."""
    if not store.is_township:
        raise StoreError("只有乡镇数据库可以导入区县的注册文件")
    require(store.user, ENROLL)
    enrollment: CountyEnrollment = read_county_enrollment(Path(path))
    own = store.meta.get("township_code", "")
    if enrollment.township_code != own:
        raise StoreError(
            f"注册文件 {Path(path).name} 是区县“{enrollment.county_name}”为乡镇 {enrollment.township_code}"
            f"生成的，不能用于本乡镇（乡镇代码 {own}）。请向区县索取本乡镇的注册文件。")
    replaced = county_link(store)
    keys = ensure_keys(store)
    keep_parent(store, TOWNSHIP_TO_COUNTY, enrollment, None)
    link = county_link(store)
    assert link is not None
    same = replaced is not None and replaced.signing_public_bytes == link.signing_public_bytes
    return CountyEnrollResult(link, None if same else replaced, keys.signing_fingerprint)


def write_county_enrollment_file(store: Store, out: str | Path, *, township: str,
                                 township_name: str | None = None) -> CountyEnrollment:
    """County: the enrollment file for one township (``out`` may be a folder), with a new
    one-time secret; the township is listed as enrolled."""
    if not store.is_county:
        raise StoreError("只有区县数据库可以生成发给乡镇的注册文件（--township）")
    require(store.user, WRITE_ENROLLMENT)
    problem = division_code_problem(township, 9)
    if problem:
        raise StoreError(f"乡镇统计用区划代码“{township}”：{problem}")
    keys = ensure_keys(store)
    code, name = store.meta["county_code"], store.meta["county_name"]
    if township_name is None:
        row = store.conn.execute("SELECT name FROM townships WHERE code = ?", (township,)).fetchone()
        township_name = row[0] if row and row[0] else None
    target = Path(out)
    if target.is_dir():
        target = target / enrollment_filename(name, code, township, township_name)
    with store.transaction():
        store.conn.execute(
            "INSERT INTO townships(code, name, enrolled, enrolled_at) VALUES (?, ?, 1, ?) "
            "ON CONFLICT(code) DO UPDATE SET enrolled = 1, "
            "enrolled_at = COALESCE(enrolled_at, excluded.enrolled_at), name = COALESCE(excluded.name, name)",
            (township, township_name, now_text()))
        secret = make_secret(store, township)
        # Written inside the transaction: a file that cannot be written leaves no secret behind.
        made = write_level_enrollment(TOWNSHIP_TO_COUNTY, target, code, name, keys, secret=secret,
                                      member_name=township_name)
    assert isinstance(made, CountyEnrollment)
    return made


def note_upward(store: Store, *, township: str, township_name: str | None, village: str,
                village_name: str | None, installation_id: str, sequence: int, created: str) -> None:
    """County: an accepted upward package, in ``townships``, ``villages`` and
    ``village_townships``. Caller holds the transaction."""
    note_package(store, village=township, name=township_name, installation_id=installation_id,
                 sequence=sequence, created=created, table=TOWNSHIP_TO_COUNTY.member_table)
    note_package(store, village=village, name=village_name, installation_id=installation_id,
                 sequence=sequence, created=created, count_pc=False)
    # When the township reported the village: the package's own date, so an old package
    # imported late never makes a township the village's current one again.
    store.conn.execute(
        "INSERT INTO village_townships(village, township, first_reported, last_reported) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(village, township) DO UPDATE SET "
        "first_reported = MIN(first_reported, excluded.first_reported), "
        "last_reported = MAX(last_reported, excluded.last_reported)",
        (village, township, created, created))
