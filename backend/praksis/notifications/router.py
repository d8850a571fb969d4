from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.permissions import Permission
from praksis.notifications import service
from praksis.notifications.schemas import NotificationSettings, NotificationSettingsRead

OwnNotifications = Annotated[TenantContext, Depends(authorize(Permission.own_notifications))]

router = api_router(tags=["notifications"])


@router.get("/me/notification-settings", operation_id="get_my_notification_settings")
def get_my_notification_settings(context: OwnNotifications) -> NotificationSettingsRead:
    """Your e-mail language and delivery: each notification at once (the default), one
    digest a day, or none."""
    return service.my_settings(context)


@router.put("/me/notification-settings", operation_id="set_my_notification_settings")
def set_my_notification_settings(
    context: OwnNotifications, body: NotificationSettings
) -> NotificationSettingsRead:
    """Replace your e-mail language and delivery (none: no e-mail at all)."""
    return service.update_my_settings(context, body)
