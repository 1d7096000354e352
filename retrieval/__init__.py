"""Retrieval library: turns bulletin files into articles and paragraphs, stores them in
SQLite and ranks paragraphs with BM25. It knows nothing of Telegram."""
