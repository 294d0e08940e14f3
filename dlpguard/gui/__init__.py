"""The tray app: the always-on shell around the engine (bridge server, clipboard guard, incident review).

Pure parts import no Qt and are tested without a display: `state` (what the tray shows and offers),
`clipboard_guard.prepare` / `decide_clipboard`, `notifications.notice_for_*`, `focus` parsing and
`assess` (the scan → decide → mask pipeline the shells share). The Qt shells around them are thin.
"""

from __future__ import annotations
