"""French puts a no-break space before ":", ";", "?", "!" and "%": a page that glues such a
sign to a translated label outside the msgid ({% translate "Score" %}: 15, {{ x }} %) shows
"Score: 15" in French. The sign belongs in the msgid ("Score: %(score)s"), or, for a
number, in core.numbers' "%(number)s %%" ({{ x|percent }})."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_i18n import catalogues

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "var", "static", ".git"}
SIGN = r"[:;?!%]"
LABEL_THEN_SIGN = [
    # {% translate "Deadline" %}: ... / {% translate "Total" %}</strong>:
    re.compile(r"\{% (?:trans|translate) [^%]*%\}(?:\s|&nbsp;|</\w+>)*" + SIGN + r"(?=[\s<]|$)"),
    # {% endblocktranslate %}: ...
    re.compile(r"\{% endblocktrans(?:late)? %\}(?:\s|&nbsp;|</\w+>)*" + SIGN + r"(?=[\s<]|$)"),
    # <strong>{% translate "Correction" %}</strong>{% if score %}: 15 / 20{% endif %}
    re.compile(
        r"\{% (?:trans|translate|endblocktrans|endblocktranslate)[^%]*%\}(?:</\w+>)*"
        r"\{% if [^%]*%\}" + SIGN
    ),
    # {% if best %}{% translate "Best score" %}{% else %}{% translate "Last score" %}{% endif %}:
    re.compile(
        r"\{% (?:trans|translate) [^%]*%\}(?:</\w+>)*\{% endif %\}(?:\s|&nbsp;|</\w+>)*"
        + SIGN
        + r"(?=[\s<]|$)"
    ),
]
# A number followed by a percent sign, outside any msgid (CSS and ARIA values aside).
NUMBER_THEN_PERCENT = re.compile(r"\}\}(?:\s|&nbsp;)?%")
BLOCKS = re.compile(r"\{% blocktrans(?:late)?.*?\{% endblocktrans(?:late)? %\}", re.S)
MACHINE = re.compile(r'(?:style|aria-valuenow|aria-valuemin|aria-valuemax)="[^"]*"')


def templates():
    return sorted(
        path
        for path in ROOT.rglob("templates/**/*.html")
        if not SKIP.intersection(path.relative_to(ROOT).parts)
    )


def test_there_are_templates_to_check():
    assert len(templates()) > 100


def offences(text: str) -> list[str]:
    found = [m.group(0) for pattern in LABEL_THEN_SIGN for m in pattern.finditer(text)]
    outside = MACHINE.sub("", BLOCKS.sub("", text))
    found += [
        outside[max(0, m.start() - 40) : m.end()] for m in NUMBER_THEN_PERCENT.finditer(outside)
    ]
    return found


@pytest.mark.parametrize(
    "text",
    [
        '{% translate "Deadline" %}: {{ d }}',
        '<strong>{% translate "Total" %}:</strong>',
        '<strong>{% translate "Correction" %}</strong>{% if s %}: {{ s }}{% endif %}',
        "{% blocktranslate %}Item {{ n }}{% endblocktranslate %}: {{ title }}",
        "<td>{{ row.weight }} %</td>",
        "<span>{{ progress }}%</span>",
        '{% if b %}{% translate "Best score" %}{% else %}{% translate "Last" %}{% endif %}:</span>',
    ],
)
def test_the_check_finds_signs_outside_msgids(text):
    assert offences(text)


@pytest.mark.parametrize(
    "text",
    [
        '{% translate "Deadline:" %} {{ d }}',
        "{% blocktranslate %}Pass mark: {{ mark }} %.{% endblocktranslate %}",
        '<div style="width: {{ p }}%" aria-valuenow="{{ p }}">{{ p|percent }}</div>',
        '{% translate "Results" %} · {{ n }}',
    ],
)
def test_the_check_lets_msgids_and_css_be(text):
    assert not offences(text)


def test_no_template_glues_a_sign_to_a_translated_label_or_a_number():
    found = {}
    for path in templates():
        hits = offences(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert not found, found


@pytest.mark.django_db
def test_french_pages_put_a_no_break_space_before_the_sign(course_roles, client_for):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from assignments.tests.factories import AssignmentFactory

    assignment = AssignmentFactory(
        course=course_roles["course"],
        max_score=Decimal("20"),
        deadline=timezone.now() + timedelta(days=1),
    )
    learner = course_roles["learner"]
    learner.language = "fr"
    learner.save()
    url = reverse("assignments:detail", args=[assignment.course.code, assignment.pk])
    page = client_for(learner).get(url).content.decode()
    assert "Note maximale\u00a0: 20" in page and "Échéance\u00a0:" in page
    assert "Note maximale:" not in page


# A sign French spaces, after a plain space: ":" ";" "?" "!" ending a word's phrase, or a literal
# percent ("%%" in a python-format msgstr, "%" elsewhere; "%(name)s" and "%s" are placeholders).
PLAIN_SPACE_THEN_SIGN = re.compile(r" (?=[:;?!](?:\s|$|[\"»)<.,])|%%|%(?![(a-z%]))")


def test_every_french_translation_puts_a_no_break_space_before_the_sign():
    """The catalogues themselves: "État : fait" must carry U+00A0 before the colon, or the
    line can break before the sign and the page reads "État" / ": fait"."""
    import polib

    assert len(catalogues()) > 10
    found = []
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            found += [
                f"{path.relative_to(ROOT)}: {text}"
                for text in texts
                if PLAIN_SPACE_THEN_SIGN.search(text)
            ]
    assert not found, "\n".join(found[:20]) + f"\n({len(found)} in all)"


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("État : fait", True),
        ("Pourquoi ?", True),
        ("Seuil : %(mark)s %%.", True),
        ("%(count)s %(unit)s", False),
        ("État\u00a0: fait", False),
        ("Voir http://exemple.org?x=1", False),
    ],
)
def test_the_catalogue_check_finds_plain_spaces_only(text, wrong):
    assert bool(PLAIN_SPACE_THEN_SIGN.search(text)) is wrong
