"""`python -m desktop.cli`: the same entry point as the `antq-desk` console script."""

import sys

from desktop.cli import main

sys.exit(main())
