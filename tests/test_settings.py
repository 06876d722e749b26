"""Every setting is documented, in docs/configuration.md and in .env.example."""

from pathlib import Path

import pytest

from dailypapers.settings import DEV_SECRET_KEY, InsecureSettings, Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("document", ["docs/configuration.md", ".env.example"])
def test_settings_are_documented(document: str) -> None:
    text = (ROOT / document).read_text()
    missing = [name for name in Settings.model_fields if f"DAILYPAPERS_{name.upper()}" not in text]
    assert missing == [], f"{document} does not document {missing}"


def test_the_database_defaults_to_sqlite_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert settings.database_url == f"sqlite:///{tmp_path / 'dailypapers.sqlite3'}"


def test_production_refuses_the_development_secret() -> None:
    settings = Settings(_env_file=None, env="production", secret_key=DEV_SECRET_KEY)  # type: ignore[call-arg]
    with pytest.raises(InsecureSettings):
        settings.check_secure()
    Settings(_env_file=None, env="production", secret_key="s3cret-value-long-enough").check_secure()  # type: ignore[call-arg]


@pytest.mark.parametrize("given", ["huggingface.co", "ftp://papers.example.org", "https://", "https://x.org/?a=1"])
def test_an_upstream_that_is_no_site_address_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match="DAILYPAPERS_UPSTREAM_URL"):
        Settings(_env_file=None, upstream_url=given)  # type: ignore[call-arg]


def test_an_upstream_address_loses_its_trailing_slash() -> None:
    assert Settings(_env_file=None, upstream_url="https://huggingface.co/").upstream_url == "https://huggingface.co"  # type: ignore[call-arg]
