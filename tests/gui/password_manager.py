"""A stand-in password manager for the X11 tests: copies text marked with KDE's password hint.

Run as `python password_manager.py TEXT` on an X display; it owns the clipboard until it is stopped.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication(sys.argv[:1])
    data = QMimeData()
    data.setText(sys.argv[1])
    data.setData("x-kde-passwordManagerHint", b"secret")
    QApplication.clipboard().setMimeData(data)
    print("copied", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
