"""deploy/: compose.yaml parses and wires the services as docs/deploy.md says, the Caddy configurations send
traffic to the nodes the other files start, and the systemd units' commands start a site for real (two web nodes
and a worker on their own data directories, after the migration unit)."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

from dailypapers.domain import urls
from dailypapers.settings import Settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
INSTALLED = "/opt/dailypapers/.venv/bin/dailypapers"
STATE = "/var/lib/dailypapers"


def _compose() -> dict[str, dict]:  # type: ignore[type-arg]
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())  # type: ignore[no-any-return]


def _env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))
    return {name: value for name, value in pairs}


def test_compose_runs_a_database_two_nodes_a_worker_and_a_tls_proxy() -> None:
    services = _compose()["services"]
    assert set(services) == {"db", "migrate", "web1", "web2", "worker", "proxy"}
    assert services["db"]["image"].startswith("pgvector/pgvector:")
    nodes = [services[name] for name in ("web1", "web2")]
    for node in nodes:
        assert node["command"][:1] == ["serve"] and node["environment"]["DAILYPAPERS_TRUSTED_PROXY_COUNT"] == "1"
        assert urls.readyz_path() in " ".join(node["healthcheck"]["test"])
        assert node["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["command"] == ["worker"] and services["migrate"]["command"] == ["migrate"]
    dailypapers = [services[name] for name in ("migrate", "web1", "web2", "worker")]
    # One database for all, a data directory each.
    assert len({service["environment"]["DAILYPAPERS_DATABASE_URL"] for service in dailypapers}) == 1
    assert "@db:5432/" in dailypapers[0]["environment"]["DAILYPAPERS_DATABASE_URL"]
    volumes = [service["volumes"][0].split(":")[0] for service in (*nodes, services["worker"])]
    assert len(set(volumes)) == 3
    assert {"443:443", "80:80"} <= set(services["proxy"]["ports"])
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    for name in _env_file(DEPLOY / "dailypapers.env.example"):
        assert name.lower().removeprefix("dailypapers_") in Settings.model_fields, name


def test_the_caddy_configurations_balance_over_the_nodes_and_hide_metrics() -> None:
    compose_upstreams = {f"{name}:8000" for name in ("web1", "web2")}
    units = DEPLOY / "systemd"
    host_upstreams = {"127.0.0.1:8001", "127.0.0.1:8002"}
    assert "dailypapers-web@.service" in {path.name for path in units.iterdir()}
    for path, upstreams in ((DEPLOY / "Caddyfile", compose_upstreams), (DEPLOY / "Caddyfile.host", host_upstreams)):
        text = path.read_text()
        (line,) = re.findall(r"^\s*reverse_proxy (.+) \{$", text, re.MULTILINE)
        assert set(line.split()) == upstreams
        assert f"health_uri {urls.readyz_path()}" in text
        assert re.search(rf"@internal path {re.escape(urls.metrics_path())}\s+respond @internal 404", text)


def _unit(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name)
    return parser["Service"]


def _command(
    service: configparser.SectionProxy, *, instance: str, root: Path, base_env: dict[str, str]
) -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart and environment as systemd would run them, the install paths moved under `root`."""

    def local(text: str) -> str:
        return text.replace("%i", instance).replace(STATE, str(root / "state"))

    environment = dict(base_env)
    name, _, value = service["Environment"].partition("=")
    environment[name] = local(value)
    Path(environment["DAILYPAPERS_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    arguments = shlex.split(local(service["ExecStart"]))
    assert arguments[0] == INSTALLED
    return [sys.executable, "-m", "dailypapers", *arguments[1:]], environment


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_systemd_units_start_two_nodes_and_a_worker(tmp_path: Path) -> None:
    for name in ("dailypapers-migrate.service", "dailypapers-web@.service", "dailypapers-worker.service"):
        service = _unit(name)
        assert service["EnvironmentFile"] == "/etc/dailypapers/dailypapers.env"
        assert service["User"] == "dailypapers"
    base_env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("DAILYPAPERS_")},
        **_env_file(DEPLOY / "dailypapers.env.example"),
        # What this check cannot have: a PostgreSQL server and a mail server at the example's addresses.
        "DAILYPAPERS_DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DAILYPAPERS_EMAIL_BACKEND": "file",
        "DAILYPAPERS_ARXIV_LOOKUPS": "false",
    }
    command, env = _command(_unit("dailypapers-migrate.service"), instance="", root=tmp_path, base_env=base_env)
    migrated = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert migrated.returncode == 0 and "migrated" in migrated.stdout, migrated.stderr
    ports = [str(_free_port()), str(_free_port())]
    started: list[tuple[subprocess.Popen[bytes], Path]] = []
    try:
        for instance, unit in [(port, "dailypapers-web@.service") for port in ports] + [
            ("", "dailypapers-worker.service")
        ]:
            command, env = _command(_unit(unit), instance=instance, root=tmp_path, base_env=base_env)
            log = tmp_path / f"{unit}{instance}.log"
            with log.open("wb") as out:
                started.append((subprocess.Popen(command, env=env, stdout=out, stderr=out), log))
        for port in ports:
            _wait_ready(f"http://127.0.0.1:{port}", started)
        worker_log = started[-1][1]
        deadline = time.monotonic() + 30
        while "worker" not in worker_log.read_text() or "started" not in worker_log.read_text():
            assert time.monotonic() < deadline, worker_log.read_text()
            time.sleep(0.2)
        assert (tmp_path / "state" / f"web-{ports[0]}").is_dir() and (tmp_path / "state" / "worker").is_dir()
    finally:
        for process, _ in started:
            process.send_signal(signal.SIGTERM)  # systemd's stop
        codes = [process.wait(timeout=30) for process, _ in started]
    # uvicorn shuts down gracefully, then re-raises the SIGTERM it caught; systemd counts that exit as clean.
    assert set(codes) <= {0, -signal.SIGTERM}, [log.read_text()[-2000:] for _, log in started]
    for _, log in started[:2]:
        assert "Application shutdown complete" in log.read_text()
    assert "stopped" in started[2][1].read_text()
    # JSON logs (the example's DAILYPAPERS_LOG_FORMAT), one line per request.
    assert '"route": "/readyz"' in started[0][1].read_text()


def _wait_ready(base_url: str, started: list[tuple[subprocess.Popen[bytes], Path]]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for process, log in started:
            assert process.poll() is None, log.read_text()
        try:
            if httpx.get(base_url + urls.readyz_path(), timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{base_url} never became ready")
