"""HTTP: server-rendered pages and the JSON API, both thin over services."""
