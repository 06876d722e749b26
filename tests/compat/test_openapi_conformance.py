"""schemathesis runs the whole OpenAPI document against a live server on the shipped records, with every check,
as an anonymous visitor, a member and an admin (each with an API token): no server error, and every answer as the
document says. Bounded (few examples per operation, deterministic generation) so the three runs, side by side,
take seconds: the anonymous run has every phase; the coverage phase (every boundary value of every parameter, the
costly one) and the stateful one (following links) run again as the admin, who reaches every route the member does
and more; the member's run fuzzes, to meet the refusals an admin never does.

Where the document cannot say what the site rightly refuses, the run is told so operation by operation below,
never by turning a check off."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.users import Role
from dailypapers.services.api_tokens import create_api_token
from dailypapers.store import users as users_store

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = 5
PHASES = {"anonymous": "all", "admin": "coverage,stateful", "member": "fuzzing"}
# Rules that hold between parameters, or on what a string means, which JSON Schema does not express: a request the
# schema allows may rightly be refused with a 422 problem here (positive_data_acceptance then expects it).
RULES_BEYOND_THE_SCHEMA = {
    "GET /api/daily_papers": "one of date, week or month; each a real day, ISO week or month",
    "GET /api/papers": "a cursor is one the site wrote (opaque)",
    "GET /api/papers/search": "some words to search for; `from` not after `to`",
    "GET /api/v1/daily/{date}/entries": "a real day",
    "GET /api/v1/daily/{date}/log": "a real day",
    "POST /api/v1/daily/{date}/entries": "a real day and an arXiv id",
    "PATCH /api/v1/daily/{date}/entries/{arxiv_id}": "a real day",
    "DELETE /api/v1/daily/{date}/entries/{arxiv_id}": "a real day",
    "POST /api/v1/submissions": "an arXiv id",
    "POST /api/v1/claims": "an arXiv id, and an author of that paper",
    "POST /api/v1/subscriptions": "an email address",
    "PATCH /api/v1/subscription": "topics that are words, categories, names",
    "POST /api/v1/similar": "some text",
    "POST /api/v1/papers/{arxiv_id}/comments": "a comment with text in it",
    "PATCH /api/v1/comments/{comment_id}": "a comment with text in it",
    "POST /api/v1/comments/{comment_id}/hide": "a reason with text in it",
    "POST /api/v1/collections": "a title with text in it",
    "PATCH /api/v1/collections/{collection_id}": "a title with text in it",
    "POST /api/v1/collections/{collection_id}/items": "an arXiv id",
    "PATCH /api/v1/collections/{collection_id}/items/{arxiv_id}": "an arXiv id the collection holds",
    "DELETE /api/v1/collections/{collection_id}/items/{arxiv_id}": "an arXiv id",
    "POST /api/v1/collections/{collection_id}/import": "a UTF-8 BibTeX file with an entry in it",
    "POST /api/v1/me/follows": "a name with letters in it, a category like cs.CL",
    "DELETE /api/v1/me/follows/{kind}/{target}": "a name with letters in it, a category like cs.CL",
    "POST /api/v1/me/saved-searches": "a query with text in it",
}


def _config(path: Path) -> Path:
    lines = []
    for operation, _rule in RULES_BEYOND_THE_SCHEMA.items():
        lines += [
            "[[operations]]",
            f'include-name = "{operation}"',
            'checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]',
            "",
        ]
    path.write_text("\n".join(lines))
    return path


@pytest.fixture(scope="module")
def tokens(module_db: Database) -> dict[str, str]:
    """An API token for a confirmed member and one for an admin of the live server."""
    now = datetime.now(UTC)
    found = {}
    for role in (Role.MEMBER, Role.ADMIN):
        with module_db.transaction() as connection:
            user = users_store.insert_user(
                connection,
                email=f"{role.value}@example.org",
                username=f"checker-{role.value}",
                role=role,
                password_hash=None,
                now=now,
                email_confirmed=True,
            )
        assert user is not None
        found[role.value] = create_api_token(module_db, user_id=user.id, name="schemathesis", now=now)[1]
    return found


@pytest.fixture(scope="module")
def runs(live_url: str, tokens: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The three runs, side by side; each one's exit status and report (written to a file: a pipe left unread
    would stall a run with much to say)."""
    directory = tmp_path_factory.mktemp("schemathesis")
    config = _config(directory / "schemathesis.toml")
    identities = {"anonymous": [], **{name: ["-H", f"Authorization: Bearer {token}"] for name, token in tokens.items()}}
    started = {}
    for name, headers in identities.items():
        with (directory / f"{name}.log").open("w") as log:
            started[name] = subprocess.Popen(
                [
                    str(SCHEMATHESIS),
                    "--no-color",
                    "--config-file",
                    str(config),
                    "run",
                    f"{live_url}/openapi.json",
                    "--checks",
                    "all",
                    "--max-examples",
                    str(MAX_EXAMPLES),
                    "--generation-deterministic",
                    *(["--phases", PHASES[name]] if PHASES[name] != "all" else []),
                    "--report-dir",
                    str(directory / name),
                    *headers,
                ],
                cwd=directory,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    try:
        statuses = {name: process.wait(timeout=300) for name, process in started.items()}
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
    return {name: f"exit {status}\n{(directory / f'{name}.log').read_text()}" for name, status in statuses.items()}


@pytest.mark.parametrize("identity", ["anonymous", "member", "admin"])
def test_every_answer_is_as_the_document_says(runs: dict[str, str], identity: str) -> None:
    report = runs[identity]
    assert report.startswith("exit 0\n"), report
