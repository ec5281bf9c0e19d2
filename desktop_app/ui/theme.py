"""The look: Fusion with an explicit light or dark palette, the bundled font.

An explicit palette works everywhere (offscreen, Xvfb, every desktop), unlike
the platform's colour-scheme hint; sizes are chosen to read on a projector.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.files.paths import fonts_dir
from desktop_app.ui.icons import use_icon_colours

FONT_FAMILY = "DejaVu Sans"
BASE_POINT_SIZE = 10
ACCENT = "#2f6fb3"

LIGHT = {
    "window": "#f4f5f7", "base": "#ffffff", "alternate": "#f0f3f7", "text": "#1d2430",
    "muted": "#5b6675", "button": "#eceff3", "highlight": ACCENT, "highlighted_text": "#ffffff",
    "border": "#d3d8df", "danger": "#b3261e", "warning": "#8a5a00",
}
DARK = {
    "window": "#1e2228", "base": "#262b33", "alternate": "#2c323b", "text": "#e7eaee",
    "muted": "#a3adba", "button": "#2f353e", "highlight": "#4a8bd1", "highlighted_text": "#ffffff",
    "border": "#3b424d", "danger": "#f2b8b5", "warning": "#f0c36a",
}


def register_fonts() -> str:
    """Load the bundled TTFs so text renders the same on every machine."""
    family = FONT_FAMILY
    for path in sorted(fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    return family


def colours(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def apply_theme(app: QApplication, dark: bool = False) -> None:
    c = colours(dark)
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["base"],
        QPalette.ColorRole.AlternateBase: c["alternate"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.Highlight: c["highlight"],
        QPalette.ColorRole.HighlightedText: c["highlighted_text"],
        QPalette.ColorRole.ToolTipBase: c["base"],
        QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["muted"],
        QPalette.ColorRole.Link: c["highlight"],
        QPalette.ColorRole.Mid: c["border"],
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["muted"]))
    app.setPalette(palette)
    app.setStyleSheet(stylesheet(c))
    app.setProperty("dark_theme", dark)
    use_icon_colours(c["text"], c["muted"])


def stylesheet(c: dict[str, str]) -> str:
    return f"""
    QLabel#stageTitle {{ font-size: 17pt; font-weight: bold; }}
    QLabel#stagePurpose {{ color: {c['muted']}; }}
    QLabel#sectionTitle {{ font-size: 12pt; font-weight: bold; margin-top: 6px; }}
    QLabel#muted {{ color: {c['muted']}; }}
    QLabel#facts {{ font-size: 11pt; font-weight: bold; }}
    QLabel#validation {{ color: {c['danger']}; font-weight: bold; }}
    QFrame#notice {{ background: {c['alternate']}; border: 1px solid {c['border']};
                     border-radius: 4px; }}
    QListView#navigator {{ border: none; background: {c['base']}; font-size: 11pt; }}
    QListView#navigator::item {{ padding: 8px 6px; border-radius: 4px; }}
    QListView#navigator::item:selected {{ background: {c['highlight']};
                                          color: {c['highlighted_text']}; }}
    QTableView {{ gridline-color: {c['border']}; }}
    QHeaderView::section {{ padding: 4px 6px; font-weight: bold; }}
    QPushButton#primary {{ background: {c['highlight']}; color: {c['highlighted_text']};
                           padding: 6px 14px; border-radius: 4px; }}
    """


def app_font(family: str) -> QFont:
    font = QFont(family, BASE_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font
