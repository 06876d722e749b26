"""What operators and load balancers ask: `/healthz` (the process answers), `/readyz` (it can serve: database,
schema, search), `/metrics` (Prometheus's text format)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from dailypapers.domain import urls
from dailypapers.services.health import check_readiness
from dailypapers.services.metrics import render_metrics
from dailypapers.web.deps import ServicesDep

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store"}


@router.get(urls.healthz_path())
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get(urls.readyz_path())
async def readyz(services: ServicesDep) -> JSONResponse:
    readiness = await run_in_threadpool(check_readiness, services.db, services.search)
    body = {
        "status": "ready" if readiness.ready else "not ready",
        "database": readiness.database or "ok",
        "schema": {"current": readiness.schema_revision, "expected": readiness.code_revision},
        "search": asdict(readiness.search) if readiness.search is not None else None,
    }
    return JSONResponse(body, status_code=200 if readiness.ready else 503, headers=NO_STORE)


@router.get(urls.metrics_path())
async def metrics(services: ServicesDep) -> Response:
    body = await run_in_threadpool(render_metrics, services.db, services.search, now=services.clock())
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers=NO_STORE)
