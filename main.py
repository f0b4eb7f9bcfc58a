"""Start Warroom from a source checkout: `python main.py [COMMAND …]`."""

import sys

from warroom.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # a bundled app starting its analysis helper process
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
