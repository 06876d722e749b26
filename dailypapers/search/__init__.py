"""The search indexes: the keyword index in the database, stored embeddings, the vector index beside them."""
