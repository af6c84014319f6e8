import pytest

from conference.models import ConferenceServer
from conference.tests.bbb_server import start_server

SECRET = "8cd8ef52e8e101574e400365b55e11a6"


@pytest.fixture
def bbb():
    """A fake BigBlueButton server over real HTTP; the platform is not pointed at it yet."""
    state, stop = start_server(SECRET)
    yield state
    stop()


@pytest.fixture
def bbb_configured(bbb, db):
    ConferenceServer.objects.create(name="Test BBB", url=f"{bbb.url}/bigbluebutton/", secret=SECRET)
    return bbb
