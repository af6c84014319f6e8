"""What `make bench` measures with wrk: a small list of page specs.

Each spec is one row of the table. ``path`` and ``body`` are ``str.format`` templates filled
with the fixture (bench/fixture.py: ``code``, ``path_id``, ``sco_ids``...) and with one
learner of the pool (``session``, ``csrf``, ``attempt_id``, ``username``); wrk rotates through
the pool, so a page that writes is measured over many learners' rows, not one.

Adding a page (the hook other tools use, e.g. the learning-path report or the gradebook grid):

1. In your app, add ``bench_pages.py`` with

       from bench.pages import PageSpec

       def fixture(*, course, teacher, learners, data) -> dict:
           # make what the page needs (500 learners x 50 items...), idempotently;
           # return the keys your path template uses
           return {"gradebook_id": ...}

       PAGES = [PageSpec("gradebook grid (500 x 50)", "/courses/{code}/gradebook/{gradebook_id}/",
                         who="teacher", goal=0.05)]

   It is found by name, like ``demo.py`` (bench never imports a tool by hand), so no shared file
   has to be edited. ``learners`` are the bench learners (``BENCH_LEARNERS``, 200 by default;
   the locust run makes 3,000).
2. ``make bench BENCH_ONLY="gradebook"`` measures just the rows whose name contains that text
   (plus the bare view, which every ratio needs).
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec


@dataclass(frozen=True)
class PageSpec:
    """One measured request.

    name: the row's label. path: URL template. method: GET or POST. body: template of the
    request body (POST). content_type: of the body. who: "learner" (rotates through the pool),
    "teacher" (the course's teacher) or "anonymous". goal: the smallest acceptable ratio of
    this page's requests/s to the bare view's (None: reported, not judged). expect: the status
    a correct answer has (checked once before measuring; a 302 to the login page is a broken
    bench, not a fast page).
    """

    name: str
    path: str
    method: str = "GET"
    body: str = ""
    content_type: str = ""
    who: str = "learner"
    goal: float | None = None
    expect: int = 200
    headers: dict = field(default_factory=dict)


BARE = PageSpec("bare Django view", "/bench/bare/")

SCORM_COMMIT = (
    '{{"cmi": {{"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "page-3", '
    '"cmi.core.session_time": "0000:00:30.00", "cmi.suspend_data": "{suspend}", '
    '"cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "choice", '
    '"cmi.interactions.0.student_response": "b", "cmi.interactions.0.result": "correct", '
    '"cmi.interactions.1.id": "q2", "cmi.interactions.1.type": "fill-in", '
    '"cmi.interactions.1.student_response": "forty-two", "cmi.interactions.1.result": "wrong"'
    '}}, "final": false}}'
)

PAGES = [
    BARE,
    PageSpec("my courses", "/"),
    PageSpec("learner's course home", "/courses/{code}/", goal=0.20),
    PageSpec("documents", "/courses/{code}/documents/"),
    PageSpec("document page", "/courses/{code}/documents/{document_ids[3]}/"),
    PageSpec("announcements", "/courses/{code}/announcements/"),
    PageSpec(
        "LP player page",
        "/courses/{code}/learnpaths/{path_id}/play/{sco_ids[2]}/",
        goal=0.10,
    ),
    # The player's two redirects, which the class scenario follows before each player page
    # (bench/learners.py): resuming the path, and Next.
    PageSpec("LP resume (redirect)", "/courses/{code}/learnpaths/{path_id}/play/", expect=302),
    PageSpec(
        "LP next (redirect)",
        "/courses/{code}/learnpaths/{path_id}/play/{sco_ids[1]}/next/",
        expect=302,
    ),
    PageSpec(
        "SCORM commit",
        "/courses/{code}/learnpaths/{path_id}/items/{sco_ids[2]}/commit/",
        method="POST",
        body=SCORM_COMMIT,
        content_type="application/json",
        goal=0.10,
    ),
    PageSpec(
        "test autosave",
        "/courses/{code}/assessments/attempts/{attempt_id}/save/",
        method="POST",
        body="{autosave_body}",
        content_type="application/x-www-form-urlencoded",
        goal=0.10,
    ),
]


def _app_modules():
    from django.apps import apps

    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.bench_pages") is not None:
            yield import_module(f"{config.name}.bench_pages")


def fixture_hooks() -> list:
    """The ``fixture`` functions of the apps' bench_pages modules (needs Django set up)."""
    return [module.fixture for module in _app_modules() if hasattr(module, "fixture")]


def all_pages() -> list[PageSpec]:
    """The built-in pages, then every app's (needs Django set up)."""
    pages = list(PAGES)
    for module in _app_modules():
        pages.extend(getattr(module, "PAGES", []))
    return pages
