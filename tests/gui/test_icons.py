"""Tray icons: one per state, drawn for light and dark panels, at every size."""

from __future__ import annotations

import pytest

from dlpguard.gui.icons import PALETTE, SIZES, app_icon, state_icon, state_pixmap
from dlpguard.gui.state import TrayState


@pytest.mark.parametrize("state", list(TrayState))
def test_each_state_has_its_colour_at_the_centre(qapp, state):
    image = state_pixmap(state, 64, dark_panel=False).toImage()
    fill = PALETTE[state][0]
    corner = image.pixelColor(2, 2)
    assert corner.alpha() == 0  # transparent around the shield
    body = [image.pixelColor(x, 50).name() for x in range(14, 50)]
    assert fill in body


def test_states_look_different(qapp):
    images = {state: state_pixmap(state, 32, dark_panel=False).toImage() for state in TrayState}
    assert len({img.bits().tobytes() for img in images.values()}) == len(TrayState)


def test_the_outline_follows_the_panel(qapp):
    light = state_pixmap(TrayState.PROTECTED, 64, dark_panel=False).toImage()
    dark = state_pixmap(TrayState.PROTECTED, 64, dark_panel=True).toImage()
    assert light.pixelColor(32, 4) != dark.pixelColor(32, 4)
    assert dark.pixelColor(32, 4).lightness() > light.pixelColor(32, 4).lightness()


def test_icons_carry_every_size(qapp):
    icon = state_icon(TrayState.DEGRADED, dark_panel=True)
    assert sorted({s.width() for s in icon.availableSizes()}) == sorted(SIZES)
    assert not app_icon().isNull()
