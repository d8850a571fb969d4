"""``praksis serve | worker | migrate | municipality | seed-demo | seed-scale |
rebuild-statistics | erase-leavers | sync-os2mo | webhooks | token | openapi``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from praksis.settings import REPO_ROOT, get_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

OPENAPI_PATH = REPO_ROOT / "openapi" / "openapi.json"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler = args.handler
    result: int = handler(args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="praksis", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="command")

    serve = commands.add_parser("serve", help="run the API (and the SPA when built)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)

    worker = commands.add_parser(
        "worker", help="run the background jobs (PostgreSQL; on SQLite `serve` runs them)"
    )
    worker.add_argument(
        "--concurrency", type=int, default=4, help="jobs run at once (each in a thread)"
    )
    worker.set_defaults(handler=_worker)

    migrate = commands.add_parser("migrate", help="upgrade the database to the newest schema")
    migrate.set_defaults(handler=_migrate)

    _municipality_parser(commands)

    seed = commands.add_parser("seed-demo", help="add the demo data (idempotent)")
    seed.set_defaults(handler=_seed_demo)

    scale = commands.add_parser(
        "seed-scale", help="generate realistic data for Denmark's municipalities (bulk load)"
    )
    scale.add_argument("--municipalities", type=int, default=98, help="the first N (1-98)")
    scale.add_argument("--people-per-municipality", type=int, default=2000)
    scale.add_argument("--seed", type=int, default=1)
    scale.add_argument(
        "--replace", action="store_true", help="delete those municipalities' data first"
    )
    scale.set_defaults(handler=_seed_scale)

    rebuild = commands.add_parser(
        "rebuild-statistics",
        help="recompute the maintained statistics tables from the raw data (after upgrading)",
    )
    rebuild.set_defaults(handler=_rebuild_statistics)

    leavers = commands.add_parser(
        "erase-leavers",
        help="erase the personal data of people who left more than "
        "PRAKSIS_RETENTION_MONTHS_AFTER_LEAVING months ago",
    )
    leavers.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
    )
    leavers.add_argument("--dry-run", action="store_true", help="report; erase nothing")
    leavers.set_defaults(handler=_erase_leavers)

    sync = commands.add_parser(
        "sync-os2mo",
        help="make org units, people and leaders as the municipality's OS2mo has them "
        "(PRAKSIS_OS2MO_CONNECTIONS)",
    )
    sync.add_argument(
        "--municipality",
        action="append",
        dest="municipalities",
        help="e.g. dk-0615; repeatable (default: every municipality with a connection)",
    )
    sync.add_argument("--dry-run", action="store_true", help="report; change nothing")
    sync.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
    )
    sync.set_defaults(handler=_sync_os2mo)
    _webhooks_parser(commands)

    token = commands.add_parser("token", help="print a development JWT")
    token.add_argument("--tenant", help="municipality id, e.g. dk-0766")
    token.add_argument("--role", action="append", required=True, dest="roles")
    token.add_argument("--sub", default=None, help="subject (default: derived from tenant+role)")
    token.add_argument("--partner", default=None, help="partner slug, e.g. kl")
    token.add_argument("--scope", default=None, help="space-separated scopes (integration)")
    token.add_argument("--name", default=None)
    token.add_argument("--ttl", type=int, default=3600, help="seconds the token is valid")
    token.set_defaults(handler=_token)

    openapi = commands.add_parser("openapi", help="write (or --check) openapi/openapi.json")
    openapi.add_argument("--output", type=Path, default=OPENAPI_PATH)
    openapi.add_argument("--check", action="store_true", help="fail if the file is stale")
    openapi.set_defaults(handler=_openapi)
    return parser


def _webhooks_parser(commands: Any) -> None:
    webhooks = commands.add_parser("webhooks", help="outgoing webhooks")
    actions = webhooks.add_subparsers(required=True, metavar="action")
    deliver = actions.add_parser(
        "deliver", help="send every webhook delivery that is due, once, in every municipality"
    )
    deliver.set_defaults(handler=_webhooks_deliver)


def _municipality_parser(commands: Any) -> None:
    municipality = commands.add_parser(
        "municipality", help="add, list, rename, export or remove (offboard) a municipality"
    )
    actions = municipality.add_subparsers(required=True, metavar="action")
    add = actions.add_parser("add", help="a new municipality (tenant), empty")
    add.add_argument("id", help="dk-NNNN or no-NNNN: country and the official code")
    add.add_argument("name")
    add.add_argument(
        "--time-zone", default=None, help="IANA zone (default Europe/Copenhagen or Europe/Oslo)"
    )
    add.set_defaults(handler=_municipality_add)
    listing = actions.add_parser("list", help="every municipality: id, name, time zone")
    listing.set_defaults(handler=_municipality_list)
    rename = actions.add_parser("rename", help="a new name for a municipality")
    rename.add_argument("id")
    rename.add_argument("name")
    rename.set_defaults(handler=_municipality_rename)
    export = actions.add_parser("export", help="everything the municipality holds, as JSON")
    export.add_argument("id")
    export.add_argument("--output", type=Path, required=True, help="the file to write")
    export.set_defaults(handler=_municipality_export)
    remove = actions.add_parser(
        "remove", help="export everything to a file, then delete the municipality entirely"
    )
    remove.add_argument("id")
    remove.add_argument("--export", type=Path, required=True, help="where the export goes first")
    remove.add_argument("--confirm", required=True, help="the id again, to say you mean it")
    remove.set_defaults(handler=_municipality_remove)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from praksis.kit.logs import configure_logging

    settings = get_settings()
    # uvicorn's own lines go through Praksis's handler (JSON, redacted); its access log, which
    # prints raw URLs, is replaced by the request lines of kit.observability
    configure_logging(settings.log_level, settings.log_format)
    uvicorn.run(
        "praksis.app:serve_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        server_header=False,
        log_config=None,
        access_log=False,
        # SIGTERM: stop accepting, let in-flight requests finish for this long, then exit
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )
    return 0


def _worker(args: argparse.Namespace) -> int:
    from praksis.jobs import run_worker
    from praksis.kit.db import create_db_engine, missing_roles
    from praksis.kit.jobs import JobRuntime
    from praksis.kit.logs import configure_logging

    settings = get_settings()
    if not settings.is_postgresql:
        print(
            "praksis worker needs PostgreSQL; on SQLite `praksis serve` runs the jobs itself "
            "(PRAKSIS_EMBEDDED_WORKER)",
            file=sys.stderr,
        )
        return 2
    if args.concurrency < 1:
        print("praksis worker: --concurrency is at least 1", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    _install_wiring()
    engine = create_db_engine(
        settings.database_url,
        pool_size=args.concurrency + 1,
        statement_timeout_seconds=settings.database_statement_timeout_seconds,
        lock_timeout_seconds=settings.database_lock_timeout_seconds,
    )
    try:
        with engine.connect() as connection:
            missing = missing_roles(connection, settings.worker_roles())
        if missing:
            print(
                f"praksis worker: the database roles {', '.join(missing)} are missing or not "
                "granted to the login it connects as: `praksis migrate` creates them "
                "(docs/operations.md)",
                file=sys.stderr,
            )
            return 2
        run_worker(JobRuntime(engine, settings), concurrency=args.concurrency)
    finally:
        engine.dispose()
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    from praksis.kit.migrations import upgrade

    settings = get_settings()
    _ensure_sqlite_folder(settings.database_url)
    upgrade(settings.database_url)
    return 0


def _owner_engine() -> Engine:
    from praksis.kit.db import create_db_engine

    _install_wiring()  # every table known, for export and removal
    return create_db_engine(get_settings().database_url)


def _run_owner_command(run: Callable[[Engine], str]) -> int:
    from praksis.municipalities.service import MunicipalityRefused

    engine = _owner_engine()
    try:
        print(run(engine))
    except (MunicipalityRefused, OSError) as refused:
        print(f"praksis municipality: {refused}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


def _municipality_add(args: argparse.Namespace) -> int:
    from praksis.municipalities.service import add_municipality

    def run(engine: Engine) -> str:
        added = add_municipality(engine, args.id, args.name, args.time_zone)
        return f"added {added.id} {added.name} ({added.time_zone})"

    return _run_owner_command(run)


def _municipality_list(_args: argparse.Namespace) -> int:
    from praksis.municipalities.service import list_municipalities

    def run(engine: Engine) -> str:
        rows = list_municipalities(engine)
        return "\n".join(f"{row.id}\t{row.name}\t{row.time_zone}" for row in rows)

    return _run_owner_command(run)


def _municipality_rename(args: argparse.Namespace) -> int:
    from praksis.municipalities.service import rename_municipality

    def run(engine: Engine) -> str:
        renamed = rename_municipality(engine, args.id, args.name)
        return f"renamed {renamed.id} to {renamed.name}"

    return _run_owner_command(run)


def _municipality_export(args: argparse.Namespace) -> int:
    from praksis.municipalities.offboarding import export_municipality

    def run(engine: Engine) -> str:
        _write_new_file(args.output, export_municipality(engine, args.id))
        return f"exported {args.id} to {args.output}"

    return _run_owner_command(run)


def _municipality_remove(args: argparse.Namespace) -> int:
    from praksis.municipalities.offboarding import export_municipality, remove_municipality
    from praksis.municipalities.service import MunicipalityRefused

    def run(engine: Engine) -> str:
        if args.confirm != args.id:
            raise MunicipalityRefused(f"--confirm must repeat the id ({args.id}).")
        _write_new_file(args.export, export_municipality(engine, args.id))
        deleted = remove_municipality(engine, args.id)
        return f"exported {args.id} to {args.export}, then deleted {sum(deleted.values())} rows"

    return _run_owner_command(run)


def _write_new_file(path: Path, content: bytes) -> None:
    """Written in full or not at all, and never over an existing file."""
    from praksis.municipalities.service import MunicipalityRefused

    if path.exists():
        raise MunicipalityRefused(f"{path} exists; choose a new file.")
    partial = path.with_name(path.name + ".partial")
    with partial.open("xb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    partial.rename(path)


def _seed_demo(_args: argparse.Namespace) -> int:
    from praksis.demo.service import seed_demo
    from praksis.kit.db import create_db_engine
    from praksis.statistics.folding import settle

    _install_wiring()
    settings = get_settings()
    engine = create_db_engine(settings.database_url)
    counts = seed_demo(engine, settings)
    settle(engine, settings.app_db_role)  # the statistics include the demo data at once
    engine.dispose()
    print("demo data: " + ", ".join(f"{key} {value}" for key, value in counts.items()))
    return 0


def _seed_scale(args: argparse.Namespace) -> int:
    from praksis.kit.db import create_db_engine
    from praksis.scale.service import ExistingData, ScaleOptions, seed_scale

    _install_wiring()
    try:
        options = ScaleOptions(
            municipalities=args.municipalities,
            people_per_municipality=args.people_per_municipality,
            seed=args.seed,
            replace=args.replace,
        )
    except ValueError as error:
        print(f"praksis seed-scale: {error}", file=sys.stderr)
        return 2
    settings = get_settings()
    engine = create_db_engine(settings.database_url, pool_size=2)
    try:
        report = seed_scale(engine, options, settings.jwt_issuer)
    except ExistingData as error:
        print(f"praksis seed-scale: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    width = max(len(table) for table in report.counts)
    for table, count in sorted(report.counts.items()):
        print(f"{table:<{width}}  {count:>10,}")
    if report.replaced:
        print(f"replaced the data of {len(report.replaced)} municipalities")
    print(f"loaded in {report.load_seconds:.1f} s")
    if report.aggregate_rows is None:
        print("statistics aggregates: not available in this build (nothing rebuilt)")
    else:
        print(
            f"statistics aggregates rebuilt in {report.rebuild_seconds:.1f} s "
            f"({report.aggregate_rows:,} rows)"
        )
    return 0


def _rebuild_statistics(_args: argparse.Namespace) -> int:
    import time

    from praksis.kit.db import create_db_engine
    from praksis.statistics.folding import rebuild_statistics

    _install_wiring()
    settings = get_settings()
    engine = create_db_engine(settings.database_url, pool_size=2)
    started = time.perf_counter()
    try:
        written = rebuild_statistics(engine, settings.app_db_role)
    finally:
        engine.dispose()
    print(f"statistics rebuilt in {time.perf_counter() - started:.1f} s ({written:,} rows)")
    return 0


def _erase_leavers(args: argparse.Namespace) -> int:
    from praksis.kit.db import create_db_engine
    from praksis.privacy.service import erase_leavers

    settings = get_settings()
    months = settings.retention_months_after_leaving
    if months is None:
        print(
            "praksis erase-leavers: PRAKSIS_RETENTION_MONTHS_AFTER_LEAVING is not set; "
            "nobody was erased"
        )
        return 0
    _install_wiring()
    engine = create_db_engine(settings.database_url, pool_size=2)
    try:
        reports = erase_leavers(
            engine, settings.app_db_role, months, args.today or date.today(), dry_run=args.dry_run
        )
    finally:
        engine.dispose()
    verb = "would erase" if args.dry_run else "erased"
    for municipality, report in reports.items():
        if report.erased or report.blocked:
            print(f"{municipality}: {verb} {len(report.erased)}, blocked {len(report.blocked)}")
        for person_id, reason in report.blocked.items():
            print(f"  blocked {person_id}: {reason}")
    total = sum(len(report.erased) for report in reports.values())
    print(f"{verb} {total} leaver(s) who left more than {months} months ago")
    return 0


def _sync_os2mo(args: argparse.Namespace) -> int:
    from praksis.kit.db import create_db_engine
    from praksis.kit.jobs import JobRuntime
    from praksis.orgsync.service import sync_municipalities

    settings = get_settings()
    wanted = args.municipalities or sorted(settings.os2mo_connections)
    if not wanted:
        print(
            "praksis sync-os2mo: PRAKSIS_OS2MO_CONNECTIONS names no municipality", file=sys.stderr
        )
        return 2
    _install_wiring()
    engine = create_db_engine(settings.database_url, pool_size=2)
    try:
        outcomes = sync_municipalities(
            JobRuntime(engine, settings), wanted, args.today or date.today(), dry_run=args.dry_run
        )
    finally:
        engine.dispose()
    for outcome in outcomes:
        if outcome.report is None:
            print(f"{outcome.municipality_id}: not synced: {outcome.error}", file=sys.stderr)
        else:
            print(outcome.report.text())
    return 1 if any(outcome.failed for outcome in outcomes) else 0


def _webhooks_deliver(args: argparse.Namespace) -> int:
    from praksis.kit.db import create_db_engine
    from praksis.webhooks.delivery import deliver_due

    settings = get_settings()
    _install_wiring()
    engine = create_db_engine(settings.database_url, pool_size=2)
    try:
        report = deliver_due(engine, settings)
    finally:
        engine.dispose()
    for municipality, attempted in sorted(report.per_municipality.items()):
        print(f"{municipality}: {attempted} attempt(s)")
    print(f"delivered {report.delivered}, to retry {report.retrying}, failed {report.failed}")
    return 0


def _install_wiring() -> None:
    """Every table registered, the cross-domain handlers subscribed and the statistics upkeep
    installed (``praksis.wiring``), as in the app: for the commands that write."""
    import praksis.models  # noqa: F401
    from praksis import wiring

    wiring.install()


def _token(args: argparse.Namespace) -> int:
    from praksis.kit.auth import issue_dev_token

    settings = get_settings()
    if settings.jwt_secret is None:
        print("praksis token needs the development issuer: set PRAKSIS_JWT_SECRET", file=sys.stderr)
        return 2
    subject = args.sub or "-".join(filter(None, [args.tenant or args.partner, *args.roles]))
    print(
        issue_dev_token(
            settings,
            subject=subject,
            tenant=args.tenant,
            roles=args.roles,
            partner=args.partner,
            scope=args.scope,
            name=args.name,
            ttl_seconds=args.ttl,
        )
    )
    return 0


def openapi_document() -> str:
    from praksis.app import create_app

    document = create_app().openapi()
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _openapi(args: argparse.Namespace) -> int:
    current = openapi_document()
    if args.check:
        committed = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if committed != current:
            print(f"{args.output} is stale: run `praksis openapi`", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(current, encoding="utf-8")
    return 0


def _ensure_sqlite_folder(database_url: str) -> None:
    prefix = "sqlite:///"
    if database_url.startswith(prefix):
        Path(database_url[len(prefix) :]).parent.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())
