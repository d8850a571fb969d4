from __future__ import annotations

from praksis.kit.context import api_router

router = api_router(prefix="/workshops", tags=["workshops"])

calendar_router = api_router(prefix="/calendar", tags=["calendar"])
