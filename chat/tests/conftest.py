import os
import uuid

import pytest

from chat.tests.asgi_server import asgi_live_server  # noqa: F401  (a fixture for browser tests)


def _redis_url() -> str:
    """Our own database number on the shared Redis (the CI's REDIS_URL host, or the local one)."""
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    return base.rsplit("/", 1)[0] + "/13"


def _redis_up(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["memory", "redis"])
def channel_layer_kind(request, settings):
    """Each chat test runs on the in-memory layer and on Redis (channels-redis)."""
    if request.param == "memory":
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    else:
        url = _redis_url()
        if not _redis_up(url):
            if os.environ.get("REDIS_URL"):
                pytest.fail(f"Redis at {url} does not answer: the chat must be tested on it.")
            pytest.skip("no Redis here")
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                # A prefix of our own: another test run on this Redis never sees our messages.
                "CONFIG": {"hosts": [url], "prefix": f"collab13-test-{uuid.uuid4().hex[:8]}"},
            }
        }
    return request.param
