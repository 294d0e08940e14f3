"""Tray and window icons, drawn with QPainter per state: a shield with a glyph, for light and dark panels.

Drawn rather than shipped as files so every size is crisp and a state needs no artwork: colour says
the state at a glance (green protected, blue audit only, amber degraded, grey paused or starting, red
errors), and the glyph says it for colour-blind users. On dark panels the outline is light, on light
panels dark.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QPainter, QPainterPath, QPen, QPixmap

from dlpguard.gui.state import TrayState

SIZES = (16, 22, 24, 32, 48, 64, 128)

#: (fill, glyph colour) per state.
PALETTE: dict[TrayState, tuple[str, str]] = {
    TrayState.PROTECTED: ("#1f9d55", "#ffffff"),
    TrayState.AUDIT_ONLY: ("#2d7dd2", "#ffffff"),
    TrayState.DEGRADED: ("#f2b01e", "#3b2a00"),
    TrayState.STARTING: ("#7b8794", "#ffffff"),
    TrayState.PAUSED: ("#9aa5b1", "#1f2933"),
    TrayState.POLICY_ERROR: ("#e66a1f", "#ffffff"),
    TrayState.NOT_RECORDING: ("#b0306a", "#ffffff"),
    TrayState.FAILED: ("#d64545", "#ffffff"),
}

#: Category colours shared by the review chart, the detail pane and the Check-text highlights.
CATEGORY_COLOURS: dict[str, str] = {
    "secret": "#d64545",
    "financial": "#e67e22",
    "government_id": "#8e44ad",
    "contact": "#2d7dd2",
    "person": "#16a085",
    "location": "#7f8c8d",
    "network": "#34495e",
    "health": "#c0392b",
    "custom": "#b7950b",
}


def panel_is_dark() -> bool:
    """Whether the desktop uses a dark scheme (the panel the tray icon sits on usually follows it)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().window().color().lightness() < 128


def _shield(size: float) -> QPainterPath:
    s = size / 64.0
    path = QPainterPath()
    path.moveTo(32 * s, 3 * s)
    path.cubicTo(22 * s, 9 * s, 14 * s, 10 * s, 7 * s, 10 * s)
    path.lineTo(7 * s, 30 * s)
    path.cubicTo(7 * s, 46 * s, 18 * s, 55 * s, 32 * s, 61 * s)
    path.cubicTo(46 * s, 55 * s, 57 * s, 46 * s, 57 * s, 30 * s)
    path.lineTo(57 * s, 10 * s)
    path.cubicTo(50 * s, 10 * s, 42 * s, 9 * s, 32 * s, 3 * s)
    path.closeSubpath()
    return path


def _glyph(painter: QPainter, state: TrayState, size: float, colour: QColor) -> None:
    s = size / 64.0
    pen = QPen(
        colour, max(1.6, 6.0 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if state is TrayState.PROTECTED:
        path = QPainterPath(QPointF(21 * s, 32 * s))
        path.lineTo(29 * s, 40 * s)
        path.lineTo(44 * s, 23 * s)
        painter.drawPath(path)
    elif state is TrayState.AUDIT_ONLY:  # an eye: watched and recorded, not stopped
        eye = QPainterPath(QPointF(17 * s, 33 * s))
        eye.quadTo(QPointF(32 * s, 19 * s), QPointF(47 * s, 33 * s))
        eye.quadTo(QPointF(32 * s, 47 * s), QPointF(17 * s, 33 * s))
        painter.drawPath(eye)
        painter.setBrush(QBrush(colour))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(32 * s, 33 * s), 4.2 * s, 4.2 * s)
    elif state is TrayState.PAUSED:
        painter.drawLine(QPointF(26 * s, 22 * s), QPointF(26 * s, 43 * s))
        painter.drawLine(QPointF(38 * s, 22 * s), QPointF(38 * s, 43 * s))
    elif state is TrayState.FAILED:
        painter.drawLine(QPointF(23 * s, 23 * s), QPointF(41 * s, 41 * s))
        painter.drawLine(QPointF(41 * s, 23 * s), QPointF(23 * s, 41 * s))
    elif state is TrayState.NOT_RECORDING:  # a struck-through record dot: nothing is written down
        painter.drawEllipse(QPointF(32 * s, 32 * s), 10 * s, 10 * s)
        painter.drawLine(QPointF(22 * s, 42 * s), QPointF(42 * s, 22 * s))
    elif state in (TrayState.DEGRADED, TrayState.POLICY_ERROR):
        painter.drawLine(QPointF(32 * s, 20 * s), QPointF(32 * s, 35 * s))
        painter.setBrush(QBrush(colour))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(32 * s, 44 * s), 3.6 * s, 3.6 * s)
    else:  # starting: three dots
        painter.setBrush(QBrush(colour))
        painter.setPen(Qt.PenStyle.NoPen)
        for x in (22, 32, 42):
            painter.drawEllipse(QPointF(x * s, 33 * s), 3.8 * s, 3.8 * s)


def state_pixmap(state: TrayState, size: int, *, dark_panel: bool, dpr: float = 1.0) -> QPixmap:
    pixels = round(size * dpr)
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    fill, glyph = PALETTE[state]
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    shield = _shield(pixels)
    outline = QColor("#f5f7fa") if dark_panel else QColor(fill).darker(160)
    painter.setPen(QPen(outline, max(1.0, pixels / 28.0)))
    painter.setBrush(QBrush(QColor(fill)))
    painter.drawPath(shield)
    _glyph(painter, state, pixels, QColor(glyph))
    painter.end()
    pixmap.setDevicePixelRatio(dpr)
    return pixmap


def state_icon(state: TrayState, *, dark_panel: bool | None = None) -> QIcon:
    dark = panel_is_dark() if dark_panel is None else dark_panel
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(state_pixmap(state, size, dark_panel=dark))
    return icon


def app_icon() -> QIcon:
    return state_icon(TrayState.PROTECTED, dark_panel=False)


def category_swatch(category: str, size: int = 12) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(CATEGORY_COLOURS.get(category, "#7b8794")))
    painter.drawRoundedRect(QRectF(0, 0, size, size), size / 4, size / 4)
    painter.end()
    return pixmap
