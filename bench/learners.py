"""A class of learners for locust (bench/run.py starts it; BENCH_FIXTURE names the fixture).

Each simulated learner has their own signed-in session (made up front by bench/fixture.py) and
does, 5-15 s apart, what a learner in a course does:

- opens the course home, the documents and one document, the announcements and one of them;
- follows the learning path in the player: opens it where they stopped, then moves to the next
  item; while a SCO is open its runtime commits every 30 s (status, location, session time,
  suspend data and interactions), as the real runtime does;
- takes the weekly test: starts (or resumes) it, the page, answers saved as they go (autosave),
  then submits, and sees the result.

Activities are weighted towards the path and the test, where a class spends its time.

The statistics are reset BENCH_WARMUP seconds (30) after the last learner is in: the learners
arrive at the spawn rate and each opens a page at once, a burst the server takes a few seconds
to drain, and their think times then take two or three rounds to spread out. What is measured
is the class at work, not its arrival.
"""

import json
import os
import random
import re
import time
from http.cookiejar import Cookie
from itertools import count
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.runners import WorkerRunner

FIXTURE = json.loads(Path(os.environ["BENCH_FIXTURE"]).read_text())
CODE = FIXTURE["code"]
COURSE = f"/courses/{CODE}"
PLAYER = f"{COURSE}/learnpaths/{FIXTURE['path_id']}"
QUIZ = f"{COURSE}/assessments/{FIXTURE['quiz_id']}"
COMMIT_EVERY = 30.0
_next_learner = count()
ITEM_IN_URL = re.compile(r"/play/(\d+)/")
ATTEMPT_IN_URL = re.compile(r"/attempts/(\d+)/")
WARMUP = float(os.environ.get("BENCH_WARMUP", "30"))


@events.init.add_listener
def _measure_the_steady_state(environment, **_kwargs):
    """Reset the statistics WARMUP seconds after spawning completes (where they are kept: the
    master or the only process; worker processes only report to the master)."""
    if isinstance(environment.runner, WorkerRunner):
        return

    def later(**_kwargs):
        gevent.spawn_later(WARMUP, environment.runner.stats.reset_all)

    environment.events.spawning_complete.add_listener(later)


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False,
        None, False, None, None, {},
    )  # fmt: skip


class Learner(FastHttpUser):
    wait_time = between(5, 15)
    # One connection per learner, closed after each page view when the server says so.
    concurrency = 1
    network_timeout = 30.0
    connection_timeout = 30.0

    def on_start(self):
        learner = FIXTURE["learners"][next(_next_learner) % len(FIXTURE["learners"])]
        self.csrf = learner["csrf"]
        self.client.cookiejar.set_cookie(_cookie("sessionid", learner["session"]))
        self.client.cookiejar.set_cookie(_cookie("csrftoken", self.csrf))
        self.item = None
        self.last_commit = time.monotonic() - random.uniform(0, COMMIT_EVERY)
        self.commits = 0
        self.attempt = None
        self.saves = 0

    # -- helpers

    def get(self, url, name, *, redirect=False):
        """GET; with ``redirect`` a 302 is the right answer and its target is returned."""
        with self.client.get(
            url, name=name, catch_response=True, allow_redirects=not redirect
        ) as response:
            expected = 302 if redirect else 200
            if response.status_code != expected:
                response.failure(f"status {response.status_code}")
                return None
            return response.headers.get("location") if redirect else response

    def post(self, url, name, fields, *, redirect=False):
        headers = {
            "X-CSRFToken": self.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        with self.client.post(
            url,
            name=name,
            headers=headers,
            data=urlencode(fields),
            catch_response=True,
            allow_redirects=not redirect,
        ) as response:
            expected = (302,) if redirect else (200, 204)
            if response.status_code not in expected:
                response.failure(f"status {response.status_code}")
                return None
            return response.headers.get("location") if redirect else response

    # -- browsing

    @task(2)
    def course_home(self):
        self.get(f"{COURSE}/", "course home")

    @task(2)
    def documents(self):
        self.get(f"{COURSE}/documents/", "documents")
        self.wait()
        doc = random.choice(FIXTURE["document_ids"])
        self.get(f"{COURSE}/documents/{doc}/", "document page")

    @task(1)
    def announcements(self):
        self.get(f"{COURSE}/announcements/", "announcements")
        self.wait()
        pk = random.choice(FIXTURE["announcement_ids"])
        self.get(f"{COURSE}/announcements/{pk}/", "announcement")

    # -- the learning path

    def commit_if_due(self):
        if self.item is None or time.monotonic() - self.last_commit < COMMIT_EVERY:
            return
        self.last_commit = time.monotonic()
        self.commits += 1
        n = self.commits
        cmi = {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.lesson_location": f"page-{n}",
            "cmi.core.session_time": f"0000:00:{min(59, 30):02d}.00",
            "cmi.suspend_data": FIXTURE["suspend"][: 200 + 50 * n],
            f"cmi.interactions.{n % 20}.id": f"q{n}",
            f"cmi.interactions.{n % 20}.type": "choice",
            f"cmi.interactions.{n % 20}.student_response": random.choice("abcd"),
            f"cmi.interactions.{n % 20}.result": random.choice(["correct", "wrong"]),
        }
        self._commit(cmi)

    def _commit(self, cmi):
        headers = {"X-CSRFToken": self.csrf, "Content-Type": "application/json"}
        with self.client.post(
            f"{PLAYER}/items/{self.item}/commit/",
            name="SCORM commit",
            data=json.dumps({"cmi": cmi, "final": False}),
            headers=headers,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def open_item(self, location):
        """Follow the player's redirect to an item's page, as the browser does."""
        found = ITEM_IN_URL.search(location or "")
        if not found:
            self.item = None
            return
        self.item = int(found.group(1))
        self.get(location, "LP player page")

    @task(5)
    def learning_path(self):
        self.open_item(self.get(f"{PLAYER}/play/", "LP resume (redirect)", redirect=True))
        for _step in range(random.randint(2, 5)):
            self.wait()
            self.commit_if_due()
            if self.item is None:
                return
            self.open_item(
                self.get(f"{PLAYER}/play/{self.item}/next/", "LP next (redirect)", redirect=True)
            )
        self.wait()
        self.commit_if_due()
        self.item = None

    # -- the weekly test

    @task(3)
    def weekly_test(self):
        location = self.post(f"{QUIZ}/start/", "test start (redirect)", [], redirect=True)
        found = ATTEMPT_IN_URL.search(location or "")
        if not found:
            return
        self.get(location, "test page")
        attempt = found.group(1)
        questions = FIXTURE["questions"]
        answered = []
        for question in random.sample(questions, k=len(questions))[: random.randint(3, 6)]:
            self.wait()
            answered.append(question)
            body = [("question_ids", str(q["id"])) for q in answered] + [
                (f"q{q['id']}-choice", str(q["choice"])) for q in answered
            ]
            self.post(f"{COURSE}/assessments/attempts/{attempt}/save/", "test autosave", body)
        self.wait()
        if random.random() < 0.5:
            body = [("page", "0"), ("action", "finish")]
            body += [("question_ids", str(q["id"])) for q in answered]
            body += [(f"q{q['id']}-choice", str(q["choice"])) for q in answered]
            result = self.post(
                f"{COURSE}/assessments/attempts/{attempt}/",
                "test submit (redirect)",
                body,
                redirect=True,
            )
            if result:
                self.get(result, "test result")
