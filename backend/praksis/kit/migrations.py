"""Running Alembic from code: ``praksis migrate`` and the tests use the same entry point."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from praksis.settings import REPO_ROOT

MIGRATIONS_DIR = REPO_ROOT / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Praksis's migrations, then (at the head) any newer ones of the job queue's own."""
    command.upgrade(alembic_config(database_url), revision)
    if revision == "head":
        apply_pending_queue_migrations(database_url)


def apply_pending_queue_migrations(database_url: str) -> list[str]:
    """procrastinate's migrations newer than the database's queue schema (``kit.jobs``)."""
    from praksis.kit.db import create_db_engine
    from praksis.kit.jobs import apply_queue_migrations

    engine = create_db_engine(database_url)
    try:
        with engine.begin() as connection:
            return apply_queue_migrations(connection)
    finally:
        engine.dispose()


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def praksis_owns(name: str | None, type_: str, _parent_names: object) -> bool:
    """What Alembic compares with the models: not the job queue's ``procrastinate_*`` tables,
    which migration 0022 creates from procrastinate's own schema (``kit.jobs``)."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))
