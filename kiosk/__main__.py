"""`python -m kiosk` runs the same command as `kiosk`."""

from kiosk.cli import main

main()
