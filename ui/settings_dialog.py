"""Settings: your name on the timeline, interface language, theme, alert sound."""

from __future__ import annotations

from ui.qt import QtWidgets
from warroom import settings


class SettingsDialog(QtWidgets.QDialog):
    def __init__(self, prefs: settings.Settings, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.prefs = prefs
        self.name = QtWidgets.QLineEdit(prefs.get(settings.USER_NAME), self)
        self.language = QtWidgets.QComboBox(self)
        self.language.addItem("English", "en")
        self.language.addItem("Bahasa Melayu", "ms")
        self.language.setCurrentIndex(
            max(self.language.findData(prefs.get(settings.UI_LANGUAGE)), 0)
        )
        self.theme = QtWidgets.QComboBox(self)
        for label, value in (
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
            (self.tr("Wall (projector)"), "wall"),
        ):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(self.theme.findData(prefs.get(settings.THEME)), 0))
        self.muted = QtWidgets.QCheckBox(self.tr("Mute the alert sound"), self)
        self.muted.setChecked(prefs.get(settings.SOUND_MUTED))
        form = QtWidgets.QFormLayout(self)
        form.addRow(self.tr("Your name (on the timeline)"), self.name)
        form.addRow(self.tr("Interface language"), self.language)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.muted)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.name.setFocus()
            return
        self.prefs.set(settings.USER_NAME, name)
        if self.language.currentData() != self.prefs.get(settings.UI_LANGUAGE):
            self.prefs.set(settings.PLAN_LANGUAGE, self.language.currentData())  # plan follows
        self.prefs.set(settings.UI_LANGUAGE, self.language.currentData())
        self.prefs.set(settings.THEME, self.theme.currentData())
        self.prefs.set(settings.SOUND_MUTED, self.muted.isChecked())
        self.accept()
