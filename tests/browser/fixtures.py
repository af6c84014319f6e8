"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server.

Screenshots go to test-output/screenshots/; look at them after a run.
"""

import contextlib
import os
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between page actions are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Per test module, not per session: Playwright's sync API keeps an event loop running in the
# test thread while it is open, and later tests in the same worker (Channels consumers,
# async_to_sync in views) cannot run their own loop beside it.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


# WCAG 2.1 A and AA, as axe-core names them. Every page the browser tests open is audited; a
# serious or critical violation fails the test that opened it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING = {"serious", "critical"}
AXE_SOURCE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
# Runs in every top-level document once it has loaded (an init script is not subject to the
# page's Content-Security-Policy) and hands the result to the test through a binding, so the
# audit never races the test's own clicks. Content inside frames (a SCORM package, an item in
# the player) is audited where the test opens it as a page of its own.
AXE_RUNNER = """
(() => {
  if (window.top !== window || window.__axeRunner || !location.protocol.startsWith("http")) return;
  window.__axeRunner = true;
  const audit = () => {
    if (!window.axe) return;
    // Imported package content (SCORM, AICC) is the author's, not the platform's.
    const exclude = [];
    document.querySelectorAll("iframe").forEach((frame, index) => {
      if ((frame.getAttribute("src") || "").includes("/content/")) {
        frame.dataset.axeSkip = String(index);
        exclude.push([`iframe[data-axe-skip="${index}"]`]);
      }
    });
    const options = {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]};
    window.axe.run({include: [["html"]], exclude}, options)
      .then((result) => window.__axeReport(location.href, result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " " + (n.failureSummary || "")),
      })))).catch(() => {}).finally(() => { window.__axeDone = true; });
  };
  window.addEventListener("load", () => setTimeout(audit, 50));
})();
"""


class AxeAudit:
    """What axe-core found on the pages one browser context opened."""

    def __init__(self):
        self.violations = []  # (url, violation dict)
        self.pages = 0
        self.enabled = True
        self.origin = ""

    def attach(self, context, origin: str = ""):
        self.origin = origin
        if not AXE_SOURCE.exists():
            pytest.fail(f"{AXE_SOURCE} is missing: run `make assets`.")
        context.expose_binding("__axeReport", self._report)
        context.add_init_script(script=AXE_SOURCE.read_text())
        context.add_init_script(script=AXE_RUNNER % AXE_TAGS)

    def _report(self, _source, url, violations):
        # Only the platform's own pages: not a stand-in server of a test (BigBlueButton's).
        if not self.enabled or (self.origin and not url.startswith(self.origin)):
            return
        self.pages += 1
        for violation in violations:
            if violation["impact"] in AXE_FAILING:
                self.violations.append((url, violation))

    def check(self):
        if self.violations:
            indent = "\n      "
            lines = [
                f"{url}: {v['id']} ({v['impact']}) {v['help']}{indent}" + indent.join(v["nodes"])
                for url, v in self.violations
            ]
            pytest.fail("axe-core: WCAG 2.1 AA violations\n  " + "\n  ".join(lines))


@pytest.fixture
def axe():
    """The accessibility audit of every page this test opens; ``axe.enabled = False`` only
    around pages that are not the platform's own (third-party package content)."""
    audit = AxeAudit()
    yield audit
    audit.check()


@pytest.fixture
def page(browser, live_server, axe):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    axe.attach(context, live_server.url)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    _leave(context)


def _finish_audit(page, timeout: float = 5.0):
    """Let the accessibility audit of the page on screen finish before the test leaves it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(
            "!location.protocol.startsWith('http') ||"
            " (document.readyState === 'complete' && !!window.__axeDone)"
        ):
            return
        page.wait_for_timeout(50)


def _leave(context):
    """Close the pages first and give the server a moment: a page that saves on leaving (the
    SCORM runtime's beacon, autosave) must not write while the test database is being reset."""
    from playwright.sync_api import Error as PlaywrightError

    for open_page in context.pages:
        with contextlib.suppress(PlaywrightError):  # a page that is already gone is fine
            _finish_audit(open_page)
            open_page.goto("about:blank")
    time.sleep(0.3)
    context.close()


@pytest.fixture
def new_page(browser, live_server, axe):
    """Open more pages in separate browser contexts (another person, another session)."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(base_url=live_server.url, **kwargs)
        context.set_default_timeout(15_000)
        axe.attach(context, live_server.url)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        _leave(context)


@pytest.fixture
def login():
    def do_login(page, username, password):
        page.goto("/accounts/login/")
        page.fill("input[name=login]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state()

    return do_login


@pytest.fixture
def screenshot():
    def take(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def fill_rich_text(page, selector, text):
    """Type into a rich-text field as a person would: in the editor once it has loaded."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    area_id = page.locator(selector).get_attribute("id")
    editor = page.locator(f"#{area_id}_ifr")
    try:
        editor.wait_for(state="visible", timeout=5_000)
    except PlaywrightTimeout:
        page.fill(selector, text)  # no editor on this page: a plain textarea
        return
    body = page.frame_locator(f"#{area_id}_ifr").locator("body")
    body.click()
    body.fill(text)


@pytest.fixture(name="fill_rich_text")
def fill_rich_text_fixture():
    return fill_rich_text


def wait_until(page, expression: str, timeout: float = 15.0):
    """Wait until a JavaScript expression is truthy in the page, and return its value.

    Playwright's own wait_for_function compiles the expression inside the page, which the
    platform's Content-Security-Policy (no 'unsafe-eval') forbids; evaluate() does not.
    """
    import time

    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = page.evaluate(expression)
        except PlaywrightError as error:  # the page is navigating: ask the next one
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s: {expression}")
        page.wait_for_timeout(50)
