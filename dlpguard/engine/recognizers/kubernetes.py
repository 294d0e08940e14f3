"""Values of a Kubernetes `Secret` manifest: everything under its `data:` (base64) and `stringData:`.

The key names are free (`ca.pem`, `.dockercfg`, `extra`), so no name says "secret" the way `password=`
does; the manifest's `kind: Secret` does. Only the values are reported, one finding each. Base64 values
shorter than 12 characters (8 bytes: `YWRtaW4=` is `admin`) are left alone, as are empty values and
templates (`{{ .Values.password }}`); `ExternalSecret` and `SopsSecret` manifests hold references or
ciphertext, not secrets. A TLS certificate is public, and a plain setting under a setting's key
(`LOG_FORMAT: json`, `DB_USER: billing`) is no secret.
"""

from __future__ import annotations

import re

from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

_KIND_SECRET = re.compile(r"""(?im)^[ \t]*kind:[ \t]*["']?secret["']?[ \t]*$""")
_DOCUMENT_BREAK = re.compile(r"(?m)^---[ \t]*$")
_DATA_KEY = re.compile(r"(?m)^(?P<indent>[ \t]*)(?P<key>data|stringData):[ \t]*$")
# `  key: value`, `  key: 'value'`, `  key: |` (a block scalar: the value is on the lines below)
_ENTRY = re.compile(
    r"(?P<indent>[ \t]+)(?P<key>[^\s:#][^:\r\n]{0,252}):[ \t]*"
    r"""(?:(?P<block>[|>][+-]?)|(?P<q>["']?)(?P<value>[^\r\n]*?)(?P=q))[ \t]*\r?$"""
)
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
_MIN_STRING_VALUE = 4


class KubernetesSecretRecognizer(Detector):
    ENTITY = "GENERIC_SECRET"
    CATEGORY = Category.SECRET
    SCORE = 0.8

    def find(self, text: str, lowered: str) -> list[Finding]:
        if "kind" not in lowered or "secret" not in lowered or not _KIND_SECRET.search(text):
            return []
        findings: list[Finding] = []
        starts = [0, *(m.end() for m in _DOCUMENT_BREAK.finditer(text))]
        ends = [*(m.start() for m in _DOCUMENT_BREAK.finditer(text)), len(text)]
        for start, end in zip(starts, ends, strict=True):
            if _KIND_SECRET.search(text, start, end):
                findings.extend(self._values(text, start, end))
        return findings

    def _values(self, text: str, start: int, end: int) -> list[Finding]:
        found: list[Finding] = []
        for data in _DATA_KEY.finditer(text, start, end):
            encoded = data.group("key") == "data"
            outer = _width(data.group("indent"))
            pos = data.end() + 1
            while pos < end:
                line_end = text.find("\n", pos, end)
                line_end = end if line_end < 0 else line_end
                line = text[pos:line_end]
                if not line.strip() or line.lstrip().startswith("#"):
                    pos = line_end + 1
                    continue
                entry = _ENTRY.fullmatch(text, pos, line_end)
                if entry is None or _width(entry.group("indent")) <= outer:
                    break
                pos = line_end + 1
                if entry.group("block"):
                    span, pos = _block(text, pos, end, _width(entry.group("indent")))
                else:
                    span = entry.span("value")
                if span is None or _not_secret(entry.group("key"), text[span[0] : span[1]], encoded):
                    continue
                if _is_value(text[span[0] : span[1]], encoded):
                    found.append(
                        Finding(self.ENTITY, self.CATEGORY, span[0], span[1], self.SCORE, self.detector_name)
                    )
        return found


#: Keys of a `stringData` entry that hold settings or names, not secrets ("LOG_FORMAT: json",
#: "DB_USER: billing"): their plain values are no finding.
_SETTING_KEY = re.compile(
    r"(?i)(?:^|[_.-])(?:user(?:name)?|login|format|level|mode|env|environment|region|zone|host(?:name)?"
    r"|port|name|namespace|timeout|debug|enabled?|version|locale|lang|tz|timezone|database|db_name|bucket)$"
)
#: A plain setting value: one short word or number, no symbols a secret would hold.
_PLAIN_SETTING = re.compile(r"[A-Za-z0-9_.-]{1,32}")
_CERTIFICATE = re.compile(r"-----BEGIN (?:TRUSTED )?CERTIFICATE-----")


def _not_secret(key: str, value: str, encoded: bool) -> bool:
    """A TLS certificate (public by design), or a plain setting under a setting's key."""
    if _CERTIFICATE.search(value):
        return True
    return not encoded and bool(_SETTING_KEY.search(key.strip())) and bool(_PLAIN_SETTING.fullmatch(value))


def _width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def _block(text: str, pos: int, end: int, key_width: int) -> tuple[tuple[int, int] | None, int]:
    """The span of a block scalar's text (its lines indented past the key) and where it ends."""
    first = last = None
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        line = text[pos:line_end]
        stripped = line.strip()
        if stripped and _width(line[: len(line) - len(line.lstrip())]) <= key_width:
            break
        if stripped:
            if first is None:
                first = pos + len(line) - len(line.lstrip())
            last = pos + len(line.rstrip())
        pos = line_end + 1
    return ((first, last) if first is not None and last is not None else None), pos


def _is_value(value: str, encoded: bool) -> bool:
    if "{{" in value or value.startswith("$"):
        return False
    if encoded:
        return all(_BASE64.fullmatch(part) for part in value.split()) and len(value) >= 12
    return len(value) >= _MIN_STRING_VALUE
