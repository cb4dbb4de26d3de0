"""The frozen ``cityeval-desktop`` executable's script (PyInstaller runs it as ``__main__``)."""

import sys

from cityeval_desktop.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
