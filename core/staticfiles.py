"""WhiteNoise's compressed manifest storage, remembering the address of each static file.

``{% static %}`` asks the storage for a file's address on every use: the manifest lookup,
``urldefrag``/``urlsplit``/``urljoin``/``unquote`` around it, ~20 µs a call, and a page uses it
some ten times (base.html alone eight). The manifest does not change while a process runs (it
is read once, when the storage is created), so each name's address is computed once.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Names come from the templates, not from requests; the bound only guards against a surprise.
_MAX_NAMES = 4096


class RememberingManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        found = self._urls.get(name)
        if found is None:
            found = super().url(name)
            if len(self._urls) < _MAX_NAMES:
                self._urls[name] = found
        return found
