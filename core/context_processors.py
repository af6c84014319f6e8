from django.conf import settings

from core.models import PlatformSettings


def platform(request):
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "platform_settings": PlatformSettings.load(),
    }
