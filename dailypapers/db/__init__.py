"""The engine, the schema shared by SQLite and PostgreSQL, and migrations."""
