"""Who gets what, written by hand from the product's rules (Chamilo's course visibilities).

Every URL walk compares what the platform answers with this table, never with
courses/permissions.py, the code under test: a wrong change there makes the walks fail instead
of agreeing with it. One row per role, one column per access level (the order of LEVELS); a new
role (a group member, a session coach...) is a new row in each table.

OK: the page answers (anything but 403 or 500). LOGIN: redirected to the login page. 403:
refused.

Sessions (courses/sessions.py): "coach" coaches a session that holds the course (a tutor's
rights, whatever the session's dates); "ended_learner" follows the course through a session
whose last day has passed: the course is shut to them as to any visitor who is not a member.
"""

from courses.models import Course
from courses.permissions import Access

OK = "ok"
LOGIN = "login"
NO = 403

ROLES = ["anonymous", "outsider", "learner", "tutor", "teacher", "admin", "coach", "ended_learner"]
LEVELS = (Access.ABOUT, Access.VIEW, Access.PARTICIPATE, Access.TUTOR, Access.MANAGE)

# fmt: off
TABLES = {
    # Members only: the public page for all; the content for members.
    Course.Visibility.MEMBERS: {
        #              ABOUT  VIEW   PARTICIPATE TUTOR  MANAGE
        "anonymous": (OK,    LOGIN, LOGIN,      LOGIN, LOGIN),
        "outsider":  (OK,    NO,    NO,         NO,    NO),
        "learner":   (OK,    OK,    OK,         NO,    NO),
        "tutor":     (OK,    OK,    OK,         OK,    NO),
        "teacher":   (OK,    OK,    OK,         OK,    OK),
        "admin":     (OK,    OK,    OK,         OK,    OK),
        "coach":     (OK,    OK,    OK,         OK,    NO),
        "ended_learner": (OK, NO,   NO,         NO,    NO),
    },
    # Open to registered users: any signed-in person reads; members take part.
    Course.Visibility.OPEN_PLATFORM: {
        "anonymous": (OK,    LOGIN, LOGIN,      LOGIN, LOGIN),
        "outsider":  (OK,    OK,    NO,         NO,    NO),
        "learner":   (OK,    OK,    OK,         NO,    NO),
        "tutor":     (OK,    OK,    OK,         OK,    NO),
        "teacher":   (OK,    OK,    OK,         OK,    OK),
        "admin":     (OK,    OK,    OK,         OK,    OK),
        "coach":     (OK,    OK,    OK,         OK,    NO),
        "ended_learner": (OK, OK,   NO,         NO,    NO),
    },
    # Open to the world: anybody reads, even without an account.
    Course.Visibility.OPEN_WORLD: {
        "anonymous": (OK,    OK,    LOGIN,      LOGIN, LOGIN),
        "outsider":  (OK,    OK,    NO,         NO,    NO),
        "learner":   (OK,    OK,    OK,         NO,    NO),
        "tutor":     (OK,    OK,    OK,         OK,    NO),
        "teacher":   (OK,    OK,    OK,         OK,    OK),
        "admin":     (OK,    OK,    OK,         OK,    OK),
        "coach":     (OK,    OK,    OK,         OK,    NO),
        "ended_learner": (OK, OK,   NO,         NO,    NO),
    },
    # Closed: only its teachers and tutors (and admins) go in; learners lose everything.
    Course.Visibility.CLOSED: {
        "anonymous": (LOGIN, LOGIN, LOGIN,      LOGIN, LOGIN),
        "outsider":  (NO,    NO,    NO,         NO,    NO),
        "learner":   (NO,    NO,    NO,         NO,    NO),
        "tutor":     (OK,    OK,    OK,         OK,    NO),
        "teacher":   (OK,    OK,    OK,         OK,    OK),
        "admin":     (OK,    OK,    OK,         OK,    OK),
        "coach":     (OK,    OK,    OK,         OK,    NO),
        "ended_learner": (NO, NO,   NO,         NO,    NO),
    },
}
# fmt: on


def expected_status(visibility: str, role: str, access: Access):
    """OK, LOGIN or 403 for this role on a course of this visibility at this access level."""
    return TABLES[visibility][role][LEVELS.index(access)]
