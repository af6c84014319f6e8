import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every test here signs in several people; real hashing would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
