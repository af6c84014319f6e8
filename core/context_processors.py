from django.conf import settings

from core.models import PlatformSettings


def platform(request):
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "platform_settings": PlatformSettings.load(),
        "TRACKING_BEAT_SECONDS": settings.TRACKING_BEAT_SECONDS,
        "TRACKING_IDLE_SECONDS": settings.TRACKING_IDLE_SECONDS,
        "embedded": is_embedded(request),
    }


def is_embedded(request) -> bool:
    """A page loaded inside a frame (a learning path's player) renders bare: no navbar,
    breadcrumbs, course menu, footer or language switch. Browsers say so themselves
    (Sec-Fetch-Dest: iframe, kept across the frame's links, forms and redirects);
    ``?embed=1`` asks for it explicitly."""
    if request is None:
        return False
    return request.headers.get("Sec-Fetch-Dest") == "iframe" or request.GET.get("embed") == "1"
