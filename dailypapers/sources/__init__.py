"""Outside data: JSONL dumps, the arXiv API and OAI-PMH."""
