"""Files arriving in pieces (`upload_chunk`) until `scan_file` takes them: bounded in count, bytes and age.

Pieces must arrive in order (`offset` = bytes received so far); an upload past the policy's
`files.max_bytes`, or one that would overflow the store, is dropped and refused `too_large`. Uploads no
`scan_file` claimed within `TTL_S` are forgotten. The bytes live only in this process's memory.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

MAX_UPLOADS = 16
MAX_STORED_BYTES = 256 * 1024 * 1024
TTL_S = 120.0


class UploadError(Exception):
    def __init__(self, too_large: bool, message: str) -> None:
        super().__init__(message)
        self.too_large = too_large


@dataclass
class _Upload:
    data: bytearray = field(default_factory=bytearray)
    touched: float = field(default_factory=time.monotonic)


class UploadStore:
    def __init__(self, *, max_uploads: int = MAX_UPLOADS, max_bytes: int = MAX_STORED_BYTES) -> None:
        self._uploads: dict[str, _Upload] = {}
        self._lock = threading.Lock()
        self.max_uploads = max_uploads
        self.max_bytes = max_bytes

    def _expire(self, now: float) -> None:
        for key in [k for k, u in self._uploads.items() if now - u.touched > TTL_S]:
            del self._uploads[key]

    def add(self, upload_id: str, offset: int, chunk: bytes, max_file_bytes: int) -> int:
        """Appends a piece; returns the bytes held for the upload."""
        with self._lock:
            now = time.monotonic()
            self._expire(now)
            upload = self._uploads.get(upload_id)
            if upload is None:
                if offset != 0:
                    raise UploadError(False, f"upload_chunk: unknown upload (offset {offset}, expected 0)")
                if len(self._uploads) >= self.max_uploads:
                    raise UploadError(True, f"too many uploads at once ({self.max_uploads})")
                upload = self._uploads[upload_id] = _Upload()
            if offset != len(upload.data):
                del self._uploads[upload_id]
                raise UploadError(False, f"upload_chunk: offset {offset}, expected {len(upload.data)}")
            held = sum(len(u.data) for u in self._uploads.values())
            if len(upload.data) + len(chunk) > max_file_bytes or held + len(chunk) > self.max_bytes:
                del self._uploads[upload_id]
                raise UploadError(True, f"file larger than {max_file_bytes} bytes, or too many bytes held")
            upload.data += chunk
            upload.touched = now
            return len(upload.data)

    def take(self, upload_id: str) -> bytes:
        with self._lock:
            self._expire(time.monotonic())
            upload = self._uploads.pop(upload_id, None)
        if upload is None:
            raise UploadError(False, "scan_file: unknown or expired upload_id")
        return bytes(upload.data)
