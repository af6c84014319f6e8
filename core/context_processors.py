from django.conf import settings

from core.models import PlatformSettings


def platform(request):
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "platform_settings": PlatformSettings.load(),
        "TRACKING_BEAT_SECONDS": settings.TRACKING_BEAT_SECONDS,
        "TRACKING_IDLE_SECONDS": settings.TRACKING_IDLE_SECONDS,
    }
