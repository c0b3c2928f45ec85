"""Small widgets shared by dialogs and pages."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.vocab import Vocabulary
from euromed_desktop.i18n import _
from euromed_desktop.ui.editing import ERROR_STYLE
from euromed_desktop.ui.texts import reads_left_to_right


class Combo(QComboBox):
    """A combo box whose list opens as wide as its longest choice, however narrow the box is
    kept (filters keep theirs to a dozen characters; Georgian choices run to sixty)."""

    def showPopup(self) -> None:
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 16)
        super().showPopup()


class VocabCombo(Combo):
    """A combo box over a vocabulary: shows translated labels, gives codes."""

    def __init__(
        self, vocab: type[Vocabulary], parent: QWidget | None = None, *, empty: str | None = None
    ) -> None:
        super().__init__(parent)
        if empty is not None:
            self.addItem(empty, None)
        for member in vocab:
            self.addItem(member.label(), member.value)

    def code(self) -> str | None:
        data = self.currentData()
        return str(data) if data is not None else None

    def set_code(self, code: str | None) -> None:
        index = self.findData(code)
        self.setCurrentIndex(max(index, 0))


class ChoiceCombo(Combo):
    """A combo box over (code, label) pairs."""

    def __init__(
        self,
        choices: Iterable[tuple[str | None, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        for code, label in choices:
            self.addItem(label, code)

    def set_choices(self, choices: Iterable[tuple[str | None, str]]) -> None:
        """Replace the choices, keeping the current one if it is still offered; silently,
        as the filter it drives stays the same."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for code, label in choices:
            self.addItem(label, code)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)

    def code(self) -> str | None:
        data = self.currentData()
        return str(data) if data is not None else None

    def set_code(self, code: str | None) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)


class CheckList(QWidget):
    """A column of check boxes over (code, label) pairs."""

    def __init__(self, choices: Iterable[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for code, label in choices:
            box = QCheckBox(label, self)
            self.boxes[code] = box
            layout.addWidget(box)

    def codes(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_codes(self, codes: Iterable[str]) -> None:
        chosen = set(codes)
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)


def button_box(*buttons: QDialogButtonBox.StandardButton) -> QDialogButtonBox:
    """Standard dialog buttons labelled through our catalogues, so that they speak the
    interface language even where Qt has no translation of its own (Georgian)."""
    box = QDialogButtonBox()
    labels = {
        QDialogButtonBox.StandardButton.Ok: _("OK"),
        QDialogButtonBox.StandardButton.Cancel: _("Cancel"),
        QDialogButtonBox.StandardButton.Close: _("Close"),
        QDialogButtonBox.StandardButton.Save: _("Save"),
    }
    for button in buttons:
        box.addButton(button).setText(labels[button])
    return box


class FieldForm(QFormLayout):
    """A form whose rows know their domain field name and show messages right below them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.general = QLabel(parent)
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()
        self.addRow(self.general)
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.holders: dict[str, QWidget] = {}

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        message = QLabel()
        message.setStyleSheet(ERROR_STYLE)
        message.setWordWrap(True)
        message.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(message)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.addRow(caption, holder)
        widget.setAccessibleName(label.replace("&", ""))
        self.fields[name] = (widget, message)
        self.holders[name] = holder
        return widget

    def set_row_visible(self, name: str, visible: bool) -> None:
        self.setRowVisible(self.holders[name], visible)

    def clear_errors(self) -> None:
        self.general.hide()
        for _widget, message in self.fields.values():
            message.hide()

    def show_errors(self, error: ValidationError) -> None:
        """Put each message next to its field; messages for other fields go on top."""
        self.clear_errors()
        general: list[str] = []
        first: QWidget | None = None
        for field_error in error.errors:
            entry = self.fields.get(field_error.field)
            if entry is None:
                general.append(field_error.message)
                continue
            widget, message = entry
            text = "" if message.isHidden() else message.text()
            message.setText("\n".join(t for t in (text, field_error.message) if t))
            message.show()
            first = first or widget
        if general:
            self.general.setText("\n".join(general))
            self.general.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def message_for(self, name: str) -> str:
        _widget, message = self.fields[name]
        return "" if message.isHidden() else message.text()


def required(label: str) -> str:
    """A form label for a field that must be filled."""
    return _("{label} *").format(label=label)


class BidiCellDelegate(QStyledItemDelegate):
    """In a right-to-left window, a cell whose text runs left to right (a French organisation,
    an English action) is drawn in its own direction against the cell's right edge, so text cut
    short ends with its ellipsis on the right, where it was cut, and not before its first
    word (where Qt puts it when the cell reads right to left)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if option.direction == Qt.LayoutDirection.RightToLeft and reads_left_to_right(option.text):
            vertical = option.displayAlignment & Qt.AlignmentFlag.AlignVertical_Mask
            option.direction = Qt.LayoutDirection.LeftToRight
            option.displayAlignment = vertical | Qt.AlignmentFlag.AlignRight
