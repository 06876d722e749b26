"""email layer."""
