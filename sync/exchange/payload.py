"""The payload inside a package: versions of records, the village profile, settings, choice lists.

The container (``sync/exchange/package_file.py``) signs, encrypts and checks the bytes; this module
says what those bytes mean and refuses anything malformed before the database is
touched. The format is documented in ``docs/package-format.md`` (section *Payload*).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from forms.model import SCHEMA_VERSION, Catalog, Register
from forms.types import FieldType, type_named
from sync.exchange.merge import canonical
from sync.exchange.stick_files import SyncFileError
from sync.store.choices import ALIAS, VALUE, AddedChoice
from sync.store.versions import VersionRow

PAYLOAD_FORMAT = "cunwu-payload"
PAYLOAD_VERSION = 1

_HEX32 = re.compile(r"[0-9a-f]{32}")
_HLC = re.compile(r"[0-9]{16}\.[0-9]{4}")
_WALL_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
_DEVICE = re.compile(r"[A-Za-z0-9._-]{1,64}")
_CODE12 = re.compile(r"[0-9]{12}")
_MAX_TEXT = 100_000
_MAX_SHORT = 200

# Payloads made with older register definitions are brought up to date one step at a time:
# PAYLOAD_MIGRATIONS[n] turns a schema-n payload (the parsed JSON object) into schema n + 1.
PAYLOAD_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _schema_1_to_2(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 made 出生年月, 入党时间, 转正时间, 任职时间 (and volunteers' 出生日期) year-month
    fields, which hold ``1968-03`` or a full date. Schema 1 only had full dates there, valid as
    they are: nothing to change but the number."""
    return {**body, "schema_version": 2}


PAYLOAD_MIGRATIONS[1] = _schema_1_to_2


def _schema_2_to_3(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 added registers (重大事项决策, 会议与协商, 村务公开, 村级组织, 村级骨干花名册,
    荣誉与示范创建) and fields (the profile's, the 两委's 在任状态 …). A schema-2 payload has none of
    them: its versions lack the new fields, which are read as empty (their defaults apply when a
    person next saves the record), and it holds no version of a new register. Only the number
    changes."""
    return {**body, "schema_version": 3}


PAYLOAD_MIGRATIONS[2] = _schema_2_to_3


class PayloadError(SyncFileError):
    """The decrypted payload is not what a package must hold. The message is Chinese."""


@dataclass(frozen=True)
class SettingValue:
    key: str
    value: Any
    hlc: str
    user: str


@dataclass
class Payload:
    kind: str
    package_id: str
    village: str
    installation: str
    schema_version: int
    full: bool
    versions: list[VersionRow]
    village_name: str | None = None
    profile: dict[str, Any] | None = None
    settings: list[SettingValue] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # Return packages: the township's choice-list additions (``sync.store.choices``).
    choices: list[AddedChoice] = field(default_factory=list)


# ---------------------------------------------------------------- writing

def version_json(v: VersionRow) -> dict[str, Any]:
    return {"version_id": v.version_id, "record_uuid": v.record_uuid, "register": v.register,
            "village": v.village, "parent_id": v.parent_id, "merge_parent_id": v.merge_parent_id,
            "hlc": v.hlc, "device": v.device, "user": v.user, "deleted": v.deleted, "reason": v.reason,
            "data": v.data, "wall_time": v.wall_time}


def record_counts(versions: Iterable[VersionRow]) -> dict[str, dict[str, int]]:
    """Per register: records the package creates, changes and deletes (for the export dialog)."""
    by_record: dict[str, list[VersionRow]] = {}
    for v in versions:
        by_record.setdefault(v.record_uuid, []).append(v)
    counts: dict[str, dict[str, int]] = {}
    for record in by_record.values():
        latest = max(record, key=lambda v: v.key)
        slot = counts.setdefault(latest.register, {"new": 0, "changed": 0, "deleted": 0, "versions": 0})
        slot["versions"] += len(record)
        if latest.deleted:
            slot["deleted"] += 1
        elif any(v.parent_id is None and v.merge_parent_id is None for v in record):
            slot["new"] += 1
        else:
            slot["changed"] += 1
    return counts


def build_payload(*, kind: str, package_id: str, village: str, village_name: str | None,
                  installation: str, full: bool, versions: list[VersionRow],
                  profile: Mapping[str, Any] | None, settings: Iterable[SettingValue] = (),
                  counts: Mapping[str, Mapping[str, int]] | None = None,
                  choices: Iterable[AddedChoice] = ()) -> bytes:
    body = {
        "format": PAYLOAD_FORMAT,
        "payload_version": PAYLOAD_VERSION,
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "package_id": package_id,
        "village_code": village,
        "village_name": village_name,
        "installation_id": installation,
        "full": full,
        "profile": dict(profile) if profile else None,
        "counts": dict(counts) if counts is not None else record_counts(versions),
        "settings": [{"key": s.key, "value": s.value, "hlc": s.hlc, "user": s.user} for s in settings],
        "versions": [version_json(v) for v in versions],
    }
    added = [c.as_dict() for c in choices]
    if added:  # an optional section: readers that do not know it ignore it
        body["choices"] = added
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


# ---------------------------------------------------------------- reading

def _refuse_constant(text: str) -> Any:
    raise ValueError(f"not allowed: {text}")


# One decoder for every version's values (``json.loads`` would build one per call).
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _is_wall_time(text: str) -> bool:
    """A version's ``wall_time``: local time to the second, ``YYYY-MM-DDTHH:MM:SS``, a real moment."""
    if not _WALL_TIME.fullmatch(text):
        return False
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _value_ok(kind: FieldType, value: Any) -> bool:
    """Is ``value`` a canonical value of a field of this type (None is always allowed)?"""
    return value is None or kind.is_canonical(value)


class _Checker:
    """Validates versions of one payload against the register definitions."""

    def __init__(self, cat: Catalog, village: str) -> None:
        self.cat = cat
        self.village = village
        # The field type says what its canonical values look like (the rules read dates and
        # times without asking, so only their canonical spelling may enter). Looked up once
        # per register: a prefecture's import asks for every value of every version.
        self.checks: dict[str, dict[str, Callable[[Any], bool]]] = {
            key: {f.name: f.type.is_canonical for f in reg.input_fields}
            for key, reg in cat.registers.items()}

    def version(self, item: Any, index: int) -> VersionRow:
        where = f"第 {index + 1} 个版本"
        if not isinstance(item, dict):
            raise PayloadError(f"{where}不是对象")
        try:
            version_id, record_uuid, register = item["version_id"], item["record_uuid"], item["register"]
            village, parent, merge_parent = item["village"], item["parent_id"], item["merge_parent_id"]
            hlc, device, user, deleted = item["hlc"], item["device"], item["user"], item["deleted"]
            reason, data, wall = item["reason"], item["data"], item["wall_time"]
        except KeyError as exc:
            raise PayloadError(f"{where}缺少字段 {exc.args[0]}") from None
        if len(item) != 13:
            raise PayloadError(f"{where}含有未知字段")
        for name, value in (("version_id", version_id), ("record_uuid", record_uuid)):
            if not isinstance(value, str) or not _HEX32.fullmatch(value):
                raise PayloadError(f"{where}的 {name} 格式不正确")
        for name, value in (("parent_id", parent), ("merge_parent_id", merge_parent)):
            if value is not None and (not isinstance(value, str) or not _HEX32.fullmatch(value)
                                      or value == version_id):
                raise PayloadError(f"{where}的 {name} 格式不正确")
        if merge_parent is not None and (parent is None or merge_parent == parent):
            raise PayloadError(f"{where}的 merge_parent_id 不正确")
        checks = self.checks.get(register) if isinstance(register, str) else None
        if checks is None:
            raise PayloadError(f"{where}属于未知的登记簿 {str(register)[:40]!r}")
        if village != self.village:
            raise PayloadError(f"{where}属于另一个村（{str(village)[:20]}），与数据包的村代码不符")
        if not isinstance(hlc, str) or not _HLC.fullmatch(hlc):
            raise PayloadError(f"{where}的时间戳格式不正确")
        if not isinstance(device, str) or not _DEVICE.fullmatch(device):
            raise PayloadError(f"{where}的设备编号格式不正确")
        if not isinstance(user, str) or len(user) > _MAX_SHORT:
            raise PayloadError(f"{where}的用户名不正确")
        if not isinstance(deleted, bool):
            raise PayloadError(f"{where}的删除标记不正确")
        if reason is not None and (not isinstance(reason, str) or len(reason) > _MAX_TEXT):
            raise PayloadError(f"{where}的原因不正确")
        if not isinstance(wall, str) or not _is_wall_time(wall):
            raise PayloadError(f"{where}的时间（wall_time）不正确，应为 YYYY-MM-DDTHH:MM:SS")
        if not isinstance(data, str) or len(data) > _MAX_TEXT * 4:
            raise PayloadError(f"{where}的字段值不正确")
        try:
            values = _DECODER.decode(data)
        except (ValueError, RecursionError):
            raise PayloadError(f"{where}的字段值不是有效的 JSON") from None
        if not isinstance(values, dict):
            raise PayloadError(f"{where}的字段值不是对象")
        for name, value in values.items():
            check = checks.get(name)
            if check is None:
                raise PayloadError(f"{where}含有登记簿中没有的字段“{str(name)[:40]}”")
            if value is not None and not check(value):
                raise PayloadError(f"{where}的字段“{name}”的值类型不正确")
        if len(values) != len(checks):  # made with fewer fields (older definitions): fill them in
            values = {name: values.get(name) for name in checks}
            data = canonical(values)
        return VersionRow(version_id, record_uuid, register, village, parent, merge_parent, hlc, device,
                          user, deleted, reason, data, wall, "", values)


def _settings(items: Any, cat: Catalog) -> list[SettingValue]:
    if not isinstance(items, list):
        raise PayloadError("设置列表格式不正确")
    out = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"key", "value", "hlc", "user"}:
            raise PayloadError("设置项格式不正确")
        spec = cat.settings.get(item["key"]) if isinstance(item["key"], str) else None
        if spec is None:
            continue  # a setting this version does not know: ignored, as in the settings table
        value, hlc, user = item["value"], item["hlc"], item["user"]
        if not isinstance(hlc, str) or not _HLC.fullmatch(hlc) or not isinstance(user, str):
            raise PayloadError(f"设置“{spec.label}”格式不正确")
        if not _setting_ok(spec.type, value, spec.min, spec.max):
            raise PayloadError(f"设置“{spec.label}”的值不正确")
        out.append(SettingValue(spec.key, value, hlc, user[:_MAX_SHORT]))
    return out


_CHOICE_KEYS = {"list", "kind", "text", "value", "hlc", "user", "at"}


def _choices(items: Any, kind: str) -> list[AddedChoice]:
    """The township's choice-list additions; only a return package may carry them."""
    if items is None or kind != "return":
        return []  # a village's package never changes the township's lists
    if not isinstance(items, list) or len(items) > 10_000:
        raise PayloadError("选项列表格式不正确")
    out = []
    for item in items:
        if not isinstance(item, dict) or set(item) != _CHOICE_KEYS:
            raise PayloadError("选项列表中的项目格式不正确")
        texts = [item[k] for k in ("list", "text", "value")]
        if not all(isinstance(t, str) and 0 < len(t) <= _MAX_SHORT for t in texts):
            raise PayloadError("选项列表中的项目不正确")
        if item["kind"] not in (VALUE, ALIAS) or (item["kind"] == VALUE and item["text"] != item["value"]):
            raise PayloadError(f"选项列表“{item['list'][:20]}”中的项目类型不正确")
        hlc, user, at = item["hlc"], item["user"], item["at"]
        if not isinstance(hlc, str) or not _HLC.fullmatch(hlc) or not isinstance(user, str) \
                or not isinstance(at, str) or len(at) > 40:
            raise PayloadError(f"选项列表“{item['list'][:20]}”中的项目格式不正确")
        out.append(AddedChoice(item["list"], item["kind"], item["text"], item["value"], hlc,
                               user[:_MAX_SHORT], at))
    return out


def _setting_ok(setting_type: str, value: Any, low: float | None, high: float | None) -> bool:
    if setting_type == "int_list":
        return isinstance(value, list) and len(value) <= 20 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value) and value == sorted(value)
    if setting_type not in ("int", "decimal"):
        return isinstance(value, str | int | float | bool | None)
    if value is None or not type_named(setting_type).is_canonical(value):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def parse_payload(data: bytes, header: Mapping[str, Any], cat: Catalog, name: str) -> Payload:
    """The payload of a verified package; raises PayloadError (Chinese) on anything malformed."""
    try:
        body = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PayloadError(f"数据包 {name} 的数据内容无法解析，未导入任何数据。") from exc
    try:
        return _parse(body, header, cat, name)
    except PayloadError as exc:
        raise in_package(exc, name) from exc


def in_package(exc: PayloadError, name: str) -> PayloadError:
    """A content problem as the message a person reads about the package file."""
    return PayloadError(f"数据包 {name} 的数据内容不正确（{exc}），未导入任何数据。")


def check_schema_version(version: Any, name: str) -> None:
    """Refuse definitions newer than this program's, with a message asking to upgrade."""
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PayloadError(f"数据包 {name} 的登记簿定义版本号无效，未导入任何数据。")
    if version > SCHEMA_VERSION:
        raise PayloadError(
            f"数据包 {name} 使用更新版本的登记簿定义（第 {version} 版，本程序为第 {SCHEMA_VERSION} 版），"
            "请升级村务台账后再导入。未导入任何数据。")


def _parse(body: Any, header: Mapping[str, Any], cat: Catalog, name: str) -> Payload:
    if not isinstance(body, dict) or body.get("format") != PAYLOAD_FORMAT:
        raise PayloadError("不是村务台账的数据内容")
    version = body.get("payload_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > PAYLOAD_VERSION:
        raise PayloadError(f"数据内容由更新版本的村务台账生成（版本 {version}），请升级村务台账")
    if version != PAYLOAD_VERSION:
        raise PayloadError("数据内容版本号无效")
    check_schema_version(body.get("schema_version"), name)
    if body["schema_version"] != header.get("schema_version"):
        raise PayloadError("数据内容与包头的登记簿定义版本不一致")
    while body["schema_version"] < SCHEMA_VERSION:
        body = PAYLOAD_MIGRATIONS[body["schema_version"]](body)
    for key, head_key in (("kind", "kind"), ("package_id", "package_id"), ("village_code", "village_code"),
                          ("installation_id", "installation_id")):
        if body.get(key) != header.get(head_key):
            raise PayloadError(f"数据内容的 {key} 与包头不一致")
    village = body["village_code"]
    if not isinstance(village, str) or not _CODE12.fullmatch(village):
        raise PayloadError("村代码格式不正确")
    village_name = body.get("village_name")
    if village_name is not None and (not isinstance(village_name, str) or len(village_name) > 100):
        raise PayloadError("村名不正确")
    profile = body.get("profile")
    if profile is not None and not isinstance(profile, dict):
        raise PayloadError("村情概况格式不正确")
    counts = body.get("counts")
    if not isinstance(counts, dict):
        raise PayloadError("统计数格式不正确")
    if not isinstance(body.get("full"), bool) or body["full"] != header.get("full", body["full"]):
        raise PayloadError("full 标记不正确（应为 true 或 false，且与包头一致）")
    items = body.get("versions")
    if not isinstance(items, list):
        raise PayloadError("版本列表格式不正确")
    checker = _Checker(cat, village)
    versions = [checker.version(item, i) for i, item in enumerate(items)]
    return Payload(kind=body["kind"], package_id=body["package_id"], village=village,
                   installation=body["installation_id"], schema_version=body["schema_version"],
                   full=body["full"], versions=versions, village_name=village_name,
                   profile=_clean_profile(profile, cat.registers["village_profile"]),
                   settings=_settings(body.get("settings", []), cat), counts=counts,
                   choices=_choices(body.get("choices"), body["kind"]))


def _clean_profile(profile: dict[str, Any] | None, reg: Register) -> dict[str, Any] | None:
    """Only the profile's known fields with plausible values (shown, never stored as a record)."""
    if profile is None:
        return None
    known = {f.name: f.type for f in reg.fields}
    return {k: v for k, v in profile.items() if k in known and _value_ok(known[k], v)}
