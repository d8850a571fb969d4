"""Praksis: strategic competence development for municipalities.

One service signature (docs/architecture.md, "One service signature"): a domain's service
function that acts for a caller takes ``context: TenantContext`` first (``PartnerContext`` on
the partner path) and decides there, from ``context.principal`` and ``context.person_id``,
which rows the caller may see or change; a router hands it the context, never the session.
Lookups other domains' services share (fetch-by-id-or-404, organisation-tree facts) take the
tenant session first, under a ``# --- lookups other domains use`` heading, as private helpers
do. System paths (CLI, demo, scale generator, tests) build a context with
``TenantContext.over_session``.
"""
