"""`python -m desktop`, and the entry script of the frozen build (build.spec)."""

import sys

from desktop.cli import main

sys.exit(main())
