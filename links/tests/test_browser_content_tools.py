"""A teacher fills the links, announcements and glossary of a course; a learner reads them."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def fill_rich_text(page, selector, html):
    """Fill a rich-text field, whether the editor has replaced the textarea or not. An editor
    that exists but has not finished loading cannot take content yet: wait for it (a loaded
    machine is slower than the test); before it exists, the textarea's value is what it loads."""
    page.wait_for_function(
        """(selector) => {
            const area = document.querySelector(selector);
            const editor = area && window.tinymce && window.tinymce.get(area.id);
            return area && (!editor || editor.initialized);
        }""",
        arg=selector,
    )
    page.eval_on_selector(
        selector,
        """(area, html) => {
            area.value = html;
            const editor = window.tinymce && window.tinymce.get(area.id);
            if (editor) editor.setContent(html);
            area.dispatchEvent(new Event("input", { bubbles: true }));
        }""",
        html,
    )


def test_teacher_writes_learner_reads(
    course_roles, page, new_page, login, screenshot, password, tmp_path
):
    code = course_roles["course"].code
    login(page, "teacher", password)

    # A link, in a category.
    page.goto(f"/courses/{code}/links/")
    page.get_by_role("link", name="Add a category").click()
    page.fill("input[name=title]", "Reference sites")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a link", exact=True).click()
    page.fill("input[name=title]", "Python tutorial")
    page.fill("input[name=url]", "javascript:alert(1)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    screenshot(page, "content_links_refused_url")
    page.fill("input[name=url]", "https://docs.python.org/3/tutorial/")
    page.select_option("select[name=category]", label="Reference sites")
    page.fill("textarea[name=description]", "The official tutorial.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".link-item")).to_contain_text("Python tutorial")
    screenshot(page, "content_links_teacher")

    # An announcement with an attachment.
    page.goto(f"/courses/{code}/announcements/")
    page.get_by_role("link", name="New announcement").click()
    page.fill("input[name=title]", "Welcome to the course")
    fill_rich_text(
        page, "#id_content", "<p>Read the <strong>syllabus</strong>.</p><script>alert(1)</script>"
    )
    syllabus = tmp_path / "syllabus.pdf"
    syllabus.write_bytes(PDF)
    page.set_input_files("input[name=attachments]", str(syllabus))
    expect(page.locator(".announcement-recipients")).to_be_hidden()
    page.get_by_label("Chosen learners").check()
    expect(page.locator(".announcement-recipients")).to_be_visible()
    screenshot(page, "content_announcement_form")
    page.get_by_label("All members of the course").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("h1")).to_have_text("Welcome to the course")
    expect(page.locator(".announcement-content strong")).to_have_text("syllabus")
    screenshot(page, "content_announcement_teacher")

    # A glossary term.
    page.goto(f"/courses/{code}/glossary/")
    page.get_by_role("link", name="Add a term").click()
    page.fill("input[name=term]", "Syllabus")
    fill_rich_text(page, "#id_definition", "<p>The <em>plan</em> of a course.</p>")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("dl.glossary")).to_contain_text("Syllabus")
    screenshot(page, "content_glossary_teacher")
    assert page.console_errors == []

    # The learner reads them.
    learner = new_page(viewport={"width": 1280, "height": 900})
    learner.console_errors = []
    learner.on(
        "console", lambda m: learner.console_errors.append(m.text) if m.type == "error" else None
    )
    login(learner, "learner", password)
    learner.goto(f"/courses/{code}/links/")
    expect(learner.get_by_role("link", name="Python tutorial")).to_have_attribute(
        "href", "https://docs.python.org/3/tutorial/"
    )
    expect(learner.get_by_role("link", name="Add a link")).to_have_count(0)
    screenshot(learner, "content_links_learner")

    learner.goto(f"/courses/{code}/announcements/")
    expect(learner.locator(".announcement h2")).to_have_text("Welcome to the course")
    expect(learner.get_by_role("link", name="New announcement")).to_have_count(0)
    with learner.expect_download() as download:
        learner.get_by_role("link", name="syllabus.pdf").click()
    assert download.value.suggested_filename == "syllabus.pdf"
    screenshot(learner, "content_announcements_learner")

    learner.goto(f"/courses/{code}/glossary/")
    learner.get_by_role("link", name="S", exact=True).click()
    expect(learner.locator("dl.glossary dt")).to_contain_text("Syllabus")
    expect(learner.locator("dl.glossary dd em")).to_have_text("plan")
    learner.fill("input[name=q]", "plan")
    learner.get_by_role("button", name="Search", exact=True).click()
    expect(learner.locator("dl.glossary dt")).to_have_count(1)
    screenshot(learner, "content_glossary_learner")
    assert learner.console_errors == []
