"""ZIP, TAR and gzip, read recursively within the budget; also the bounded member reader every
zip-based document format (OOXML, ODF) uses, so a bomb inside a DOCX is refused like one in a ZIP."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

from dlpguard.extract.core import Budget, Kind, Refused, Unreadable

_CHUNK = 1024 * 1024
_RATIO_FLOOR = 1024 * 1024  # below this a member's ratio is not judged (tiny text files compress well)


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def _account(budget: Budget, size: int, compressed: int, path: str) -> None:
    limits = budget.limits
    if size > limits.max_member_bytes:
        raise Refused(f"{path}: expands beyond {limits.max_member_bytes // (1024 * 1024)} MiB (zip bomb?)")
    if size > _RATIO_FLOOR and size > limits.max_ratio * max(compressed, 1):
        raise Refused(f"{path}: compression ratio above {limits.max_ratio}:1 (zip bomb?)")


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, budget: Budget) -> bytes:
    """A member's bytes, read in chunks: sizes in the header are not trusted."""
    if info.flag_bits & 0x1:
        raise Unreadable("encrypted archive member")
    name = _join(path, info.filename)
    _account(budget, info.file_size, info.compress_size, name)
    out = bytearray()
    with zf.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            out += chunk
            budget.expanded += len(chunk)
            _account(budget, len(out), info.compress_size, name)
            if budget.expanded > budget.limits.max_expanded_bytes:
                raise Refused(
                    f"{name}: archive expands beyond {budget.limits.max_expanded_bytes // (1024 * 1024)} MiB"
                    " in total (zip bomb?)"
                )
            budget.check_time()
    return bytes(out)


def _count_member(budget: Budget, path: str) -> None:
    budget.members += 1
    if budget.members > budget.limits.max_members:
        raise Refused(f"{path or 'archive'}: more than {budget.limits.max_members} files inside")


def _deeper(depth: int, path: str, budget: Budget) -> int:
    if depth + 1 > budget.limits.max_depth:
        raise Refused(f"{path or 'archive'}: archives nested deeper than {budget.limits.max_depth} levels")
    return depth + 1


def read_zip(data: bytes, path: str, depth: int, budget: Budget) -> None:
    inner = _deeper(depth, path, budget)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Unreadable("damaged ZIP archive") from exc
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = _join(path, info.filename)
            _count_member(budget, name)
            try:
                member = read_member(zf, info, path, budget)
            except Unreadable as exc:
                budget.unreadable(name, Kind.UNKNOWN, str(exc))
                continue
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
                budget.unreadable(name, Kind.UNKNOWN, f"damaged archive member ({type(exc).__name__})")
                continue
            budget.read_nested(member, name, inner)
    return None


def read_tar(data: bytes, path: str, depth: int, budget: Budget) -> None:
    inner = _deeper(depth, path, budget)
    try:
        tf = tarfile.open(fileobj=io.BytesIO(data), mode="r:")  # noqa: SIM115 - closed below
    except tarfile.TarError as exc:
        raise Unreadable("damaged TAR archive") from exc
    with tf:
        for member in tf:
            if not member.isfile():
                continue
            name = _join(path, member.name)
            _count_member(budget, name)
            budget.expanded += member.size
            limits = budget.limits
            if member.size > limits.max_member_bytes or budget.expanded > limits.max_expanded_bytes:
                raise Refused(f"{name}: archive too large to read")
            stream = tf.extractfile(member)
            if stream is None:
                continue
            content = stream.read(member.size)
            budget.read_nested(content, name, inner)
            budget.check_time()
    return None


def read_gzip(data: bytes, path: str, depth: int, budget: Budget) -> None:
    """A gzip stream, decompressed within the limits, then read as whatever it holds (often a TAR)."""
    inner = _deeper(depth, path, budget)
    out = bytearray()
    name = path or "gzip"
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                out += chunk
                budget.expanded += len(chunk)
                _account(budget, len(out), len(data), name)
                if budget.expanded > budget.limits.max_expanded_bytes:
                    raise Refused(f"{name}: expands beyond the limit (zip bomb?)")
                budget.check_time()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise Unreadable("damaged gzip stream") from exc
    content = bytes(out)
    # a .tar.gz is one level, not two: the TAR inside takes the level the gzip layer took
    is_tar = len(content) > 262 and content[257:262] == b"ustar"
    budget.read_nested(content, path, inner - 1 if is_tar else inner)
    return None
