"""The demo's own account: `dailypapers demo` makes it, and every page of a demo names it, so a newcomer can try
each journey (submitting, voting, commenting, curating, reading the emails the site sends) without an inbox."""

DEMO_USERNAME = "demo"
DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "try-the-demo"  # noqa: S105  # public on purpose; production refuses DAILYPAPERS_DEMO
