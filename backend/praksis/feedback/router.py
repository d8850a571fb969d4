from __future__ import annotations

from praksis.kit.context import api_router

router = api_router(prefix="/feedback", tags=["feedback"])
