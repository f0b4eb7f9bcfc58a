"""PyInstaller runtime hook: runs in the bundle before main.py.

- The bundle never looks anything up in the current folder: the entries ''
  and '.' are removed from sys.path, so a `resources/` or `warroom/` folder
  where the user happens to start the program cannot shadow the shipped ones
  (resources are found with importlib.resources inside the bundle).
- A windowed build (Windows, macOS .app) has no console: sys.stdout and
  sys.stderr are None there, and a library writing to them would crash the
  program, so they point at os.devnull instead.
- WARROOM_BUNDLE tells a diagnostic or a bug report that this is the bundle.
"""

import os
import sys

sys.path[:] = [entry for entry in sys.path if entry not in ("", ".", os.curdir)]

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))

os.environ.setdefault("WARROOM_BUNDLE", getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)))
