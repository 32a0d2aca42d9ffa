"""`python -m itagen` runs the command line."""

from itagen.cli import main

raise SystemExit(main())
