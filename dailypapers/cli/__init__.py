"""The `dailypapers` command line."""
