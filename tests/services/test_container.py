"""The container: each shared object built once, when first asked for, from the settings; closing it releases what
it built and leaves what it was handed."""

from typing import Any

import pytest
from sqlalchemy import select

from dailypapers.db.engine import Database
from dailypapers.services.container import Services
from dailypapers.settings import Settings
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv


def test_each_object_is_built_once(settings: Settings) -> None:
    services = Services(settings)
    assert services.db is services.db
    assert services.search is services.search
    assert services.mailer is services.mailer
    assert services.email_links is services.email_links
    assert services.arxiv is None  # the tests' settings turn lookups off
    services.close()


def test_closing_releases_what_it_built_and_leaves_what_it_was_handed(
    db: Database,
    settings: Settings,
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
    arxiv_rows: dict[str, dict[str, Any]],
) -> None:
    arxiv_id = next(iter(arxiv_rows))
    lookups = settings.model_copy(
        update={"arxiv_lookups": True, "arxiv_api_url": fake_arxiv.base_url, "arxiv_min_interval": 0.0}
    )
    built = Services(lookups, db=db)
    handed = Services(lookups, db=db, arxiv=make_arxiv_client())
    built_arxiv, handed_arxiv = built.arxiv, handed.arxiv
    assert built_arxiv is not None and handed_arxiv is not None
    assert built_arxiv.fetch_paper(arxiv_id) is not None
    built.close()
    handed.close()
    with pytest.raises(RuntimeError, match="closed"):
        built_arxiv.fetch_paper(arxiv_id)
    assert handed_arxiv.fetch_paper(arxiv_id) is not None
    with db.reading() as connection:
        assert connection.execute(select(1)).scalar_one() == 1
