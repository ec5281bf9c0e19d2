"""Every icon the app uses, by purpose, from qtawesome (Material Design 6)."""

from __future__ import annotations

import functools
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon

from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGES

STAGE_ICONS: dict[Stage, str] = {info.stage: info.icon for info in STAGES}

ACTION_ICONS: dict[str, str] = {
    "new": "mdi6.file-plus-outline",
    "open": "mdi6.folder-open-outline",
    "save_copy": "mdi6.content-save-outline",
    "export": "mdi6.export",
    "import": "mdi6.application-import",
    "close": "mdi6.close",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "about": "mdi6.information-outline",
    "add": "mdi6.plus",
    "remove": "mdi6.delete-outline",
    "up": "mdi6.arrow-up",
    "down": "mdi6.arrow-down",
    "theme": "mdi6.theme-light-dark",
    "demo": "mdi6.presentation",
    "warning": "mdi6.alert-circle-outline",
    "time": "mdi6.clock-outline",
    "people": "mdi6.account-group-outline",
    "objectives": "mdi6.target",
    "agenda": "mdi6.calendar-clock",
    "read_only": "mdi6.lock-outline",
    "calendar": "mdi6.calendar-month-outline",
}


ICON_PROPERTY = "themed_icon"


_colours = {"text": "#1d2430", "disabled": "#5b6675"}


@functools.cache
def _material_design() -> qta.IconicFont | None:
    """The one icon font the app uses, loaded alone.

    `qta.icon` first loads and checksums all nine of qtawesome's fonts (about
    45 ms of start-up); every icon here is Material Design 6 (`mdi6.`), so
    only that font is loaded, through qtawesome's own `IconicFont`. None if
    this qtawesome names its files otherwise: then `qta.icon` is used.
    """
    fonts = Path(qta.__file__).parent / "fonts"
    ttf = sorted(fonts.glob("materialdesignicons6-webfont-*.ttf"))
    charmap = sorted(fonts.glob("materialdesignicons6-webfont-charmap-*.json"))
    if len(ttf) != 1 or len(charmap) != 1:
        return None
    return qta.IconicFont(("mdi6", ttf[0].name, charmap[0].name))


def icon(name: str, color: str | None = None) -> QIcon:
    """An icon in `color`, or in the current theme's text colour.

    The colour is always passed explicitly: qtawesome caches icons by their
    arguments, so relying on its defaults would keep the old theme's colour.
    """
    key = ACTION_ICONS.get(name, name)
    font = _material_design() if key.startswith("mdi6.") else None
    draw = font.icon if font is not None else qta.icon
    return draw(key, color=color or _colours["text"], color_disabled=_colours["disabled"])


def set_themed_icon(target: QObject, name: str) -> None:
    """Give an action or button an icon that follows the light/dark theme."""
    target.setIcon(icon(name))  # type: ignore[attr-defined]
    target.setProperty(ICON_PROPERTY, name)


def use_icon_colours(text: str, disabled: str) -> None:
    """Draw icons made from now on in the theme's text colour."""
    _colours.update(text=text, disabled=disabled)


def retheme_icons(root: QObject) -> None:
    """Redraw every themed icon under `root` after a theme change."""
    for child in (root, *root.findChildren(QObject)):
        name = child.property(ICON_PROPERTY)
        if isinstance(name, str) and hasattr(child, "setIcon"):
            child.setIcon(icon(name))


def stage_icon(stage: Stage, color: str | None = None) -> QIcon:
    return icon(STAGE_ICONS[stage], color)
