"""core.staticfiles: the manifest storage's addresses, computed once per name."""

import json

from core.staticfiles import RememberingManifestStaticFilesStorage


def _storage(tmp_path):
    manifest = {"version": "1.1", "hash": "x", "paths": {"css/a.css": "css/a.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return RememberingManifestStaticFilesStorage(location=tmp_path, base_url="/static/")


def test_same_addresses_as_the_manifest_and_computed_once(tmp_path, monkeypatch, settings):
    settings.DEBUG = False
    storage = _storage(tmp_path)
    assert storage.url("css/a.css") == "/static/css/a.0123abcd.css"
    assert storage.url("css/a.css#top") == "/static/css/a.0123abcd.css#top"
    calls = []
    original = storage.stored_name
    monkeypatch.setattr(storage, "stored_name", lambda name: calls.append(name) or original(name))
    assert storage.url("css/a.css") == "/static/css/a.0123abcd.css"
    assert calls == []  # remembered
    assert storage.url("css/a.css", force=True) == "/static/css/a.0123abcd.css"
    assert calls == ["css/a.css"]  # force asks the manifest again
