"""Server side of the SCORM run-time: validate what content commits, and what it means.

The browser side is scorm/static/scorm/runtime.js (window.LMSRuntime.install); both follow the
same tables (SCORM 1.2 RTE 3.4, SCORM 2004 4th edition RTE 4), and a test runs this module's
type table through the script to keep them in step.

The contract with the player and the commit endpoint:

- Launch: ``LMSRuntime.install({version, initial, commitUrl, csrfToken, onNavRequest,
  sharedData})`` with ``initial = initial_cmi(version, stored, learner_id=..., ...)``: what the LMS
  provides (learner, credit, mode, entry, total_time, launch data, mastery score, thresholds,
  manifest objectives) plus what the attempt stored before.
- Commit: a POST of JSON ``{"cmi": {element: value}, "final": bool}`` holding only what changed
  since the last successful commit, plus ``"adl_data": {target id: store}`` when shared data
  stores were written and ``"nav_request"`` when the SCO left an adl.nav.request. Normal commits
  carry the X-CSRFToken header. The beacon sent when the page goes away without Terminate has no
  header: its JSON body carries ``"csrfmiddlewaretoken"`` and ``"final": true`` (Django's
  CsrfViewMiddleware does not read JSON bodies, so the view has to check that token itself).
  Anything but a 2xx answer makes Commit return "false" (391 in 2004, 101 in 1.2) and the data
  is sent again with the next commit.
- The server merges ``validate_cmi(version, payload["cmi"])`` into the attempt (dropping and
  logging the errors) and reads the attempt's meaning with ``summarize``. More than one commit
  may say "final" (the beacon when the player page goes away, then the content's own
  LMSFinish from its unload handler, which still works): keep the total_time the session
  started from, and set total = ``add_time(version, total_at_launch, session_time)`` whenever a
  session_time arrives, so that counting is idempotent (total_time is read-only to the content).
"""

from scorm.runtime.datamodel import (
    SCORM12,
    SCORM2004,
    add_time,
    initial_cmi,
    parse_timespan,
    summarize,
    validate_adl_data,
    validate_cmi,
)

__all__ = [
    "SCORM12",
    "SCORM2004",
    "add_time",
    "initial_cmi",
    "parse_timespan",
    "summarize",
    "validate_adl_data",
    "validate_cmi",
]
