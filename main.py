"""Start Warroom from a source checkout: `python main.py [COMMAND …]`."""

import sys

from warroom.cli import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # a bundled app starting its analysis helper process
    sys.exit(main())
