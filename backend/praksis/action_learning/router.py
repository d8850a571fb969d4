from __future__ import annotations

from praksis.kit.context import api_router

router = api_router(prefix="/action-learning-projects", tags=["action-learning-projects"])
