import pytest

from accounts.tests.factories import PASSWORD
from chat.models import Message
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from tests.browser.fixtures import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(browser, base_url, user, code, login):
    context = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.xss = []
    page.on("dialog", lambda dialog: (page.xss.append(dialog.message), dialog.dismiss()))
    login(page, user.username, PASSWORD)
    page.goto(f"/courses/{code}/chat/")
    wait_until(page, "document.getElementById('chat').dataset.state === 'online'")
    return context, page


def test_two_learners_chat_in_real_time_and_markup_stays_text(
    browser, asgi_live_server, course_roles, login, screenshot, channel_layer_kind
):
    course = course_roles["course"]
    ann = course_roles["learner"]
    bob = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER, user__username="bob").user
    contexts = []
    try:
        context_a, page_a = _open(browser, asgi_live_server, ann, course.code, login)
        contexts.append(context_a)
        context_b, page_b = _open(browser, asgi_live_server, bob, course.code, login)
        contexts.append(context_b)
        # Both see each other connected.
        wait_until(page_a, "document.querySelectorAll('#chat-present li').length === 2")
        page_a.fill("#chat-input", "Hello Bob")
        page_a.press("#chat-input", "Enter")
        wait_until(page_b, "document.getElementById('chat-log').textContent.includes('Hello Bob')")
        attack = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script>'
        page_b.fill("#chat-input", attack)
        page_b.press("#chat-input", "Enter")
        wait_until(page_a, "document.querySelectorAll('#chat-log .chat-message').length === 2")
        for page in (page_a, page_b):
            assert page.evaluate("window.__xss") is None
            markup = "document.querySelectorAll('#chat-log img, #chat-log script').length"
            assert page.evaluate(markup) == 0
            assert (
                page.evaluate(
                    "document.querySelector('#chat-log .chat-message:last-child .chat-text')"
                    ".textContent"
                )
                == attack
            )
            assert page.xss == []
        screenshot(page_a, "chat-room")
        assert Message.objects.filter(course=course).count() == 2
    finally:
        for context in contexts:
            for open_page in context.pages:
                open_page.goto("about:blank")
            context.close()
