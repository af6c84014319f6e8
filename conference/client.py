"""A BigBlueButton API client (https://docs.bigbluebutton.org/development/api).

Every call is ``<server>/api/<call>?<query>&checksum=<hash>`` where the hash is
SHA-1 (or SHA-256) of ``<call><query><shared secret>``; every answer is XML with a
``returncode`` of SUCCESS or FAILED (and a ``messageKey``/``message``). XML is parsed with
entities and network access off.
"""

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlencode

from lxml import etree

TIMEOUT = 10  # seconds: a page waits at most this long for the server


class BBBError(Exception):
    """The server answered FAILED; ``key`` is its messageKey (e.g. "checksumError")."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key, self.message = key, message


class BBBUnavailable(Exception):
    """The server could not be reached or did not answer with BigBlueButton XML."""


@dataclass
class Attendee:
    user_id: str
    full_name: str
    role: str


@dataclass
class MeetingInfo:
    running: bool
    participant_count: int = 0
    moderator_count: int = 0
    attendees: list[Attendee] = field(default_factory=list)
    internal_id: str = ""


@dataclass
class Recording:
    record_id: str
    name: str
    published: bool
    start_time: int  # milliseconds since the epoch, as BBB gives it
    end_time: int
    participants: int
    playback: list[tuple[str, str]]  # (format type, url)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _text(node, tag: str, default: str = "") -> str:
    found = node.find(tag)
    return (found.text or "").strip() if found is not None and found.text else default


class BBBClient:
    def __init__(self, url: str, secret: str, algorithm: str = "sha1"):
        base = url.rstrip("/")
        if not base.endswith("/api"):
            base += "/api"
        self.base, self.secret, self.algorithm = base, secret, algorithm

    def checksum(self, call: str, query: str) -> str:
        digest = hashlib.sha256 if self.algorithm == "sha256" else hashlib.sha1
        return digest((call + query + self.secret).encode()).hexdigest()

    def url(self, call: str, params: dict) -> str:
        query = urlencode({k: v for k, v in params.items() if v is not None})
        checksum = self.checksum(call, query)
        separator = "&" if query else ""
        return f"{self.base}/{call}?{query}{separator}checksum={checksum}"

    def _call(self, call: str, params: dict):
        try:
            with urllib.request.urlopen(self.url(call, params), timeout=TIMEOUT) as answer:
                body = answer.read(2 * 1024 * 1024)
        except urllib.error.HTTPError as error:
            body = error.read(2 * 1024 * 1024)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise BBBUnavailable(str(error)) from error
        try:
            root = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError as error:
            raise BBBUnavailable(f"not BigBlueButton XML: {error}") from error
        if root.tag != "response":
            raise BBBUnavailable("not BigBlueButton XML: no <response>")
        if _text(root, "returncode") != "SUCCESS":
            raise BBBError(_text(root, "messageKey", "unknown"), _text(root, "message"))
        return root

    # --- calls ---------------------------------------------------------------------------

    def create(
        self,
        *,
        meeting_id: str,
        name: str,
        attendee_pw: str,
        moderator_pw: str,
        record: bool = False,
        logout_url: str = "",
        welcome: str = "",
    ) -> str:
        """Create the meeting (or find it already there); returns the server's internal ID."""
        root = self._call(
            "create",
            {
                "name": name,
                "meetingID": meeting_id,
                "attendeePW": attendee_pw,
                "moderatorPW": moderator_pw,
                "record": "true" if record else "false",
                "logoutURL": logout_url or None,
                "welcome": welcome or None,
            },
        )
        return _text(root, "internalMeetingID")

    def join_url(self, *, meeting_id: str, full_name: str, password: str, user_id: str) -> str:
        """The address the person's browser opens (signed, not called by the platform)."""
        return self.url(
            "join",
            {
                "fullName": full_name,
                "meetingID": meeting_id,
                "password": password,
                "userID": user_id,
                "redirect": "true",
            },
        )

    def is_meeting_running(self, meeting_id: str) -> bool:
        return _text(self._call("isMeetingRunning", {"meetingID": meeting_id}), "running") == "true"

    def get_meeting_info(self, meeting_id: str) -> MeetingInfo:
        """Running state and participants; a meeting the server does not know is not running."""
        try:
            root = self._call("getMeetingInfo", {"meetingID": meeting_id})
        except BBBError as error:
            if error.key == "notFound":
                return MeetingInfo(running=False)
            raise
        attendees = [
            Attendee(_text(a, "userID"), _text(a, "fullName"), _text(a, "role"))
            for a in root.iterfind("attendees/attendee")
        ]
        return MeetingInfo(
            running=_text(root, "running") == "true",
            participant_count=int(_text(root, "participantCount", "0") or 0),
            moderator_count=int(_text(root, "moderatorCount", "0") or 0),
            attendees=attendees,
            internal_id=_text(root, "internalMeetingID"),
        )

    def end(self, *, meeting_id: str, moderator_pw: str) -> None:
        try:
            self._call("end", {"meetingID": meeting_id, "password": moderator_pw})
        except BBBError as error:
            if error.key != "notFound":
                raise

    def get_recordings(self, meeting_id: str) -> list[Recording]:
        root = self._call("getRecordings", {"meetingID": meeting_id})
        recordings = []
        for node in root.iterfind("recordings/recording"):
            playback = [
                (_text(fmt, "type"), _text(fmt, "url")) for fmt in node.iterfind("playback/format")
            ]
            recordings.append(
                Recording(
                    record_id=_text(node, "recordID"),
                    name=_text(node, "name"),
                    published=_text(node, "published") == "true",
                    start_time=int(_text(node, "startTime", "0") or 0),
                    end_time=int(_text(node, "endTime", "0") or 0),
                    participants=int(_text(node, "participants", "0") or 0),
                    playback=playback,
                )
            )
        return recordings
