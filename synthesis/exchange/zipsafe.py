"""Reading a ZIP archive (.qdpx) without trusting it.

Every member is checked before anything is read: no absolute paths, drive letters
or ``..`` components, no symbolic links, no encrypted members, no two names that
differ only in case; and the archive must stay within :class:`Limits` (number of
members, total and per-member uncompressed size, compression ratio). Members are
read into memory, never extracted to disk, and a member that inflates past its
declared size is stopped there. Every refusal is an :class:`InputError` naming
the archive and the member.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as z:
...     z.writestr("../evil.txt", "x")
>>> SafeZip(buffer.getvalue(), "evil.qdpx")
Traceback (most recent call last):
...
synthesis.errors.InputError: evil.qdpx, field '../evil.txt': member path leaves the archive ('..'); refused
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True)
class Limits:
    """What an archive may hold. The defaults fit any real REFI-QDA project with text
    sources (the spec caps one internal file at 2 GiB - 1; we cap lower)."""

    max_members: int = 10_000
    max_total: int = 1 << 30          # 1 GiB uncompressed in all
    max_member: int = 512 << 20       # 512 MiB uncompressed per member
    max_ratio: float = 200.0          # uncompressed / compressed, for members ...
    ratio_floor: int = 1 << 20        # ... larger than 1 MiB (small files may compress well)


DEFAULT_LIMITS = Limits()


def _bad_name(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    if not name or "\x00" in name:
        return "member has an empty or NUL-containing name"
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return "member path is absolute"
    if any(part == ".." for part in unified.split("/")):
        return "member path leaves the archive ('..')"
    return None


class SafeZip:
    """A checked archive: ``names`` lists its files; :meth:`read` returns one's bytes."""

    def __init__(self, data: bytes, where: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.where = where
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise InputError(where, f"is not a readable ZIP archive ({exc})") from None
        if len(infos) > limits.max_members:
            raise InputError(where, f"has {len(infos)} members; at most {limits.max_members} are accepted")
        total = 0
        seen: dict[str, str] = {}
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            why = _bad_name(name)
            if why:
                raise InputError(where, f"{why}; refused", field=name)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise InputError(where, "member is a symbolic link; refused", field=name)
            if info.flag_bits & 0x1:
                raise InputError(where, "member is encrypted; export the project without a password", field=name)
            if info.is_dir():
                continue
            key = name.replace("\\", "/").lower()
            if key in seen:
                raise InputError(where, f"two members differ only in case ('{seen[key]}'); refused", field=name)
            seen[key] = name
            if info.file_size > limits.max_member:
                raise InputError(where, f"member would inflate to {info.file_size:,} bytes, more than the "
                                 f"limit of {limits.max_member:,}", field=name)
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
                raise InputError(where, f"member compresses {ratio:,.0f} to 1 (limit {limits.max_ratio:,.0f}); "
                                 "refused as a likely zip bomb", field=name)
            total += info.file_size
            if total > limits.max_total:
                raise InputError(where, f"members would inflate to more than {limits.max_total:,} bytes in all; "
                                 "refused as a likely zip bomb")
            self._infos[key] = info
        self._read = 0

    @property
    def names(self) -> list[str]:
        """The file members' names, as stored, in archive order."""
        return [info.filename for info in self._infos.values()]

    def find(self, name: str) -> str | None:
        """The stored name of member ``name``, matched ignoring case and slash direction."""
        info = self._infos.get(name.replace("\\", "/").lower())
        return info.filename if info else None

    def read(self, name: str) -> bytes:
        """A member's bytes, stopping at its declared size (a lying header is refused)."""
        info = self._infos.get(name.replace("\\", "/").lower())
        if info is None:
            raise InputError(self.where, "no such member in the archive", field=name)
        budget = min(info.file_size, self.limits.max_total - self._read)
        try:
            with self._zip.open(info) as handle:
                data = handle.read(budget + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError) as exc:
            raise InputError(self.where, f"member cannot be read ({exc})", field=info.filename) from None
        if len(data) > budget:
            raise InputError(self.where, "member inflates past its declared size; refused as a likely zip bomb",
                             field=info.filename)
        self._read += len(data)
        return data
