"""`python -m dailypapers` runs the command line."""

from dailypapers.cli.main import main

main()
