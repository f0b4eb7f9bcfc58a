"""Start Warroom from a source checkout: `python main.py [COMMAND …]`."""

import sys

from warroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
