-- Run once when the database is created: the semantic leg keeps its vectors in pgvector when the extension exists.
CREATE EXTENSION IF NOT EXISTS vector;
