"""The bridge between the browser extension and the engine: native-messaging host, local socket, protocol.

Layout: `framing` (length-prefixed frames), `protocol` (message models, version 1), `utf16` (offsets as
JavaScript counts them), `handlers` (one table: message type -> handler), `session` (the bounded
per-connection serving loop), `server` (the tray app's local socket), `native_host` (the process the
browser starts: relay, or in-process fallback), `manifests` / `install` (host registration per browser
and OS). The wire protocol is written down in docs/protocol.md.
"""

from __future__ import annotations
