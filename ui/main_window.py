"""The war-room window: four panes in docks under the incident bar.

Feed, severity graph, scenario plan and contact sheet sit side by side in
dock widgets the user can resize, rearrange, float and close; the layout and
the window geometry are saved on exit and restored on start.
"""

from __future__ import annotations

from typing import Any

from ui.bridge import EngineBridge
from ui.incident_bar import IncidentBar
from ui.panes.contacts import ContactsPane
from ui.panes.feed import FeedPane
from ui.panes.graph import GraphPane, stage_and_alert_markers
from ui.panes.plan import PlanPane
from ui.panes.timeline import TimelinePane
from ui.qt import Qt, QtCore, QtGui, QtWidgets, plain
from ui.status_bar import StatusBar
from ui.tasks import Operation, Task
from warroom import paths
from warroom.errors import UserError
from warroom.incidents import service as incidents
from warroom.store.db import Store
from warroom.store.mention_writer import mention_count

STATE_VERSION = 1


class MainWindow(QtWidgets.QMainWindow):
    """Signals: demo_loaded()."""

    demo_loaded = QtCore.Signal()
    relaunch_requested = QtCore.Signal()  # the interface language changed

    def __init__(
        self,
        store: Store,
        author: str,
        parent: QtWidgets.QWidget | None = None,
        *,
        drill: Any = None,
    ) -> None:
        super().__init__(parent)
        self.drill = drill  # a window on a drill store (ui/drill_mode.py), else None
        self.drill_controller: Any = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Warroom"))
        self.store = store
        self.author = author
        self.bridge = EngineBridge(self)
        self.ui_state = QtCore.QSettings(
            str(paths.ui_state_path()), QtCore.QSettings.Format.IniFormat
        )

        self.incident_bar = IncidentBar(self)
        self.feed = FeedPane(store, author, self)
        self.graph = GraphPane(store, self)
        self.plan = PlanPane(store, author, self)
        self.contacts = ContactsPane(store, author, self)
        self.timeline = TimelinePane(store, author, self)
        self.status = StatusBar(store, self)
        self.setStatusBar(self.status)
        # team sync and source polling start after the first paint (_start_background)
        self.sync_status: Any = None
        self.poller: Any = None

        # The incident bar spans the top as a fixed toolbar; the panes are docks.
        self.setCentralWidget(None)  # type: ignore[arg-type]
        bar = QtWidgets.QToolBar(self.tr("Incident"), self)
        bar.setObjectName("incidentToolBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setEnabled(False)
        bar.addWidget(self.incident_bar)
        self._add_clocks()  # response clocks in the incident bar (ui/clocks_strip.py)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.setDockNestingEnabled(True)
        self.docks: dict[str, QtWidgets.QDockWidget] = {}
        previous: QtWidgets.QDockWidget | None = None
        for key, title, widget in (
            ("feed", self.tr("Mention feed"), self.feed),
            ("graph", self.tr("Severity graph"), self.graph),
            ("plan", self.tr("Scenario plan"), self.plan),
            ("contacts", self.tr("Contacts"), self.contacts),
        ):
            dock = QtWidgets.QDockWidget(title, self)
            dock.setObjectName(f"{key}Dock")
            dock.setWidget(widget)
            if previous is None:
                self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            else:
                self.splitDockWidget(previous, dock, Qt.Orientation.Horizontal)
            self.docks[key] = dock
            previous = dock
        timeline_dock = QtWidgets.QDockWidget(self.tr("Decision log"), self)
        timeline_dock.setObjectName("timelineDock")
        timeline_dock.setWidget(self.timeline)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, timeline_dock)
        self.tabifyDockWidget(self.docks["contacts"], timeline_dock)
        self.docks["contacts"].raise_()
        self.timeline_dock = timeline_dock
        self._add_glance()  # the at-a-glance strip and top narratives (ui/glance_strip.py)
        self._default_state = self.saveState(STATE_VERSION)
        self._sized = False
        self._first_size: QtCore.QSize | None = None  # the size at the first show
        self._painted = False
        self.persist_layout = True  # off for screenshots: a render is not a session
        self._build_actions()

        self.bridge.mentions_added.connect(self.feed.on_event_mentions_added)
        self.bridge.mentions_added.connect(self.graph.on_event_mentions_added)
        self.graph.range_selected.connect(self.feed.set_time_range)
        self.bridge.mentions_added.connect(lambda _n: self.status.refresh())
        self.bridge.contacts_changed.connect(self.contacts.on_event_contacts_changed)
        self.bridge.plan_changed.connect(self.plan.reload)
        self.bridge.incident_changed.connect(lambda _id: self.refresh_incident())
        self.bridge.alert_raised.connect(self.on_event_alert_raised)
        self.incident_bar.banner_action.clicked.connect(self._act_on_alert)
        self._alert: object = None
        self._alert_action = ""  # what the banner button says it does: raise, open or log
        self.bridge.store_reset.connect(self.refresh_all)
        self.plan.step_toggled.connect(lambda _k, _d: self.refresh_incident())
        self.feed.triaged.connect(self.refresh_incident)
        self.plan.language_changed.connect(lambda _language: self.refresh_incident())
        self.contacts.logged.connect(self.refresh_incident)
        self.timeline.appended.connect(self.refresh_incident)
        self.bridge.timeline_appended.connect(self.timeline.on_event_timeline_appended)

        self._clock = QtCore.QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.incident_bar.tick)
        self._clock.start()
        self.refresh_incident()
        self.restore_layout()

    # --- at a glance: the strip of figures and the top narratives (issue 16) -----------

    def _add_glance(self) -> None:
        from ui.glance_strip import GlanceController, GlanceStrip, NarrativesPanel

        self.glance_strip = GlanceStrip(self)
        strip_bar = QtWidgets.QToolBar(self.tr("At a glance"), self)
        strip_bar.setObjectName("glanceToolBar")
        strip_bar.setMovable(False)
        strip_bar.setFloatable(False)
        strip_bar.toggleViewAction().setEnabled(False)
        strip_bar.addWidget(self.glance_strip)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, strip_bar)
        self.narratives = NarrativesPanel(self)
        dock = QtWidgets.QDockWidget(self.tr("Top narratives"), self)
        dock.setObjectName("narrativesDock")
        dock.setWidget(self.narratives)
        self.splitDockWidget(self.docks["feed"], dock, Qt.Orientation.Vertical)
        self.narratives_dock = dock
        self.glance = GlanceController(self.store, self.glance_strip, self.narratives, self)
        self.glance_strip.label_for = self.clocks_strip.clock_label
        self.glance_strip.chosen.connect(self._glance_chosen)
        self.narratives.chosen.connect(self._narrative_chosen)
        for signal in (
            self.bridge.mentions_added,
            self.bridge.incident_changed,
            self.bridge.alert_raised,
            self.bridge.timeline_appended,
            self.bridge.plan_changed,
            self.bridge.store_reset,
        ):
            signal.connect(self.glance.request)

    def _glance_chosen(self, key: str) -> None:
        from ui.glance_strip import feed_choice

        button = self.glance_strip.buttons[key]
        if not button.figure.known:
            return  # an unknown figure counts nothing: its tooltip says why
        caption = f"{button.figure.caption}: {button.figure.value}"
        self.feed.show_only(caption, **feed_choice(key, self.glance_strip.current))
        self.docks["feed"].raise_()

    def _narrative_chosen(self, cluster_id: str, caption: str) -> None:
        self.feed.show_only(caption, cluster_id=cluster_id)
        self.docks["feed"].raise_()

    # --- response clocks, recovery and source coverage (issue 15) ---------------------

    def _add_clocks(self) -> None:
        from ui.clocks_strip import ClocksController, ClocksStrip, EscalationBanner

        self.clocks_strip = ClocksStrip(self.incident_bar)
        bar_layout = self.incident_bar.layout()
        if isinstance(bar_layout, QtWidgets.QBoxLayout):  # before the alert banner
            bar_layout.insertWidget(bar_layout.indexOf(self.incident_bar.banner), self.clocks_strip)
        self.escalation_banner = EscalationBanner(self.contacts)
        contacts_layout = self.contacts.layout()
        if isinstance(contacts_layout, QtWidgets.QBoxLayout):
            contacts_layout.insertWidget(0, self.escalation_banner)
        self.clocks = ClocksController(
            self.store, self.clocks_strip, self.escalation_banner, self.plan.set_overdue, self
        )
        self.clocks.breached.connect(lambda: self.timeline.set_incident(self.clocks.incident_id))
        self.clocks_strip.acknowledge.connect(self.acknowledge_incident)

    def _add_issue15_actions(
        self, view_menu: QtWidgets.QMenu, incident_menu: QtWidgets.QMenu
    ) -> None:
        self._action(view_menu, self.tr("Source &coverage…"), "Ctrl+Alt+C", self.show_coverage)
        self._action(
            incident_menu,
            self.tr("&Acknowledge the incident"),
            "Ctrl+Alt+A",
            self.acknowledge_incident,
        )
        self._action(incident_menu, self.tr("&Recovery tracker…"), "Ctrl+Alt+R", self.show_recovery)

    def acknowledge_incident(self) -> None:
        def ack(session: object, incident: object) -> None:
            incidents.acknowledge(
                session,  # type: ignore[arg-type]
                incident,  # type: ignore[arg-type]
                origin=self.store.origin,
                author=self.author,
            )

        self._with_incident(ack)

    def show_coverage(self) -> None:
        from ui.coverage_dialog import CoverageDialog

        CoverageDialog(self.store, self, bridge=self.bridge).exec()

    def show_recovery(self) -> None:
        from ui.recovery_dialog import RecoveryDialog

        incident_id = self.current_incident_id()
        if incident_id is None:
            QtWidgets.QMessageBox.information(
                self, self.tr("Recovery tracker"), self.tr("No open incident.")
            )
            return
        dialog = RecoveryDialog(self.store, incident_id, self.author, self.plan.language, self)
        dialog.saved.connect(self.refresh_incident)
        dialog.exec()

    # --- actions and shortcuts ------------------------------------------------------

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.action_demo = self._action(
            file_menu, self.tr("Load &demo crisis"), "Ctrl+Shift+D", self.load_demo
        )
        self._action(file_menu, self.tr("&Import plan file…"), "Ctrl+I", self.import_plan)
        self._action(file_menu, self.tr("Import &mentions…"), "Ctrl+Shift+I", self.import_mentions)
        self._action(file_menu, self.tr("&Sources…"), "Ctrl+Shift+S", self.show_sources)
        from ui.report_action import report_action

        file_menu.addAction(report_action(self, self.store, self.current_incident_id))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Se&ttings…"), "Ctrl+,", self.show_settings)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), QtGui.QKeySequence.StandardKey.Quit, self.close)
        view_menu = menu.addMenu(self.tr("&View"))
        self._action(
            view_menu,
            self.tr("&Find in feed"),
            QtGui.QKeySequence.StandardKey.Find,
            self.feed.focus_search,
        )
        self._action(
            view_menu, self.tr("&Refresh"), QtGui.QKeySequence.StandardKey.Refresh, self.refresh_all
        )
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self._action(view_menu, self.tr("Reset &layout"), "Ctrl+Shift+R", self.reset_layout)
        self.wall_action = self._action(
            view_menu, self.tr("&Wall mode (projector)"), "F11", self.toggle_wall_mode
        )
        self.wall_action.setCheckable(True)
        incident_menu = menu.addMenu(self.tr("&Incident"))
        self._action(incident_menu, self.tr("&Open an incident…"), "Ctrl+N", self.open_incident)
        self._action(incident_menu, self.tr("Add a &note…"), "Ctrl+Shift+N", self.focus_note)
        self._action(incident_menu, self.tr("&Next stage"), "Ctrl+Shift+Right", self.next_stage)
        self._action(
            incident_menu, self.tr("Severity &up"), "Ctrl+Shift+Up", lambda: self.change_level(1)
        )
        self._action(
            incident_menu,
            self.tr("Severity &down"),
            "Ctrl+Shift+Down",
            lambda: self.change_level(-1),
        )
        incident_menu.addSeparator()
        self._action(incident_menu, self.tr("&Close the incident"), None, self.close_incident)
        incident_menu.addAction(self.timeline_dock.toggleViewAction())
        self._add_issue15_actions(view_menu, incident_menu)
        if self.drill is None:
            from ui.drill_mode import add_drill_menu

            add_drill_menu(self)
        help_menu = menu.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About Warroom"), None, self.about)

    def _action(
        self, menu: QtWidgets.QMenu, text: str, shortcut: object, slot: object
    ) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))  # type: ignore[arg-type]
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- state --------------------------------------------------------------------------

    def restore_layout(self) -> None:
        geometry = self.ui_state.value("window/geometry")
        state = self.ui_state.value("window/state")
        if isinstance(geometry, QtCore.QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QtCore.QByteArray):
            self.restoreState(state, STATE_VERSION)

    def save_layout(self) -> None:
        self.ui_state.setValue("window/geometry", self.saveGeometry())
        self.ui_state.setValue("window/state", self.saveState(STATE_VERSION))
        self.ui_state.sync()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state, STATE_VERSION)
        for dock in self.docks.values():
            dock.show()
        self.apply_default_proportions()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # pyqtgraph costs ~0.4 s to import and the shipped fonts ~4 MB to
            # read: both wait until the window has painted once
            QtCore.QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        from warroom.reports.fonts import register_fonts

        register_fonts()  # Malay, Chinese, Arabic and emoji legible even without system fonts
        self.plan.steps.scheduleDelayedItemsLayout()  # wrapped steps measured in those fonts
        self.graph.load()
        self.glance.start()
        self._start_background()
        self.feed.table.viewport().update()

    def _start_background(self) -> None:
        """Team sync (hidden and idle when solo) and each enabled source on its interval."""
        if self.poller is not None or self.drill is not None:
            return  # a drill window never polls the sources nor syncs with the team
        from ui.ingest_poller import IngestPoller
        from ui.sync_status import SyncStatus

        self.sync_status = SyncStatus(self.store, self)
        self.status.addPermanentWidget(self.sync_status)
        self.sync_status.synced.connect(lambda _report: self.status.refresh())
        self.sync_status.start()
        self.poller = IngestPoller(self.store, self)
        self.bridge.source_health.connect(lambda *_: self.status.refresh())
        self.poller.start()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and not self.ui_state.contains("window/state"):
            if self._first_size is None:
                self._first_size = self.size()
            QtCore.QTimer.singleShot(0, self.apply_default_proportions)
        self._sized = True

    COMPACT_BELOW = 1600  # narrower windows (1366×768 laptops) stack the graph over the plan

    def resize_first(self, width: int, height: int) -> None:
        """Size a first start: the first-start layout is laid out for this size even if
        the four-column layout's minimum widens the window until then."""
        self._first_size = QtCore.QSize(width, height)
        self.resize(width, height)

    def apply_default_proportions(self) -> None:
        """The first-start layout for this window's size (a saved layout is never touched).

        Below COMPACT_BELOW pixels the graph sits above the plan so that the feed,
        the checklist and the contact cards each keep a readable width; wider
        windows give each pane its own column, feed widest.
        """
        # the size the window was shown at: four columns' minimum widths may have
        # widened it since (in Malay, 1280 pixels grew to 1302), which the stacked
        # layout no longer needs
        target = self._first_size if self._first_size is not None else self.size()
        self._first_size = None
        compact = target.width() < self.COMPACT_BELOW
        graph, plan = self.docks["graph"], self.docks["plan"]
        if compact and graph.isVisible() and plan.isVisible() and not graph.isFloating():
            self.splitDockWidget(graph, plan, Qt.Orientation.Vertical)
            if self.width() > target.width() and not (self.isMaximized() or self.isFullScreen()):
                self.resize(target)
            self.resizeDocks(
                [graph, plan],
                [int(self.height() * 0.4), int(self.height() * 0.6)],
                Qt.Orientation.Vertical,
            )
            shares = {"feed": 0.38, "graph": 0.37, "plan": 0.37, "contacts": 0.25}
            columns = ["feed", "graph", "contacts"]
        else:
            shares = {"feed": 0.34, "graph": 0.26, "plan": 0.22, "contacts": 0.18}
            columns = list(self.docks)
        feed, narratives = self.docks["feed"], self.narratives_dock
        if feed.isVisible() and narratives.isVisible() and not narratives.isFloating():
            self.resizeDocks(
                [feed, narratives],
                [int(self.height() * 0.7), int(self.height() * 0.3)],
                Qt.Orientation.Vertical,
            )
        shown = [key for key in columns if self.docks[key].isVisible()]
        if not shown:
            return
        total = sum(shares[key] for key in shown)
        self.resizeDocks(
            [self.docks[key] for key in shown],
            [int(self.width() * shares[key] / total) for key in shown],
            Qt.Orientation.Horizontal,
        )

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.drill_controller is not None and not self.drill_controller.window_closing(event):
            return  # the drill ends (and scores) first
        if self.persist_layout:
            self.save_layout()
        if self.sync_status is not None:
            self.sync_status.stop()
        if self.poller is not None:
            self.poller.stop()
        self.bridge.detach()
        super().closeEvent(event)

    # --- refreshing -------------------------------------------------------------------

    def refresh_incident(self) -> None:
        with self.store.session() as session:
            incident = incidents.current_incident(session)
            if incident is None:
                self.incident_bar.show_none()
                self.plan.set_incident(None, "")
                self.feed.set_incident(None, "")
                self.contacts.set_incident(None)
                self.timeline.set_incident(None)
                self.graph.set_markers(stage_and_alert_markers(self.store, None))
                self.clocks_strip.language = self.plan.language
                self.clocks.refresh()
                self.glance.request()
                return
            self.incident_bar.show_incident(
                incident.title,
                incident.crisis_type,
                incident.stage,
                incident.severity_level,
                incident.opened_at,
                self.plan.language,
            )
            incident_id, scenario_key = incident.id, incident.scenario_key
        self.plan.set_incident(incident_id, scenario_key)
        self.feed.set_incident(incident_id, scenario_key)
        self.contacts.set_incident(incident_id)
        self.timeline.set_incident(incident_id)
        self.graph.set_markers(stage_and_alert_markers(self.store, incident_id))
        self.clocks_strip.language = self.plan.language
        self.glance_strip.language = self.plan.language
        self.clocks.refresh()
        self.glance.request()

    def refresh_all(self) -> None:
        self.feed.refresh()
        self.graph.refresh()
        self.plan.reload()
        self.contacts.refresh()
        self.status.refresh()
        self.refresh_incident()

    def current_incident_id(self) -> str | None:
        with self.store.session() as session:
            incident = incidents.current_incident(session)
            return incident.id if incident is not None else None

    def store_is_empty(self) -> bool:
        with self.store.session() as session:
            return mention_count(session) == 0 and incidents.current_incident(session) is None

    # --- commands -----------------------------------------------------------------------

    def load_demo(self) -> None:
        from warroom.demo import load_demo

        dialog = QtWidgets.QProgressDialog(
            self.tr("Loading the demo crisis…"), self.tr("Cancel"), 0, 100, self
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def work(task: Task) -> dict[str, int]:
            return load_demo(self.store, author=self.author, progress=task.progress)

        def done(_counts: object) -> None:
            dialog.reset()
            self.refresh_all()
            self.demo_loaded.emit()

        op = Operation(self, work, done).on_failure(self.show_error)
        op.on_progress(lambda d, t: dialog.setValue(int(100 * d / max(t, 1))))
        dialog.canceled.connect(op.cancel)
        op.run("db")

    def import_plan(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self,
            self.tr("Import crisis plan"),
            "",
            self.tr("Plan files (*.yaml *.yml);;All files (*)"),
        )
        if not path:
            return
        from pathlib import Path

        from warroom.plan.store import import_plan

        try:
            text = Path(path).read_bytes()
            import_plan(self.store, text.decode("utf-8"), source_file=path, imported_by=self.author)
        except (UserError, UnicodeDecodeError, OSError) as exc:
            self.show_error(exc)
            return
        self.plan.reload()

    def import_mentions(self) -> None:
        from ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.store, self)
        dialog.imported.connect(lambda _n: self.refresh_all())
        dialog.exec()

    def show_sources(self) -> None:
        from ui.sources_dialog import SourcesDialog

        SourcesDialog(self.store, self).exec()
        self.status.refresh()

    def open_incident(self, *, title: str = "", scenario_key: str = "", level: int = 2) -> None:
        from ui.incident_dialog import IncidentDialog

        dialog = IncidentDialog(
            self.store,
            self.author,
            title=title,
            scenario_key=scenario_key,
            severity_level=level,
            language=self.plan.language,
            parent=self,
        )
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.refresh_incident()

    def on_event_alert_raised(self, alert_id: str, message: str) -> None:
        """Banner, tray notification and sound; the banner offers the proposed scenario."""
        from warroom import alerts, settings

        view = alerts.proposal_for(self.store, alert_id)
        self._alert = view
        action, self._alert_action = "", ""
        if (
            view is not None
            and view.level is not None
            and view.incident_id is not None
            and view.level > (view.incident_level or 0)
        ):
            action, self._alert_action = self.tr("Raise incident to level %d") % view.level, "raise"
        elif view is not None and view.incident_id is None and view.proposals:
            title = (
                view.proposals[0].title.get(self.plan.language) or view.proposals[0].scenario_key
            )
            action, self._alert_action = self.tr("Open incident: %s") % title, "open"
        elif view is not None and view.incident_id is not None:
            action, self._alert_action = self.tr("Show in decision log"), "log"
        self.incident_bar.show_alert(message, action)
        self.graph.set_markers(
            stage_and_alert_markers(self.store, view.incident_id if view else None)
        )
        if view is not None and view.incident_id is not None:
            self.timeline.refresh()
        tray = self._tray()
        if tray is not None:
            tray.showMessage(
                self.tr("Warroom alert"), message, QtWidgets.QSystemTrayIcon.MessageIcon.Warning
            )
        if not settings.Settings().get(settings.SOUND_MUTED):
            QtWidgets.QApplication.beep()

    def _tray(self) -> QtWidgets.QSystemTrayIcon | None:
        if not QtWidgets.QSystemTrayIcon.isSystemTrayAvailable():
            return None
        if getattr(self, "_tray_icon", None) is None:
            self._tray_icon = QtWidgets.QSystemTrayIcon(self.windowIcon(), self)
            self._tray_icon.show()
        return self._tray_icon

    def _act_on_alert(self) -> None:
        from warroom.alerts import AlertView

        view = self._alert
        if not isinstance(view, AlertView):
            return
        chosen = self._alert_action
        if chosen == "raise" and view.level is not None:
            self._raise_level_to(view.level, view.message)
        elif chosen == "open" and view.proposals:
            proposal = view.proposals[0]
            title = proposal.title.get(self.plan.language) or proposal.scenario_key
            level = view.level if view.level is not None else 3
            self.open_incident(title=str(title), scenario_key=proposal.scenario_key, level=level)
        else:
            self.focus_note()
        self.incident_bar.dismiss_alert()

    def focus_note(self) -> None:
        self.timeline_dock.show()
        self.timeline_dock.raise_()
        self.timeline.note.setFocus()

    def _with_incident(self, change: object) -> None:
        try:
            with self.store.session() as session:
                incident = incidents.current_incident(session)
                if incident is None:
                    return
                change(session, incident)  # type: ignore[operator]
        except UserError as exc:
            self.show_error(exc)
            return
        self.refresh_incident()

    def next_stage(self) -> None:
        from warroom.incidents.stages import STAGES

        def advance(session: object, incident: object) -> None:
            stage = incident.stage  # type: ignore[attr-defined]
            following = STAGES[min(STAGES.index(stage) + 1, len(STAGES) - 2)]  # never auto-close
            incidents.set_stage(
                session, incident, following, origin=self.store.origin, author=self.author
            )  # type: ignore[arg-type]

        self._with_incident(advance)

    def change_level(self, step: int) -> None:
        def change(session: object, incident: object) -> None:
            level = max(1, min(5, incident.severity_level + step))  # type: ignore[attr-defined]
            incidents.set_severity(
                session, incident, level, origin=self.store.origin, author=self.author
            )  # type: ignore[arg-type]

        self._with_incident(change)

    def _raise_level_to(self, level: int, reason: str) -> None:
        """The level alert's button: the incident takes the assessed level, with the reason."""

        def change(session: object, incident: object) -> None:
            if incident.severity_level >= level:  # type: ignore[attr-defined]
                return  # somebody raised it meanwhile: never lower it from here
            incidents.set_severity(
                session,  # type: ignore[arg-type]
                incident,  # type: ignore[arg-type]
                level,
                origin=self.store.origin,
                author=self.author,
                reason=f"alert — {reason}",
            )

        self._with_incident(change)
        self.timeline.refresh()

    def close_incident(self) -> None:
        answer = QtWidgets.QMessageBox.question(
            self,
            self.tr("Close the incident"),
            self.tr(
                "Close the incident? Its decision log stays, and you can still export its report."
            ),
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        self._with_incident(
            lambda session, incident: incidents.close_incident(
                session, incident, origin=self.store.origin, author=self.author
            )
        )

    def show_settings(self) -> None:
        from ui import theme
        from ui.settings_dialog import SettingsDialog
        from warroom import settings

        prefs = settings.Settings()
        before = prefs.get(settings.UI_LANGUAGE)
        if SettingsDialog(prefs, self).exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        self.author = prefs.get(settings.USER_NAME)
        for pane in (self.feed, self.plan, self.contacts):
            pane.author = self.author
        self.plan.message_view.author = self.author
        app = QtWidgets.QApplication.instance()
        assert isinstance(app, QtWidgets.QApplication)
        theme.apply(app, prefs.get(settings.THEME))
        if prefs.get(settings.UI_LANGUAGE) != before:
            self.relaunch_requested.emit()

    @property
    def in_wall_mode(self) -> bool:
        return bool(getattr(self, "_wall_mode", False))

    def toggle_wall_mode(self, *, full_screen: bool = True) -> None:
        """Full screen, large type, high contrast — for the projector (F11 again to leave).

        `full_screen=False` keeps the window's size (`warroom gui --screenshot --wall`
        renders a projector's size on any screen)."""
        from ui import theme
        from warroom import settings

        app = QtWidgets.QApplication.instance()
        assert isinstance(app, QtWidgets.QApplication)
        # the mode's own state, not isFullScreen(): a window manager may refuse full
        # screen, and F11 must still leave the wall theme
        if self.in_wall_mode:
            self._wall_mode = False
            self.showNormal()
            # the run's --theme if one was given, else the saved choice
            theme.apply(
                app, app.property("warroom_theme") or settings.Settings().get(settings.THEME)
            )
            self.wall_action.setChecked(False)
            self.clocks_strip.set_wall(False)
            self._wall_layout(False)
        else:
            self._wall_mode = True
            theme.apply(app, "wall")
            self._wall_layout(True)
            if full_screen:
                self.showFullScreen()
            self.wall_action.setChecked(True)
            self.clocks_strip.set_wall(True)

    WALL_SEVERITY = 60  # the wall's feed: the newest mentions at least this severe

    def _wall_layout(self, on: bool) -> None:
        """The projector's layout: the strip large, the graph, the top narratives and the
        newest high-severity mentions; plan, contacts, menus and every control that needs a
        mouse are hidden (F11 brings them back as they were)."""
        self.glance_strip.set_wall(on)
        base = QtWidgets.QApplication.font().pointSizeF()
        title_font = QtGui.QFont(QtWidgets.QApplication.font())
        title_font.setPointSizeF(base * 1.35)
        title_font.setBold(True)
        self.incident_bar.title.set_base_font(title_font)
        font = self.incident_bar.level.font()
        font.setPointSizeF(base)
        self.incident_bar.level.setFont(font)
        self.incident_bar.crisis_type.setVisible(not on)  # the room needs the stage, not the type
        if on:
            self._before_wall = self.saveState(STATE_VERSION)
            self._wall_hidden = [w for w in self._mouse_controls() if w.isVisibleTo(self)]
            for widget in self._wall_hidden:
                widget.hide()
            for key in ("plan", "contacts"):
                self.docks[key].hide()
            self.timeline_dock.hide()
            for dock in (*self.docks.values(), self.narratives_dock):
                dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
            self.menuBar().hide()
            self.feed.detail.hide()
            self.feed.show_only(
                self.tr("Severity ≥ %d") % self.WALL_SEVERITY, min_severity=self.WALL_SEVERITY
            )
            self.feed.range_chip.hide()
            self.glance.request()
            return
        features = (
            QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        for dock in (*self.docks.values(), self.narratives_dock):
            dock.setFeatures(features)
        self.menuBar().show()
        self.feed.detail.show()
        for widget in getattr(self, "_wall_hidden", []):
            widget.show()
        self._wall_hidden = []
        self.feed.clear_time_range()
        before = getattr(self, "_before_wall", None)
        if isinstance(before, QtCore.QByteArray):
            self.restoreState(before, STATE_VERSION)

    def _mouse_controls(self) -> list[QtWidgets.QWidget]:
        """Buttons, boxes and fields of the panes and the top bar (not the strip's figures,
        which are read, nor the narratives list)."""
        kinds = (
            QtWidgets.QAbstractButton,
            QtWidgets.QComboBox,
            QtWidgets.QAbstractSpinBox,
            QtWidgets.QLineEdit,
        )
        found: list[QtWidgets.QWidget] = []
        for root in (self.incident_bar, self.feed, self.graph):
            for kind in kinds:
                for widget in root.findChildren(kind):
                    if isinstance(widget, QtWidgets.QLineEdit) and isinstance(
                        widget.parent(), QtWidgets.QAbstractSpinBox | QtWidgets.QComboBox
                    ):
                        continue  # the box's own field goes with the box
                    found.append(widget)
        return found

    def show_error(self, exc: BaseException) -> None:
        QtWidgets.QMessageBox.warning(self, self.tr("Warroom"), plain(str(exc)))

    def about(self) -> None:
        from warroom import __version__

        QtWidgets.QMessageBox.about(
            self,
            self.tr("About Warroom"),
            self.tr("Warroom %s — a crisis war room for brand teams.") % __version__,
        )
