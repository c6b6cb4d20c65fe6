"""``python -m scripts``: see scripts/cli.py."""

import sys

from .cli import main

sys.exit(main())
