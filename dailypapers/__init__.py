"""dailypapers: a self-hostable research-paper discovery site."""

__version__ = "0.1.0"
