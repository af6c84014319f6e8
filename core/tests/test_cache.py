"""core.cache.RedisCache: Django's Redis cache, one client object per pool (needs REDIS_URL)."""

import os
import threading
import uuid

import pytest

from core.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")


@pytest.fixture
def cache():
    prefix = f"test-core-cache-{uuid.uuid4().hex}"
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield backend
    # Only this test's keys: clear() would empty the whole Redis database (sessions included).
    client = backend._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_answers_like_the_django_backend(cache):
    assert cache.get("missing", "default") == "default"
    cache.set("k", {"a": [1, 2]}, 30)
    assert cache.get("k") == {"a": [1, 2]}
    assert cache.add("k", "other", 30) is False
    assert cache.add("n", 1, 30) is True
    assert cache.incr("n") == 2
    assert cache.get("n") == 2
    cache.set_many({"x": 1, "y": "two"}, 30)
    assert cache.get_many(["x", "y", "z"]) == {"x": 1, "y": "two"}
    assert cache.delete("k") is True
    assert cache.get("k") is None


def test_one_client_object_reused_and_shared_by_threads(cache):
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client
    assert cache._cache.get_client("any-key", write=True) is client
    seen, errors = [], []

    def work(n):
        try:
            for i in range(50):
                cache.set(f"t{n}-{i}", i, 30)
                assert cache.get(f"t{n}-{i}") == i
            seen.append(cache._cache.get_client())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(found is client for found in seen)
