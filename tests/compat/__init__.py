"""Real outside clients and checkers against a real server."""
