"""Django's Redis cache, without building a Redis client object for every cache call.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` makes a new ``redis.Redis``
on each call; its constructor copies the library's table of ~170 response callbacks into a
case-insensitive dict, some 0.1 ms of CPU per cache operation, and a page makes several (the
session, the tool switches, the cached fragments). The client is thread-safe (it borrows a
connection from the pool for each command), so one per pool is kept and reused. Nothing else
changes: same pools, same serializer, same keys. ``CACHES[...]["BACKEND"] =
"core.cache.RedisCache"``.

``LocalFirstCache`` puts each process's own memory in front of that shared cache, for entries
that never change once written (see its docstring).
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


_MISSING = object()


class LocalFirstCache(BaseCache):
    """This process's memory first, then the shared cache named by ``LOCATION`` ("default").

    Only for entries whose key names the version of what they hold, so that a value, once
    written under a key, is never replaced by a different one: the course pages' tool switches
    and fragments (``courses/caching.py``: keyed by ``Course.updated_at``, role, language). A
    change makes a new key instead of invalidating the old one, so a copy kept in one process
    can never be stale, and it saves that process a Redis round trip (a GET, its reply and the
    unpickling: some 0.15-0.2 ms of CPU each, three to four per course page). A miss here reads
    the shared cache (what another process computed) and keeps a copy; a write goes to both.

    The local copies live in a ``LocMemCache`` (shared by the process's threads, bounded by
    ``OPTIONS["MAX_ENTRIES"]``, 2,000 by default, least recently used dropped first) for at
    most ``OPTIONS["LOCAL_SECONDS"]`` (300 s), whatever the shared entry's timeout: an old
    version's copy simply stops being asked for and ages out. ``delete`` and ``clear`` reach
    only this process's copies besides the shared cache: not for entries that may change.
    """

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = location or "default"
        self._local_seconds = int(options.get("LOCAL_SECONDS", 300))
        self._local = LocMemCache(
            f"local-first:{self._shared_alias}",
            {
                "TIMEOUT": self._local_seconds,
                "OPTIONS": {"MAX_ENTRIES": int(options.get("MAX_ENTRIES", 2000))},
            },
        )

    @property
    def _shared(self) -> BaseCache:
        return caches[self._shared_alias]

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version=version)
        if value is not _MISSING:
            return value
        value = self._shared.get(key, _MISSING, version=version)
        if value is _MISSING:
            return default
        self._local.set(key, value, self._local_seconds, version=version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version=version)
        self._local.set(key, value, self._local_timeout(timeout), version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version=version)
        if added:
            self._local.set(key, value, self._local_timeout(timeout), version=version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version=version)

    def delete(self, key, version=None):
        self._local.delete(key, version=version)
        return self._shared.delete(key, version=version)

    def has_key(self, key, version=None):
        return self._local.has_key(key, version=version) or self._shared.has_key(
            key, version=version
        )

    def clear(self):
        self._local.clear()
        self._shared.clear()

    def _local_timeout(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self._local_seconds
        return min(timeout, self._local_seconds)
