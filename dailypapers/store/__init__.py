"""All SQL: functions that read and write rows and return domain dataclasses. They never commit."""
