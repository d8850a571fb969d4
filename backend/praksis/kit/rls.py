"""PostgreSQL row-level security for tenant tables; called from the Alembic migrations.

Each tenant table gets one policy: a row is visible and writable only when its
``municipality_id`` equals the transaction's ``praksis.tenant`` setting. With no setting,
``current_setting(..., true)`` is NULL or empty and nothing matches. FORCE applies the policy
to the table owner too; requests additionally run as the non-owner application role, because
a superuser bypasses every policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from alembic import op

from praksis.kit.db import STATUS_LIST_SETTING, TENANT_SETTING
from praksis.settings import get_settings

POLICY_NAME = "tenant_isolation"
STATUS_LIST_POLICY = "status_list_read"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _identifier(name: str) -> str:
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"unsafe SQL identifier {name!r}")
    return name


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def app_role() -> str:
    return _identifier(get_settings().app_db_role)


def create_app_role() -> None:
    """The non-superuser role each request switches to; the migrating user may assume it."""
    _create_assumable_role(app_role())


def status_list_role() -> str:
    return _identifier(get_settings().status_list_db_role)


def create_status_list_role() -> None:
    """The role of the public status list (``kit.db.StatusListSession``): no login, no
    privilege but what ``allow_status_list_reads`` grants; the migrating user may assume it."""
    _create_assumable_role(status_list_role())


@dataclass(frozen=True)
class ScanRole:
    """The role of a periodic scan across municipalities (``kit.db.read_across_municipalities``):
    created like the others, it may read a few columns of a table in every municipality
    (``allow``: its own read-only policy there), and nothing else."""

    setting: str  # the ``Settings`` field that names the role
    policy: str

    def role(self) -> str:
        return _identifier(getattr(get_settings(), self.setting))

    def allow(self, table: str, columns: tuple[str, ...]) -> None:
        if not _is_postgresql():
            return
        role, table = self.role(), _identifier(table)
        _create_assumable_role(role)
        op.execute(f"GRANT SELECT ({', '.join(map(_identifier, columns))}) ON {table} TO {role}")
        op.execute(f"CREATE POLICY {self.policy} ON {table} FOR SELECT TO {role} USING (true)")

    def disallow(self, table: str) -> None:
        _drop_read_policy(table, self.policy, self.role())


STATISTICS_SWEEP = ScanRole("statistics_sweep_db_role", "statistics_sweep_read")
"""``statistics.folding.pending_municipalities`` (migration 0029)."""
JOB_SCAN = ScanRole("job_scan_db_role", "job_scan_read")
"""``webhooks.delivery``'s and ``notifications.service``'s scans (migration 0030)."""
allow_statistics_sweep = STATISTICS_SWEEP.allow
disallow_statistics_sweep = STATISTICS_SWEEP.disallow


def _create_assumable_role(role: str) -> None:
    """A NOLOGIN, NOSUPERUSER, NOBYPASSRLS role the migrating user is a member of. Roles
    belong to the cluster, so another database's migration may be creating it at the same
    moment: that one's is as good."""
    if not _is_postgresql():
        return
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END
        $$;
        """
    )
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
                EXECUTE format('GRANT {role} TO %I', current_user);
            END IF;
        END
        $$;
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {role}")


def allow_status_list_reads(table: str) -> None:
    """After ``enable_tenant_rls``: the status list role may read the table's rows of the
    municipality in ``praksis.status_list``, and nothing else."""
    if not _is_postgresql():
        return
    table, role = _identifier(table), status_list_role()
    op.execute(f"GRANT SELECT ON {table} TO {role}")
    op.execute(
        f"CREATE POLICY {STATUS_LIST_POLICY} ON {table} FOR SELECT TO {role} "
        f"USING (municipality_id = current_setting('{STATUS_LIST_SETTING}', true))"
    )


def disallow_status_list_reads(table: str) -> None:
    _drop_read_policy(table, STATUS_LIST_POLICY, status_list_role())


def _drop_read_policy(table: str, policy: str, role: str) -> None:
    if not _is_postgresql():
        return
    table = _identifier(table)
    op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
    op.execute(f"REVOKE ALL ON {table} FROM {role}")


def grant_read(table: str) -> None:
    if _is_postgresql():
        op.execute(f"GRANT SELECT ON {_identifier(table)} TO {app_role()}")


def enable_tenant_rls(table: str) -> None:
    if not _is_postgresql():
        return
    table = _identifier(table)
    setting = f"current_setting('{TENANT_SETTING}', true)"
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY {POLICY_NAME} ON {table} "
        f"USING (municipality_id = {setting}) WITH CHECK (municipality_id = {setting})"
    )
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {app_role()}")


def create_tenant_table(table: str, *items: Any) -> None:
    """A table of ``TenantOwned`` rows, ``(municipality_id, id)`` first and then ``items``
    (its columns and constraints), with the tenant policy."""
    op.create_table(
        table,
        sa.Column("municipality_id", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        *items,
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f(f"fk_{table}_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", "id", name=op.f(f"pk_{table}")),
    )
    enable_tenant_rls(table)


def make_append_only(table: str) -> None:
    """After ``enable_tenant_rls``: the application role may only insert and read the rows,
    so not even a faulty request can change or remove one (the audit trail)."""
    if _is_postgresql():
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {_identifier(table)} FROM {app_role()}")


def disable_tenant_rls(table: str) -> None:
    if not _is_postgresql():
        return
    table = _identifier(table)
    op.execute(f"REVOKE ALL ON {table} FROM {app_role()}")
    op.execute(f"DROP POLICY IF EXISTS {POLICY_NAME} ON {table}")
    op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def grant_read_write(table: str) -> None:
    """For tables without tenant rows (partner offerings): the app role reads and writes."""
    if _is_postgresql():
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_identifier(table)} TO {app_role()}")


def revoke_all(table: str) -> None:
    if _is_postgresql():
        op.execute(f"REVOKE ALL ON {_identifier(table)} FROM {app_role()}")
