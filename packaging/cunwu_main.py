"""Entry point of the frozen program: PyInstaller starts here, the same ``main`` as the ``cunwu`` script."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
