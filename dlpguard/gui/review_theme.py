"""Colours for the review window, taken from the widget's palette so light and dark desktops both read.

The window used to paint fixed light backgrounds under theme-coloured text, which a dark palette made
nearly invisible. Now every background is a palette role, and every accent colour (red for blocks,
amber for warnings, grey for secondary text) is moved towards the text colour until it reaches the
WCAG AA contrast ratio (4.5:1) against the background it is drawn on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

#: WCAG 2.x AA for normal text.
MIN_CONTRAST = 4.5


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1.0 (same) to 21.0 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str | QColor, background: QColor, minimum: float = MIN_CONTRAST) -> QColor:
    """`colour`, or the nearest mix of it towards black or white that reads on `background`."""
    start = QColor(colour)
    if contrast_ratio(start, background) >= minimum:
        return start
    towards = QColor("#ffffff") if relative_luminance(background) < 0.18 else QColor("#000000")
    for step in range(1, 21):
        t = step / 20
        mixed = QColor.fromRgbF(
            start.redF() + (towards.redF() - start.redF()) * t,
            start.greenF() + (towards.greenF() - start.greenF()) * t,
            start.blueF() + (towards.blueF() - start.blueF()) * t,
        )
        if contrast_ratio(mixed, background) >= minimum:
            return mixed
    return towards


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


@dataclass(frozen=True)
class ReviewTheme:
    """The review window's colours for one palette (`theme_for`)."""

    dark: bool
    window: QColor  # the window behind the panels
    base: QColor  # tables, the detail pane, the chart
    text: QColor
    muted: QColor  # secondary text: labels, dates, "first time"
    border: QColor
    grid: QColor
    danger: QColor  # block, refused, "seen in N incidents"
    warning: QColor  # warn, mask
    link: QColor
    pause_background: QColor  # a pause row stands apart from detections
    pause_text: QColor
    selection: QColor  # the palette's highlight, deepened where its text would not read on it
    selection_text: QColor

    def on_base(self, colour: str | QColor) -> QColor:
        """An accent colour made readable on the base background."""
        return readable(colour, self.base)

    def css(self, colour: QColor) -> str:
        return colour.name()


def theme_for(palette: QPalette) -> ReviewTheme:
    base = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
    dark = relative_luminance(base) < 0.18
    highlight = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    highlighted_text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    if contrast_ratio(text, base) < MIN_CONTRAST:  # a broken palette: text the colour of its background
        text = QColor("#f5f7fa") if dark else QColor("#1f2933")
    pause_background = _mix(base, QColor("#6b7fd7"), 0.16 if dark else 0.10)
    return ReviewTheme(
        dark=dark,
        window=window,
        base=base,
        text=text,
        muted=readable(_mix(text, base, 0.45), base),
        border=_mix(text, base, 0.82),
        grid=_mix(text, base, 0.9),
        danger=readable("#ff8a80" if dark else "#c53030", base),
        warning=readable("#f6c26b" if dark else "#8d5d0b", base),
        link=readable(palette.color(QPalette.ColorRole.Link), base),
        pause_background=pause_background,
        pause_text=readable("#b4c2ff" if dark else "#3949ab", pause_background),
        selection=readable(highlight, highlighted_text),
        selection_text=highlighted_text,
    )


def dark_palette() -> QPalette:
    """A dark palette like the ones desktops ship (for tests and the dark screenshot)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202326",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#16181b",
        QPalette.ColorRole.AlternateBase: "#24272b",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2b2f33",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2b2f33",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#3c4043",
        QPalette.ColorRole.Dark: "#111315",
        QPalette.ColorRole.Light: "#3c4043",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7f868c"))
    return palette
