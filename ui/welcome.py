"""First start on an empty store: load the demo, import a plan, or add a source."""

from __future__ import annotations

from ui.qt import Qt, QtWidgets, Signal


class WelcomeDialog(QtWidgets.QDialog):
    """Signals: load_demo(), import_plan(), add_source()."""

    load_demo = Signal()
    import_plan = Signal()
    add_source = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to Warroom"))
        intro = QtWidgets.QLabel(
            self.tr(
                "This store is empty. Start with the demo crisis to see how the war room "
                "works, import your crisis plan, or connect a monitoring source."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.demo_button = QtWidgets.QPushButton(self.tr("Load the &demo crisis"), self)
        self.plan_button = QtWidgets.QPushButton(self.tr("&Import a plan file…"), self)
        self.source_button = QtWidgets.QPushButton(self.tr("&Add a monitoring source…"), self)
        close = QtWidgets.QPushButton(self.tr("Start empty"), self)
        self.demo_button.setDefault(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        for button in (self.demo_button, self.plan_button, self.source_button, close):
            layout.addWidget(button)
        self.demo_button.clicked.connect(self._choose(self.load_demo))
        self.plan_button.clicked.connect(self._choose(self.import_plan))
        self.source_button.clicked.connect(self._choose(self.add_source))
        close.clicked.connect(self.reject)

    def _choose(self, signal: Signal):  # type: ignore[no-untyped-def]
        def chosen() -> None:
            self.accept()
            signal.emit()  # type: ignore[attr-defined]

        return chosen
