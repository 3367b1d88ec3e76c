"""The package's ZIP, in one fixed layout the reader can rebuild byte for byte.

Stored members, no extra fields, 1980-01-01 00:00: stdlib zipfile's own output may change
between Python versions, which would make old packages unreadable. Reading checks every
declared size against hard limits before anything is read (a stick may hold a ZIP bomb).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from sync.exchange.package_file import PackageError, corrupt

_ZIP_VERSION = 20
_DOS_DATE = (1 << 5) | 1
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
MAX_MEMBERS = 16


def build_zip(members: list[tuple[str, bytes]]) -> bytes:
    out = bytearray()
    central = bytearray()
    for name, content in members:
        raw_name = name.encode("ascii")
        fixed = (0, 0, 0, _DOS_DATE)  # flags, method (stored), time, date
        crc = zlib.crc32(content)
        sizes = (crc, len(content), len(content), len(raw_name), 0)  # 0: no extra field
        offset = len(out)
        out += _LOCAL.pack(0x04034B50, _ZIP_VERSION, *fixed, *sizes) + raw_name + content
        # zeros: comment length, disk number, internal and external attributes
        central += _CENTRAL.pack(0x02014B50, _ZIP_VERSION, _ZIP_VERSION, *fixed, *sizes, 0, 0, 0, 0, offset)
        central += raw_name
    end = _END.pack(0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def _check_member_names(infos: list[zipfile.ZipInfo], name: str) -> None:
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        parts = member.replace("\\", "/").split("/")
        if (
            not member
            or member.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", member)
            or ".." in parts
            or "\x00" in member
        ):
            raise PackageError(f"数据包 {name} 含有不安全的文件路径“{member}”，已拒绝，未导入任何数据。")
        if member in seen:
            raise corrupt(name, f"文件“{member}”重复出现")
        seen.add(member)


def read_members(data: bytes, name: str) -> tuple[dict[str, bytes], list[str]]:
    """The members and their order, after checking every declared size against hard limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # zipfile raises many types on malformed input
        raise corrupt(name, "不是有效的 ZIP 文件") from exc
    if not infos or len(infos) > MAX_MEMBERS:
        raise corrupt(name, "ZIP 文件中的成员数量不正确")
    _check_member_names(infos, name)
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED:
            raise corrupt(name, f"“{info.filename}”使用了不支持的压缩方式")
        if info.file_size != info.compress_size or info.file_size > len(data):
            raise corrupt(name, f"“{info.filename}”声明的大小不正确")
    if sum(info.file_size for info in infos) > len(data):
        raise corrupt(name, "成员声明的总大小超过文件大小")
    members: dict[str, bytes] = {}
    try:
        for info in infos:
            with archive.open(info) as fh:
                content = fh.read(info.file_size + 1)
            if len(content) != info.file_size:
                raise corrupt(name, f"“{info.filename}”的实际大小与声明不符")
            members[info.filename] = content
    except PackageError:
        raise
    except Exception as exc:  # CRC mismatch, truncated data, bad local header
        raise corrupt(name, "ZIP 成员无法读取或校验和错误") from exc
    return members, [info.filename for info in infos]
