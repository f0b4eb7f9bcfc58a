"""Drill mode in the window: the Drill menu, the drill's own window and its DRILL bar.

Starting a drill sets the real window aside (hidden, its live monitoring,
team sync and engine events paused) and opens a second main window on the
drill store, with a red DRILL bar over the incident bar that stays in wall
mode.  A `DrillController` drives the replay: the drill's virtual clock
runs at the chosen speed (`warroom.clock`, so what the team does is stamped
in scenario time), and every half second the mentions due, the injects and
the detector run on the "db" pool as ingest does.  Ending the drill scores
it (the debrief dialog, with its PDF), closes the drill window and brings
back the real window as it was.
"""

from __future__ import annotations

from typing import Any

from ui.drill_dialogs import BANNER_STYLE, DebriefDialog, InjectDialog, StartDrillDialog
from ui.qt import Qt, QtCore, QtGui, QtWidgets, plain
from ui.tasks import Operation, Task
from warroom import clock

TICK_MS = 500


def add_drill_menu(window: Any) -> None:
    """The Drill menu of the real window (hook from MainWindow._build_actions)."""
    menu = window.menuBar().addMenu(QtCore.QCoreApplication.translate("DrillMode", "&Drill"))
    window.action_start_drill = window._action(
        menu,
        QtCore.QCoreApplication.translate("DrillMode", "&Start a drill…"),
        "Ctrl+Shift+L",
        lambda: start_drill(window),
    )
    window._action(
        menu,
        QtCore.QCoreApplication.translate("DrillMode", "Drill &history…"),
        None,
        lambda: show_history(window),
    )


def start_drill(window: Any, choice: tuple[str, float, bool] | None = None) -> None:
    """Ask what to replay, build the drill store in the background, then switch windows."""
    from warroom import paths
    from warroom.drills import replay, scenarios
    from warroom.incidents.stages import crisis_type_title

    if getattr(window, "drill", None) is not None:
        return  # already a drill window
    if choice is None:
        shipped = []
        for key in scenarios.shipped_keys():
            spec = scenarios.shipped_spec(key)
            language = window.plan.language
            shipped.append(
                (
                    key,
                    (spec.get("title") or {}).get(language) or spec["title"]["en"],
                    crisis_type_title(spec.get("crisis_type", ""), language),
                    spec.get("form", ""),
                )
            )
        past = [(i[:8], t) for i, t, _o in scenarios.past_incidents(paths.database_path())]
        dialog = StartDrillDialog(shipped, past, window)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
    what, speed, scripted = choice
    progress = QtWidgets.QProgressDialog(
        QtCore.QCoreApplication.translate("DrillMode", "Preparing the drill store…"),
        QtCore.QCoreApplication.translate("DrillMode", "Cancel"),
        0,
        100,
        window,
    )
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def work(task: Task) -> Any:
        scenario = scenarios.resolve(what, real_store_path=paths.database_path())
        return replay.start_drill(
            scenario,
            speed=speed,
            scripted_team=scripted,
            facilitator=window.author,
            progress=lambda done, total: task.progress(int(done), int(total)),
        )

    def done(drill: Any) -> None:
        progress.reset()
        open_drill_window(window, drill, speed)

    def failed(exc: BaseException) -> None:
        progress.reset()
        resume(window)
        window.show_error(exc)

    # set aside before the drill store is built: its baseline scan publishes engine events
    suspend(window)
    op = Operation(window, work, done).on_failure(failed)
    op.on_progress(lambda d, t: progress.setValue(int(100 * d / max(t, 1))))
    op.run("db")


def open_drill_window(real: Any, drill: Any, speed: float) -> Any:
    """Set the real window aside and show a window on the drill store."""
    from ui.main_window import MainWindow

    window = MainWindow(drill.store, real.author, drill=drill)
    window.persist_layout = False
    window.restoreGeometry(real.saveGeometry())
    window.restoreState(real.saveState(1), 1)
    controller = DrillController(window, drill, speed, real)
    window.drill_controller = controller
    install_bar(window, controller)
    if real.in_wall_mode:
        window.toggle_wall_mode()
    else:
        window.resize(real.size())
        window.show()
    real.hide()
    real.drill_window = window
    controller.start()
    return window


def suspend(window: Any) -> None:
    """The real window during a drill: no polling, no sync, deaf to the drill's events."""
    if window.poller is not None:
        window.poller.stop()
    if window.sync_status is not None:
        window.sync_status.stop()
    window.bridge.detach()


def resume(window: Any) -> None:
    window.bridge.attach()
    if window.poller is not None:
        window.poller.start()
    if window.sync_status is not None:
        window.sync_status.start()
    window.refresh_all()


def install_bar(window: Any, controller: DrillController) -> None:
    bar = QtWidgets.QToolBar(QtCore.QCoreApplication.translate("DrillMode", "Drill"), window)
    bar.setObjectName("drillToolBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setEnabled(False)
    bar.addWidget(DrillBar(controller, window))
    window.insertToolBar(window.findChild(QtWidgets.QToolBar, "incidentToolBar"), bar)
    window.insertToolBarBreak(window.findChild(QtWidgets.QToolBar, "incidentToolBar"))
    window.setWindowTitle(QtCore.QCoreApplication.translate("DrillMode", "DRILL — Warroom"))
    menu = QtWidgets.QMenu(QtCore.QCoreApplication.translate("DrillMode", "&Drill"), window)
    actions = window.menuBar().actions()
    window.menuBar().insertMenu(actions[-1], menu)  # before Help
    window._action(
        menu,
        QtCore.QCoreApplication.translate("DrillMode", "&Inject an event…"),
        "Ctrl+Shift+J",
        controller.ask_inject,
    )
    window._action(
        menu,
        QtCore.QCoreApplication.translate("DrillMode", "&Pause or resume"),
        "Ctrl+Shift+P",
        controller.toggle_pause,
    )
    window._action(
        menu,
        QtCore.QCoreApplication.translate("DrillMode", "&End the drill"),
        "Ctrl+Shift+E",
        controller.end,
    )


class DrillBar(QtWidgets.QFrame):
    """The red bar: DRILL, the scenario, scenario time and speed, inject/pause/end."""

    def __init__(
        self, controller: DrillController, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drillBar")
        self.setStyleSheet(f"QFrame#drillBar {{ {BANNER_STYLE} }} QLabel {{ color: white; }}")
        self.controller = controller
        self.label = QtWidgets.QLabel(self.tr("DRILL — NOT A REAL INCIDENT"))
        self.label.setObjectName("drillBannerText")
        font = self.label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.label.setFont(font)
        self.scenario = QtWidgets.QLabel(plain(controller.drill.scenario.label()))
        self.scenario.setObjectName("drillScenario")
        self.time = QtWidgets.QLabel()
        self.time.setObjectName("drillTime")
        self.speed = QtWidgets.QComboBox()
        self.speed.setObjectName("drillSpeedBox")
        for speed in (1.0, 10.0, 60.0):
            self.speed.addItem(f"{speed:g}×", speed)
        self.speed.setCurrentIndex(max(0, self.speed.findData(controller.speed)))
        self.speed.currentIndexChanged.connect(
            lambda _i: controller.set_speed(float(self.speed.currentData()))
        )
        self.inject = QtWidgets.QPushButton(self.tr("Inject…"))
        self.inject.clicked.connect(controller.ask_inject)
        self.pause = QtWidgets.QPushButton(self.tr("Pause"))
        self.pause.clicked.connect(controller.toggle_pause)
        self.end = QtWidgets.QPushButton(self.tr("End drill"))
        self.end.setObjectName("endDrillButton")
        self.end.clicked.connect(controller.end)
        for button in (self.inject, self.pause, self.end):
            button.setStyleSheet("color: black")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.label)
        layout.addSpacing(16)
        layout.addWidget(self.scenario, 1)
        layout.addWidget(self.time)
        layout.addWidget(self.speed)
        layout.addWidget(self.inject)
        layout.addWidget(self.pause)
        layout.addWidget(self.end)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        controller.progressed.connect(self.show_time)
        controller.paused_changed.connect(
            lambda paused: self.pause.setText(self.tr("Resume") if paused else self.tr("Pause"))
        )
        self.show_time(0.0, controller.drill.scenario.duration_minutes)

    def show_time(self, minute: float, duration: float) -> None:
        shown = max(0.0, minute)
        text = self.tr("scenario minute %d of %d") % (int(shown), int(duration))
        if minute >= duration:
            text = self.tr("replay over (%d min): end the drill for the debrief") % int(duration)
        self.time.setText(text)


class DrillController(QtCore.QObject):
    """Runs one drill in the window: the clock, the replay ticks, injects and the end."""

    progressed = QtCore.Signal(float, float)  # scenario minute, duration
    paused_changed = QtCore.Signal(bool)
    ended = QtCore.Signal(object)  # the debrief

    def __init__(self, window: Any, drill: Any, speed: float, real: Any) -> None:
        super().__init__(window)
        self.window = window
        self.real = real
        self.drill = drill
        self.speed = speed
        self.clock = clock.VirtualClock(drill.anchor, speed)
        self._busy = False
        self._ending = False
        self.debrief: Any = None
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        clock.install(self.clock)
        self.timer.start()
        QtCore.QTimer.singleShot(0, self.tick)

    def now(self) -> Any:
        return min(self.clock.now(), self.drill.end)

    def set_speed(self, speed: float) -> None:
        self.speed = speed
        self.clock.set_speed(speed)
        self._journal("speed", f"speed set to {speed:g}×")

    def toggle_pause(self) -> None:
        paused = not self.clock.paused
        self.clock.pause(paused)
        self.paused_changed.emit(paused)

    def _journal(self, kind: str, text: str) -> None:
        from warroom.drills import store as drill_store

        moment = self.now()

        def work(_task: Task) -> None:
            with self.drill.store.session() as session:
                drill_store.log_event(session, moment, kind, text)

        Operation(self, work).run("db")

    def tick(self) -> None:
        if self._busy or self._ending:
            return
        moment = self.now()
        self._busy = True

        def work(_task: Task) -> Any:
            return self.drill.advance(moment)

        def done(_alerts: Any) -> None:
            self._busy = False
            self.progressed.emit(self.drill.minute(moment), self.drill.scenario.duration_minutes)
            self.window.status.refresh()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.timer.stop()
            self.window.show_error(exc)

        Operation(self, work, done).on_failure(failed).run("db")

    def ask_inject(self) -> None:
        dialog = InjectDialog(self.window)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted or dialog.inject is None:
            return
        self.inject(dialog.inject)

    def inject(self, inject: Any) -> None:
        moment = self.now()

        def work(_task: Task) -> None:
            self.drill.inject(inject, moment)

        Operation(self, work, lambda _r: self.window.timeline.refresh()).on_failure(
            self.window.show_error
        ).run("db")

    def end(self, *, ask: bool = True) -> None:
        """Stop the replay, score the drill, show the debrief, go back to the real window."""
        if self._ending:
            return
        if ask:
            answer = QtWidgets.QMessageBox.question(
                self.window,
                self.tr("End the drill"),
                self.tr("End the drill now and see the debrief?"),
            )
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                return
        self._ending = True
        self.timer.stop()
        moment = self.now()

        def work(_task: Task) -> Any:
            from warroom.drills import debrief, history
            from warroom.drills import store as drill_store

            result = debrief.compute(self.drill.store, ended_at=moment)
            debrief.compare(result, history.drills())
            debrief.save(self.drill.store, result)
            drill_store.update_info(self.drill.store, ended_at=clock.wall_now().isoformat())
            return result

        Operation(self, work, self._show_debrief).on_failure(self._fail_end).run("db")

    def _fail_end(self, exc: BaseException) -> None:
        self.window.show_error(exc)
        self._finish()

    def _show_debrief(self, result: Any) -> None:
        self.debrief = result
        clock.install(None)
        self.ended.emit(result)
        dialog = DebriefDialog(result, self.window)
        self.debrief_dialog = dialog
        if not getattr(self.window, "screenshot_mode", False):
            dialog.exec()
        self._finish()

    def _finish(self) -> None:
        clock.install(None)
        window, real = self.window, self.real
        window.drill_controller = None
        real.drill_window = None
        if window.in_wall_mode and not real.in_wall_mode:
            real.toggle_wall_mode()
        window.close()
        real.show()
        resume(real)
        self.drill.store.close()

    def window_closing(self, event: QtGui.QCloseEvent) -> bool:
        """The drill window's close button: end the drill first (True: let it close)."""
        if self._ending:
            return True
        event.ignore()
        self.end()
        return False


def show_history(window: Any) -> None:
    """Past drills, newest first, with their figures and scores."""
    from warroom.drills import history

    dialog = QtWidgets.QDialog(window)
    dialog.setObjectName("drillHistoryDialog")
    dialog.setWindowTitle(QtCore.QCoreApplication.translate("DrillMode", "Drill history"))
    found = history.drills()
    table = QtWidgets.QTableWidget(len(found), 7, dialog)
    table.setObjectName("drillHistoryTable")
    table.setHorizontalHeaderLabels(
        [
            QtCore.QCoreApplication.translate("DrillMode", "Started"),
            QtCore.QCoreApplication.translate("DrillMode", "Scenario"),
            QtCore.QCoreApplication.translate("DrillMode", "Speed"),
            QtCore.QCoreApplication.translate("DrillMode", "Detection"),
            QtCore.QCoreApplication.translate("DrillMode", "Acknowledgement"),
            QtCore.QCoreApplication.translate("DrillMode", "Holding statement"),
            QtCore.QCoreApplication.translate("DrillMode", "Score"),
        ]
    )
    table.verticalHeader().hide()
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)

    def minutes(value: Any) -> str:
        return (
            QtCore.QCoreApplication.translate("DrillMode", "not reached")
            if value is None
            else QtCore.QCoreApplication.translate("DrillMode", "%s min") % f"{value:.0f}"
        )

    for row, item in enumerate(found):
        score = "—" if item["score"] is None else str(item["score"])
        if item["scripted_team"]:
            score += " " + QtCore.QCoreApplication.translate("DrillMode", "(scripted)")
        cells = [
            item["started_at"][:16].replace("T", " "),
            item["title"],
            f"{item['speed']}×",
            minutes(item.get("detection_min")) if item["score"] is not None else "—",
            minutes(item.get("acknowledgement_min")) if item["score"] is not None else "—",
            minutes(item.get("statement_min")) if item["score"] is not None else "—",
            score,
        ]
        for column, text in enumerate(cells):
            table.setItem(
                row, column, QtWidgets.QTableWidgetItem(str(text))
            )  # items are plain text
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    empty = QtWidgets.QLabel(
        QtCore.QCoreApplication.translate("DrillMode", "No drills yet: Drill ▸ Start a drill…")
    )
    empty.setVisible(not found)
    buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QtWidgets.QVBoxLayout(dialog)
    layout.addWidget(empty)
    layout.addWidget(table, 1)
    layout.addWidget(buttons)
    dialog.resize(1000, 380)
    window.drill_history_dialog = dialog
    if not getattr(window, "screenshot_mode", False):
        dialog.exec()
