"""Use cases. Each service function owns its transaction and is called by the web, API, CLI and jobs alike."""
