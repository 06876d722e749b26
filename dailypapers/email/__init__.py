"""Email: messages rendered from template folders and handed to a sender (console, file outbox, memory)."""
