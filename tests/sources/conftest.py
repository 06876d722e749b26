"""Fixtures for the outside-data tests: the fake arXiv, from tests/fakes/."""

from tests.fakes.arxiv_fixtures import arxiv_rows, fake_arxiv, fake_clock, make_arxiv_client

__all__ = ["arxiv_rows", "fake_arxiv", "fake_clock", "make_arxiv_client"]
