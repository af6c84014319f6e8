"""The write buffer between requests and the tracking tables.

A request that opens a course page must not pay for an INSERT (or an UPDATE of a hot daily row):
it appends one small record to a buffer, and ``tracking.services.hits_flush`` folds the buffer
into the daily rows in bulk.

- With Redis (``REDIS_URL``): one RPUSH per hit into a list shared by every web process; Celery
  beat flushes it (``tracking.tasks.flush_hits_task``, every ``TRACKING_FLUSH_SECONDS``).
- Without Redis (``make run``, tests): a list in this process, flushed by the request that finds
  it full or old (``should_flush``), so the embedded setup needs no worker.

Records are tuples of JSON scalars: ("hit", user id, course id, tool key, unix time),
("time", user id, course id, seconds, unix time), ("login", user id, unix time).
"""

import json
import threading
import time

from django.conf import settings

_lock = threading.Lock()
_local: list[tuple] = []
_last_flush = time.monotonic()
_redis = None


def _redis_client():
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(settings.REDIS_URL)
    return _redis


def uses_redis() -> bool:
    return settings.TRACKING_BUFFER == "redis"


def push(record: tuple) -> None:
    """Append one record; O(1), one network round trip at most."""
    if uses_redis():
        _redis_client().rpush(settings.TRACKING_BUFFER_KEY, json.dumps(record))
        return
    with _lock:
        _local.append(record)


def drain(limit: int = 50_000) -> list[tuple]:
    """Take up to ``limit`` records out of the buffer (they are gone from it afterwards)."""
    global _last_flush
    if uses_redis():
        client = _redis_client()
        with client.pipeline() as pipe:  # MULTI: read and trim as one step
            pipe.lrange(settings.TRACKING_BUFFER_KEY, 0, limit - 1)
            pipe.ltrim(settings.TRACKING_BUFFER_KEY, limit, -1)
            raw, _trimmed = pipe.execute()
        return [tuple(json.loads(item)) for item in raw]
    with _lock:
        records = _local[:limit]
        del _local[:limit]
        _last_flush = time.monotonic()
    return records


def should_flush() -> bool:
    """Local buffer only: flush when it holds many records or has waited long enough."""
    if uses_redis():
        return False
    return len(_local) >= settings.TRACKING_FLUSH_SIZE or (
        _local and time.monotonic() - _last_flush >= settings.TRACKING_FLUSH_SECONDS
    )
