"""A small BigBlueButton stand-in for the tests: a real HTTP server on 127.0.0.1 that checks
checksums and answers XML as the API documentation gives it
(https://docs.bigbluebutton.org/development/api): create, join, isMeetingRunning,
getMeetingInfo, end, getRecordings.
"""

import hashlib
import threading
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CHECKSUM_ERROR = (
    "<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey>"
    "<message>You did not pass the checksum security check</message></response>"
)
NOT_FOUND = (
    "<response><returncode>FAILED</returncode><messageKey>notFound</messageKey>"
    "<message>We could not find a meeting with that meeting ID - perhaps the meeting is not "
    "yet running?</message></response>"
)


@dataclass
class FakeMeeting:
    meeting_id: str
    name: str
    attendee_pw: str
    moderator_pw: str
    internal_id: str
    running: bool = False
    attendees: list = field(default_factory=list)  # (userID, fullName, role)


@dataclass
class FakeBBB:
    secret: str
    meetings: dict = field(default_factory=dict)
    recordings: dict = field(default_factory=dict)  # meetingID -> [xml snippets]
    calls: list = field(default_factory=list)  # (call, params) of every accepted call
    url: str = ""

    def valid(self, call: str, raw_query: str) -> bool:
        parts = raw_query.split("&") if raw_query else []
        given = [p for p in parts if p.startswith("checksum=")]
        rest = "&".join(p for p in parts if not p.startswith("checksum="))
        if len(given) != 1:
            return False
        checksum = given[0].split("=", 1)[1]
        digest = hashlib.sha256 if len(checksum) == 64 else hashlib.sha1
        return digest((call + rest + self.secret).encode()).hexdigest() == checksum

    def answer(self, call: str, params: dict) -> tuple[int, str, str]:
        """(status, content type, body)."""
        meeting = self.meetings.get(params.get("meetingID", ""))
        if call == "create":
            if meeting is None:
                meeting = FakeMeeting(
                    params["meetingID"],
                    params.get("name", ""),
                    params.get("attendeePW", "ap"),
                    params.get("moderatorPW", "mp"),
                    f"{hashlib.sha1(params['meetingID'].encode()).hexdigest()}-1700000000000",
                )
                self.meetings[meeting.meeting_id] = meeting
                extra = ""
            else:
                extra = (
                    "<messageKey>duplicateWarning</messageKey><message>This conference was "
                    "already in existence and may currently be in progress.</message>"
                )
            return (
                200,
                "text/xml",
                (
                    "<response><returncode>SUCCESS</returncode>"
                    f"<meetingID>{escape(meeting.meeting_id)}</meetingID>"
                    f"<internalMeetingID>{meeting.internal_id}</internalMeetingID>"
                    "<parentMeetingID>bbb-none</parentMeetingID>"
                    f"<attendeePW>{escape(meeting.attendee_pw)}</attendeePW>"
                    f"<moderatorPW>{escape(meeting.moderator_pw)}</moderatorPW>"
                    "<createTime>1700000000000</createTime><voiceBridge>70757</voiceBridge>"
                    "<dialNumber>613-555-1234</dialNumber>"
                    "<createDate>Tue Nov 14 22:13:20 UTC 2023</createDate>"
                    "<hasUserJoined>false</hasUserJoined><duration>0</duration>"
                    f"<hasBeenForciblyEnded>false</hasBeenForciblyEnded>{extra}</response>"
                ),
            )
        if call == "join":
            if meeting is None:
                return 200, "text/xml", NOT_FOUND
            if params.get("password") == meeting.moderator_pw:
                role = "MODERATOR"
            elif params.get("password") == meeting.attendee_pw:
                role = "VIEWER"
            else:
                return (
                    200,
                    "text/xml",
                    (
                        "<response><returncode>FAILED</returncode><messageKey>invalidPassword"
                        "</messageKey><message>You either did not supply a password or the "
                        "password supplied is neither the attendee or moderator password for "
                        "this conference."
                        "</message></response>"
                    ),
                )
            meeting.running = True
            meeting.attendees.append((params.get("userID", ""), params.get("fullName", ""), role))
            page = (
                "<!DOCTYPE html><html><head><title>BigBlueButton</title></head><body>"
                f"<h1 id='bbb-joined'>{escape(params.get('fullName', ''))} joined "
                f"{escape(meeting.name)} as {role}</h1></body></html>"
            )
            return 200, "text/html; charset=utf-8", page
        if call == "isMeetingRunning":
            running = "true" if meeting is not None and meeting.running else "false"
            return (
                200,
                "text/xml",
                (
                    f"<response><returncode>SUCCESS</returncode><running>{running}</running></response>"
                ),
            )
        if call == "getMeetingInfo":
            if meeting is None:
                return 200, "text/xml", NOT_FOUND
            attendees = "".join(
                f"<attendee><userID>{escape(u)}</userID><fullName>{escape(n)}</fullName>"
                f"<role>{r}</role><isPresenter>false</isPresenter>"
                "<isListeningOnly>false</isListeningOnly><hasJoinedVoice>false</hasJoinedVoice>"
                "<hasVideo>false</hasVideo><clientType>HTML5</clientType></attendee>"
                for u, n, r in meeting.attendees
            )
            moderators = sum(1 for a in meeting.attendees if a[2] == "MODERATOR")
            return (
                200,
                "text/xml",
                (
                    "<response><returncode>SUCCESS</returncode>"
                    f"<meetingName>{escape(meeting.name)}</meetingName>"
                    f"<meetingID>{escape(meeting.meeting_id)}</meetingID>"
                    f"<internalMeetingID>{meeting.internal_id}</internalMeetingID>"
                    "<createTime>1700000000000</createTime>"
                    f"<running>{'true' if meeting.running else 'false'}</running>"
                    f"<participantCount>{len(meeting.attendees)}</participantCount>"
                    f"<moderatorCount>{moderators}</moderatorCount>"
                    f"<attendees>{attendees}</attendees></response>"
                ),
            )
        if call == "end":
            if meeting is None:
                return 200, "text/xml", NOT_FOUND
            if params.get("password") != meeting.moderator_pw:
                return (
                    200,
                    "text/xml",
                    (
                        "<response><returncode>FAILED</returncode><messageKey>invalidPassword"
                        "</messageKey><message>You must supply the moderator password for this "
                        "call.</message></response>"
                    ),
                )
            del self.meetings[meeting.meeting_id]
            return (
                200,
                "text/xml",
                (
                    "<response><returncode>SUCCESS</returncode><messageKey>sentEndMeetingRequest"
                    "</messageKey><message>A request to end the meeting was sent.  Please wait a "
                    "few seconds, and then use the getMeetingInfo or isMeetingRunning API calls to "
                    "verify that it was ended.</message></response>"
                ),
            )
        if call == "getRecordings":
            found = self.recordings.get(params.get("meetingID", ""), [])
            if not found:
                return (
                    200,
                    "text/xml",
                    (
                        "<response><returncode>SUCCESS</returncode><recordings></recordings>"
                        "<messageKey>noRecordings</messageKey><message>There are no recordings for "
                        "the meeting(s).</message></response>"
                    ),
                )
            return (
                200,
                "text/xml",
                (
                    "<response><returncode>SUCCESS</returncode><recordings>"
                    + "".join(found)
                    + "</recordings></response>"
                ),
            )
        return (
            200,
            "text/xml",
            (
                "<response><returncode>FAILED</returncode><messageKey>unsupportedRequest"
                "</messageKey><message>This request is not supported.</message></response>"
            ),
        )

    def recording(self, meeting_id: str, *, name: str, published: bool = True) -> None:
        self.recordings.setdefault(meeting_id, []).append(
            "<recording><recordID>rec-1</recordID>"
            f"<meetingID>{escape(meeting_id)}</meetingID><name>{escape(name)}</name>"
            f"<published>{'true' if published else 'false'}</published>"
            f"<state>{'published' if published else 'unpublished'}</state>"
            "<startTime>1700000000000</startTime><endTime>1700003600000</endTime>"
            "<participants>3</participants><playback><format><type>presentation</type>"
            f"<url>{self.url}/playback/presentation/2.3/rec-1</url><length>60</length>"
            "</format></playback></recording>"
        )


def start_server(secret: str):
    """(FakeBBB, stop function); the server answers under <url>/bigbluebutton/api/<call>."""
    state = FakeBBB(secret=secret)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            parts = urlsplit(self.path)
            if parts.path == "/favicon.ico":  # asked by the browser on the join page
                self.send_response(204)
                self.end_headers()
                return
            prefix = "/bigbluebutton/api/"
            if not parts.path.startswith(prefix):
                self.send_error(404)
                return
            call = parts.path[len(prefix) :]
            if not state.valid(call, parts.query):
                status, kind, body = 200, "text/xml", CHECKSUM_ERROR
            else:
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                state.calls.append((call, params))
                status, kind, body = state.answer(call, params)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return state, stop
