"""core.cache.LocalFirstCache: this process's memory in front of a shared cache, for entries
keyed by the version of what they hold (the course pages' tool switches and fragments)."""

import threading
import uuid

import pytest
from django.core.cache import caches

from core.cache import LocalFirstCache


@pytest.fixture
def shared_and_tiered(settings):
    shared_location = f"shared-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "shared-test": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": shared_location,
        },
    }
    tiered = LocalFirstCache("shared-test", {"OPTIONS": {"LOCAL_SECONDS": 60}})
    yield caches["shared-test"], tiered
    tiered.clear()


def test_a_write_reaches_both_and_a_read_is_answered_from_memory(shared_and_tiered):
    shared, tiered = shared_and_tiered
    tiered.set("course:1:v1:tools", [("documents", True, True)], 3600)
    assert shared.get("course:1:v1:tools") == [("documents", True, True)]
    # Gone from the shared cache (evicted, or Redis restarted): this process still has it,
    # which is right because the key names the version.
    shared.delete("course:1:v1:tools")
    assert tiered.get("course:1:v1:tools") == [("documents", True, True)]


def test_a_miss_reads_what_another_process_wrote_and_keeps_a_copy(shared_and_tiered):
    shared, tiered = shared_and_tiered
    assert tiered.get("course:2:v1:nav", "none") == "none"
    shared.set("course:2:v1:nav", "<ul>...</ul>", 3600)  # another process computed it
    assert tiered.get("course:2:v1:nav") == "<ul>...</ul>"
    shared.clear()
    assert tiered.get("course:2:v1:nav") == "<ul>...</ul>"


def test_a_new_version_is_a_new_key(shared_and_tiered):
    _shared, tiered = shared_and_tiered
    tiered.set("course:3:v1:grid", "old", 3600)
    assert tiered.get("course:3:v2:grid") is None
    tiered.set("course:3:v2:grid", "new", 3600)
    assert (tiered.get("course:3:v1:grid"), tiered.get("course:3:v2:grid")) == ("old", "new")


def test_local_copies_are_bounded_in_time(shared_and_tiered, monkeypatch):
    shared, tiered = shared_and_tiered
    tiered.set("k", "v", 3600)
    shared.delete("k")
    clock = [1_000_000.0]
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: clock[0])
    tiered.set("k2", "v2", 3600)
    shared.delete("k2")
    clock[0] += 61  # past LOCAL_SECONDS
    assert tiered.get("k2") is None
    # A short timeout asked for is kept locally too.
    tiered.set("k3", "v3", 5)
    clock[0] += 6
    assert tiered.get("k3") is None


def test_add_delete_and_threads_share_one_memory(shared_and_tiered):
    shared, tiered = shared_and_tiered
    assert tiered.add("a", 1, 60) is True
    assert tiered.add("a", 2, 60) is False
    assert tiered.get("a") == 1
    seen = []
    other = LocalFirstCache("shared-test", {"OPTIONS": {"LOCAL_SECONDS": 60}})
    shared.delete("a")

    def read():
        seen.append(other.get("a"))  # another thread's (and instance's) view of this process

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert seen == [1]
    assert tiered.delete("a") is False  # already gone from the shared cache
    assert tiered.get("a") is None and not tiered.has_key("a")
