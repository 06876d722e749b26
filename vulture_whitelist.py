"""Names vulture reports as unused that are used where it cannot look; each says who uses it.

Read by vulture in `make lint`, never imported. Framework hooks are in [tool.vulture] of pyproject.toml and the
names the templates read are listed by scripts/template_names.py, so neither belongs here.
"""

_ = object()

# Called from outside the package.
_.create_app_from_environment  # uvicorn's factory, named as a string by `dailypapers serve`
_.BoundDatabase  # tests/conftest.py: a Database whose transactions are savepoints the test rolls back
_.MemorySender  # the in-memory Sender beside the SMTP and console ones (docs/architecture.md); tests send with it
_.join_refresh  # waits for the keyword mirror's background refresh: tests, a server shutting down
_.join_rebuild  # waits for the spelling dictionary's background rebuild: tests
_.in_flight_count  # ReaderLookups: how many arXiv lookups run now, for tests and a future /metrics
_.fuse_reciprocal_rank  # benchmarks.csfcube measures the shipped z-score fusion against it
_.keyword_scores  # the word score over sets of words: benchmarks.for_you ("shared words alone") and its tests
_.licence  # written into the model manifest by scripts/build_model.py
_.to_json  # scripts/build_model.py

# Attributes set for a library to read.
_.isolation_level  # the sqlite3 connection's: None hands transactions to SQLAlchemy
_.intra_op_num_threads  # onnxruntime.SessionOptions
_.inter_op_num_threads

# Fields of records: a row or an event is returned whole though no caller reads every field yet.
_.arxiv_updated_at  # PaperRecord and Paper: merged and stored by name (domain/paper_merge.py)
_.organization
_.acquired_at  # store/leases.py Lease, a leases row
_.last_finished_at  # store/job_runs.py JobRun, a job_runs row
_.held_until  # services/jobs.py JobState
_.bytes_total  # services/imports.py ImportProgress
_.search_url  # web/api/saved_searches.py SavedSearchOut: read by API clients
_.period_key  # web/pages/daily.py DailyView: no template reads it; left to the change that reworks web links

# Fields of the Hugging Face-compatible models (web/api/hf_schemas.py): validated from domain/hf_json.py's dicts and
# written out by their camelCase aliases; no Python reads them by name.
_.fullname
_.num_comments
_.first_daily_date
_.submitted_on_daily_at
_.is_author_participating
_.trending_score
_.upstream_upvotes
_.local_upvotes
_.upstream_position

# Assigned for FastAPI to call.
_.openapi  # web/app.py: FastAPI.openapi, which serves /openapi.json, built by web/openapi.py


# Read by name from outside Python.
_.collect  # services/metrics.py DatabaseCollector: prometheus-client calls it at each scrape
_.embedded_count  # services/health.py SearchState: written to /readyz's JSON by dataclasses.asdict
_.waiting_count  # services/health.py SearchState: written to /readyz's JSON by dataclasses.asdict
