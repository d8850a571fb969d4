from __future__ import annotations

from praksis.kit.context import api_router

router = api_router(prefix="/programmes", tags=["programmes"])

offerings_router = api_router(prefix="/partner-offerings", tags=["partner-offerings"])
