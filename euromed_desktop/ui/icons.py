"""SVG icons drawn in the palette's text colour, so they suit light and dark themes at any DPI."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from euromed_desktop.resources import resource


@cache
def _svg(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text("utf-8")


class _SvgEngine(QIconEngine):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def paint(self, painter: QPainter, rect, mode: QIcon.Mode, state: QIcon.State) -> None:
        palette = QGuiApplication.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if mode == QIcon.Mode.Disabled
            else QPalette.ColorGroup.Normal
        )
        role = (
            QPalette.ColorRole.HighlightedText
            if mode == QIcon.Mode.Selected
            else QPalette.ColorRole.WindowText
        )
        colour = palette.color(group, role).name()
        data = QByteArray(_svg(self.name).replace("currentColor", colour).encode("utf-8"))
        QSvgRenderer(data).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, pixmap.rect(), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgEngine(self.name)


def icon(name: str) -> QIcon:
    """A themed line icon from resources/icons (``currentColor`` follows the palette)."""
    return QIcon(_SvgEngine(name))


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "euromed-desktop.svg")))
