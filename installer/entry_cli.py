"""The frozen ``cityeval`` executable's script (PyInstaller runs it as ``__main__``)."""

import sys

from cityeval_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())  # main() calls multiprocessing.freeze_support() for package import's workers
