"""IMS QTI 2.1: export a test as a content package (zip with imsmanifest.xml), import one
(QTI 2.1 or 2.2 items and packages: ``imsqti_v2p1``/``imsqti_v2p2``, ``imsqti_item_xmlv2p1``/
``imsqti_item_xmlv2p2``).

Scoring is imported exactly or the item is refused with the reason: the response processing
templates ``match_correct`` and ``map_response`` (a mapping's ``defaultValue``, ``lowerBound``,
``upperBound`` and each ``mapEntry``'s ``caseSensitive`` are kept or the item refused), and one
custom rule, ``equal`` with ``toleranceMode`` exact/absolute/relative on a numeric response
(QTI 2.1 §3.4.2 / 2.2 "equal"). Images an item shows are stored in the course's documents and
the links rewritten.

Supported interactions: choice (unique answer, multiple answer with per-choice scores, exact
multiple answer), order (ordering), extended text (free answer) and inline text entry (fill in
the blanks, alternative spellings as map entries). Other question types are reported as not
exportable; items with other interactions are refused on import with the reason. Import is all
or nothing: a malformed file or any refused item imports nothing.

XML is parsed with entity resolution and network access off.
"""

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote

import lxml.html
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from assessments import services
from assessments.models import Question, Quiz
from assessments.question_types import BLANK, get_type
from core.archives import UnsafeArchive, inspect_zip, open_zip
from core.html import sanitize_html

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
NS22 = "http://www.imsglobal.org/xsd/imsqti_v2p2"
ITEM_TYPES = ("imsqti_item_xmlv2p1", "imsqti_item_xmlv2p2")
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp"}
MEDIA_PREFIX = "qti-media/"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
MAP_RESPONSE = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
MAX_ITEMS = 500
MAX_BYTES = 20 * 1024 * 1024
EXPORTABLE = {"unique", "multiple", "multiple_exact", "ordering", "free", "blanks", "matching"}


def _q(tag):
    return f"{{{NS}}}{tag}"


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
    )


def _html_block(html: str, tag="div"):
    """Sanitised HTML as an element tree in the QTI namespace (XHTML-compatible)."""
    fragment = lxml.html.fragment_fromstring(sanitize_html(html) or "", create_parent=tag)
    xml = etree.tostring(fragment, method="xml", encoding="unicode")
    element = etree.fromstring(xml, _parser())
    for node in element.iter():
        if isinstance(node.tag, str) and not node.tag.startswith("{"):
            node.tag = _q(node.tag)
    return element


def _html_of(nodes) -> str:
    parts = []
    for node in nodes:
        copy = etree.fromstring(etree.tostring(node), _parser())
        for element in copy.iter():
            if isinstance(element.tag, str) and element.tag.startswith("{"):
                element.tag = etree.QName(element).localname
        etree.cleanup_namespaces(copy)
        parts.append(etree.tostring(copy, encoding="unicode", with_tail=True))
    return sanitize_html("".join(parts))


def _num(value) -> str:
    return format(Decimal(value).normalize(), "f")


# --- Export -----------------------------------------------------------------------------------


def _item(question: Question, identifier: str):
    kind = get_type(question.type)
    answers = list(question.answers.all())
    item = etree.Element(
        _q("assessmentItem"),
        nsmap={None: NS},
        identifier=identifier,
        title=question.title,
        adaptive="false",
        timeDependent="false",
    )
    body = etree.Element(_q("itemBody"))
    if question.statement:
        body.append(_html_block(question.statement))
    template = MAP_RESPONSE
    custom_processing = None
    if question.type in {"unique", "multiple", "multiple_exact"}:
        single = question.type == "unique"
        declaration = etree.SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="single" if single else "multiple",
            baseType="identifier",
        )
        correct = etree.SubElement(declaration, _q("correctResponse"))
        for index, answer in enumerate(answers):
            if answer.correct:
                etree.SubElement(correct, _q("value")).text = f"C{index + 1}"
        if question.type != "multiple_exact":
            mapping = etree.SubElement(declaration, _q("mapping"), defaultValue="0")
            if question.type == "multiple" and question.config.get("no_negative", True):
                mapping.set("lowerBound", "0")
            for index, answer in enumerate(answers):
                etree.SubElement(
                    mapping, _q("mapEntry"), mapKey=f"C{index + 1}", mappedValue=_num(answer.score)
                )
        else:
            template = MATCH_CORRECT
        interaction = etree.SubElement(
            body,
            _q("choiceInteraction"),
            responseIdentifier="RESPONSE",
            shuffle="false",
            maxChoices="1" if single else "0",
        )
        for index, answer in enumerate(answers):
            choice = _html_block(answer.text, "simpleChoice")
            choice.set("identifier", f"C{index + 1}")
            interaction.append(choice)
    elif question.type == "ordering":
        declaration = etree.SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="ordered",
            baseType="identifier",
        )
        correct = etree.SubElement(declaration, _q("correctResponse"))
        interaction = etree.SubElement(
            body, _q("orderInteraction"), responseIdentifier="RESPONSE", shuffle="true"
        )
        for index, answer in enumerate(answers):
            etree.SubElement(correct, _q("value")).text = f"C{index + 1}"
            choice = _html_block(answer.text, "simpleChoice")
            choice.set("identifier", f"C{index + 1}")
            interaction.append(choice)
        template = MATCH_CORRECT
    elif question.type == "matching":
        declaration = etree.SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="multiple",
            baseType="directedPair",
        )
        correct = etree.SubElement(declaration, _q("correctResponse"))
        mapping = etree.SubElement(declaration, _q("mapping"), defaultValue="0")
        interaction = etree.SubElement(
            body,
            _q("matchInteraction"),
            responseIdentifier="RESPONSE",
            shuffle="true",
            maxAssociations=str(len(answers)),
        )
        sources = etree.SubElement(interaction, _q("simpleMatchSet"))
        targets = etree.SubElement(interaction, _q("simpleMatchSet"))
        for index, answer in enumerate(answers, start=1):
            pair = f"S{index} T{index}"
            etree.SubElement(correct, _q("value")).text = pair
            etree.SubElement(mapping, _q("mapEntry"), mapKey=pair, mappedValue=_num(answer.score))
            source = _html_block(answer.text, "simpleAssociableChoice")
            source.set("identifier", f"S{index}")
            source.set("matchMax", "1")
            sources.append(source)
            target = etree.SubElement(
                targets, _q("simpleAssociableChoice"), identifier=f"T{index}", matchMax="1"
            )
            target.text = answer.data.get("match", "")
    elif question.type == "numerical":
        # One accepted value: a numeric entry scored by an "equal" rule with its tolerance.
        (answer,) = answers
        kind_numerical = get_type("numerical")
        mode = kind_numerical.mode(question, answer)
        declaration = etree.SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="single",
            baseType="float",
        )
        correct = etree.SubElement(declaration, _q("correctResponse"))
        etree.SubElement(correct, _q("value")).text = answer.text
        paragraph = etree.SubElement(body, _q("p"))
        etree.SubElement(paragraph, _q("textEntryInteraction"), responseIdentifier="RESPONSE")
        template = None
        processing = etree.Element(_q("responseProcessing"))
        condition = etree.SubElement(processing, _q("responseCondition"))
        branch = etree.SubElement(condition, _q("responseIf"))
        equal = etree.SubElement(branch, _q("equal"), toleranceMode=mode)
        if mode != "exact":
            equal.set("tolerance", answer.data.get("tolerance", "0") or "0")
        etree.SubElement(equal, _q("variable"), identifier="RESPONSE")
        etree.SubElement(equal, _q("correct"), identifier="RESPONSE")
        outcome_value = etree.SubElement(branch, _q("setOutcomeValue"), identifier="SCORE")
        etree.SubElement(outcome_value, _q("baseValue"), baseType="float").text = _num(answer.score)
        custom_processing = processing
    elif question.type == "free":
        etree.SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="single",
            baseType="string",
        )
        etree.SubElement(body, _q("extendedTextInteraction"), responseIdentifier="RESPONSE")
        template = None
    elif question.type == "blanks":
        paragraph = etree.SubElement(body, _q("p"))
        text = question.config.get("text", "")
        pieces = BLANK.split(text)
        last = None
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                if last is None:
                    paragraph.text = (paragraph.text or "") + piece
                else:
                    last.tail = (last.tail or "") + piece
                continue
            number = index // 2 + 1
            spellings = [s.strip() for s in piece.split("|") if s.strip()]
            declaration = etree.SubElement(
                item,
                _q("responseDeclaration"),
                identifier=f"RESPONSE_{number}",
                cardinality="single",
                baseType="string",
            )
            correct = etree.SubElement(declaration, _q("correctResponse"))
            etree.SubElement(correct, _q("value")).text = spellings[0]
            mapping = etree.SubElement(declaration, _q("mapping"), defaultValue="0")
            count = len(BLANK.findall(text)) or 1
            share = (Decimal(question.score) / count).quantize(Decimal("0.0001"))
            for spelling in spellings:
                etree.SubElement(
                    mapping,
                    _q("mapEntry"),
                    mapKey=spelling,
                    mappedValue=_num(share),
                    caseSensitive="true" if question.config.get("case_sensitive") else "false",
                )
            last = etree.SubElement(
                paragraph, _q("textEntryInteraction"), responseIdentifier=f"RESPONSE_{number}"
            )
    outcome = etree.SubElement(
        item,
        _q("outcomeDeclaration"),
        identifier="SCORE",
        cardinality="single",
        baseType="float",
        normalMaximum=_num(kind.max_score(question) or 0),
    )
    etree.SubElement(etree.SubElement(outcome, _q("defaultValue")), _q("value")).text = "0"
    item.append(body)
    if template:
        etree.SubElement(item, _q("responseProcessing"), template=template)
    elif custom_processing is not None:
        item.append(custom_processing)
    return item


def exportable(question: Question) -> bool:
    """Whether QTI can carry this question's scoring (a numerical question: one value)."""
    if question.type == "numerical":
        return len(question.answers.all()) == 1
    return question.type in EXPORTABLE


def export_quiz(quiz: Quiz) -> tuple[bytes, list[str]]:
    """The zip package's bytes and the titles of questions left out (type not exportable)."""
    links = list(
        quiz.quiz_questions.select_related("question")
        .prefetch_related("question__answers")
        .order_by("position", "pk")
    )
    skipped, items = [], []
    for link in links:
        question = link.question
        if not exportable(question):
            skipped.append(question.title)
            continue
        identifier = f"item{len(items) + 1}"
        items.append((identifier, _item(question, identifier)))
    manifest = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP}, identifier=f"quiz{quiz.pk}")
    etree.SubElement(manifest, f"{{{CP}}}organizations")
    resources = etree.SubElement(manifest, f"{{{CP}}}resources")
    test = etree.Element(
        _q("assessmentTest"), nsmap={None: NS}, identifier=f"test{quiz.pk}", title=quiz.title
    )
    part = etree.SubElement(
        test,
        _q("testPart"),
        identifier="part1",
        navigationMode="nonlinear",
        submissionMode="simultaneous",
    )
    section = etree.SubElement(
        part, _q("assessmentSection"), identifier="section1", title=quiz.title, visible="true"
    )
    test_resource = etree.SubElement(
        resources,
        f"{{{CP}}}resource",
        identifier="test",
        type="imsqti_test_xmlv2p1",
        href="test.xml",
    )
    etree.SubElement(test_resource, f"{{{CP}}}file", href="test.xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for identifier, item in items:
            href = f"items/{identifier}.xml"
            etree.SubElement(section, _q("assessmentItemRef"), identifier=identifier, href=href)
            resource = etree.SubElement(
                resources,
                f"{{{CP}}}resource",
                identifier=identifier,
                type="imsqti_item_xmlv2p1",
                href=href,
            )
            etree.SubElement(resource, f"{{{CP}}}file", href=href)
            etree.SubElement(test_resource, f"{{{CP}}}dependency", identifierref=identifier)
            archive.writestr(href, etree.tostring(item, xml_declaration=True, encoding="UTF-8"))
        archive.writestr("test.xml", etree.tostring(test, xml_declaration=True, encoding="UTF-8"))
        archive.writestr(
            "imsmanifest.xml", etree.tostring(manifest, xml_declaration=True, encoding="UTF-8")
        )
    return buffer.getvalue(), skipped


# --- Import -----------------------------------------------------------------------------------


class QtiError(ValueError):
    """The whole package is refused (malformed); the message is for the teacher."""


@dataclass
class ParsedQuestion:
    type: str
    title: str
    statement: str
    score: Decimal = Decimal("1")
    config: dict = field(default_factory=dict)
    answers: list = field(default_factory=list)
    # A category name the file gives (GIFT's $CATEGORY), created in the course if needed.
    category: str = ""
    # Files the question's HTML points to (package path -> bytes), stored at import.
    media: dict = field(default_factory=dict)


@dataclass
class RejectedItem:
    href: str
    title: str
    reason: str


def _decimal(value, default="0") -> Decimal:
    try:
        result = Decimal(str(value if value is not None else default))
    except InvalidOperation:
        raise QtiError(_("A score is not a number: %(value)s") % {"value": value}) from None
    if not result.is_finite() or abs(result) > 100000:
        raise QtiError(_("A score is out of range: %(value)s") % {"value": value})
    return result


def _template(processing) -> str:
    """ "match_correct", "map_response", "custom" (rules written out), "none" or the URL."""
    if processing is None:
        return "none"
    template = (processing.get("template") or "").strip()
    if not template:
        return "custom" if len(processing) else "none"
    name = template.rstrip("/").rsplit("/", 1)[-1]
    known = ("qti_v2p1/rptemplates/", "qti_v2p2/rptemplates/")
    if name in ("match_correct", "map_response") and (
        "/" not in template or any(k in template for k in known)
    ):
        return name
    return template


def _mapping(declaration, *, identifiers: bool) -> dict | None:
    """{key: (value, case_sensitive)}, "default", "lower", "upper" of a response's mapping."""
    mapping = declaration.find(_q("mapping")) if declaration is not None else None
    if mapping is None:
        return None
    entries = {}
    for entry in mapping.findall(_q("mapEntry")):
        key = entry.get("mapKey") or ""
        # caseSensitive is required by QTI 2.1; identifiers always compare exactly.
        sensitive = identifiers or (entry.get("caseSensitive", "true").lower() == "true")
        entries[key] = (_decimal(entry.get("mappedValue")), sensitive)
    lower, upper = mapping.get("lowerBound"), mapping.get("upperBound")
    return {
        "entries": entries,
        "default": _decimal(mapping.get("defaultValue"), "0"),
        "lower": None if lower is None else _decimal(lower),
        "upper": None if upper is None else _decimal(upper),
    }


def _no_bounds(mapping, values):
    """Bounds that change no possible score (a lower bound at or below the lowest mapped
    value, an upper one at or above the highest) are harmless; others are refused."""
    low, high = min(values, default=Decimal("0")), max(values, default=Decimal("0"))
    if (mapping["lower"] is not None and mapping["lower"] > low) or (
        mapping["upper"] is not None and mapping["upper"] < high
    ):
        raise ValueError(_("A lower or upper bound on this item's score cannot be kept."))


def _equal_rule(processing, declaration):
    """The one custom rule understood: if ``equal`` (with its toleranceMode) between the
    response and a value, SCORE is set to a number; otherwise (optional else) to 0.
    Returns (expected value text or None for the correct response, mode, tolerance, score)."""
    conditions = list(processing)
    refused = ValueError(
        _(
            "This response processing cannot be imported exactly (only templates and one "
            "“equal” rule are understood)."
        )
    )
    if len(conditions) != 1 or conditions[0].tag != _q("responseCondition"):
        raise refused
    branches = list(conditions[0])
    if not branches or branches[0].tag != _q("responseIf") or len(branches) > 2:
        raise refused
    test, *actions = list(branches[0])
    if test.tag != _q("equal") or len(actions) != 1:
        raise refused

    def set_score(action):
        value = action.find(_q("baseValue"))
        if action.tag != _q("setOutcomeValue") or action.get("identifier") != "SCORE":
            raise refused
        if value is None or len(action) != 1:
            raise refused
        return _decimal(value.text)

    score = set_score(actions[0])
    if len(branches) == 2:
        if branches[1].tag != _q("responseElse") or len(branches[1]) != 1:
            raise refused
        if set_score(branches[1][0]) != 0:
            raise ValueError(_("A score for a wrong answer other than 0 cannot be kept."))
    operands = list(test)
    variables = [o for o in operands if o.tag == _q("variable")]
    others = [o for o in operands if o.tag != _q("variable")]
    if len(operands) != 2 or len(variables) != 1 or len(others) != 1:
        raise refused
    if variables[0].get("identifier") != declaration.get("identifier"):
        raise refused
    other = others[0]
    if other.tag == _q("correct") and other.get("identifier") == declaration.get("identifier"):
        expected = None
    elif other.tag == _q("baseValue"):
        expected = (other.text or "").strip()
    else:
        raise refused
    mode = test.get("toleranceMode", "exact")
    if mode not in ("exact", "absolute", "relative"):
        raise ValueError(_("Unknown tolerance mode: %(mode)s.") % {"mode": mode})
    if test.get("includeLowerBound", "true") != "true" or (
        test.get("includeUpperBound", "true") != "true"
    ):
        raise ValueError(_("A tolerance that excludes its bounds cannot be kept."))
    tolerances = (test.get("tolerance") or "0").split()
    if mode != "exact":
        if not tolerances or len(set(tolerances)) != 1:
            raise ValueError(_("Different lower and upper tolerances cannot be kept."))
        tolerance = _decimal(tolerances[0])
        if tolerance < 0:
            raise ValueError(_("A tolerance cannot be negative."))
    else:
        tolerance = Decimal("0")
    return expected, mode, tolerance, score


def _parse_item(root) -> ParsedQuestion:
    """One assessmentItem; ValueError with the reason when it cannot be imported exactly."""
    if root.tag != _q("assessmentItem"):
        raise ValueError(_("This is not a QTI 2.1 or 2.2 assessment item."))
    title = (root.get("title") or root.get("identifier") or _("Imported question"))[:250]
    body = root.find(_q("itemBody"))
    if body is None:
        raise ValueError(_("The item has no body."))
    declarations = {d.get("identifier"): d for d in root.findall(_q("responseDeclaration"))}
    outcome = root.find(_q("outcomeDeclaration"))
    maximum = outcome.get("normalMaximum") if outcome is not None else None
    processing = root.find(_q("responseProcessing"))
    template = _template(processing)
    interactions = [
        el
        for el in body.iter()
        if isinstance(el.tag, str)
        and el.tag.startswith(f"{{{NS}}}")
        and el.tag.endswith("Interaction")
    ]
    if not interactions:
        raise ValueError(_("The item has no interaction."))
    kinds = {etree.QName(el).localname for el in interactions}
    statement_nodes = [
        child
        for child in body
        if child not in interactions
        and not any(child is el or child in el.iterancestors() for el in interactions)
    ]

    for interaction in interactions:
        prompt = interaction.find(_q("prompt"))
        if prompt is not None:
            prompt_copy = etree.fromstring(etree.tostring(prompt, with_tail=False), _parser())
            prompt_copy.tag = _q("p")
            statement_nodes.append(prompt_copy)

    def correct_values(declaration):
        correct = declaration.find(_q("correctResponse")) if declaration is not None else None
        return [v.text or "" for v in correct.findall(_q("value"))] if correct is not None else []

    supported = {
        "choiceInteraction",
        "orderInteraction",
        "matchInteraction",
        "extendedTextInteraction",
        "textEntryInteraction",
    }
    if not kinds <= supported or len(kinds) > 1:
        raise ValueError(
            _("Interaction not supported: %(kinds)s.") % {"kinds": ", ".join(sorted(kinds))}
        )
    if kinds != {"extendedTextInteraction"} and template not in (
        "match_correct",
        "map_response",
        "custom",
    ):
        if template == "none":
            raise ValueError(_("The item has no response processing: its score is unknown."))
        raise ValueError(
            _("Response processing template not supported: %(name)s.") % {"name": template}
        )
    if template == "custom" and kinds != {"textEntryInteraction"}:
        raise ValueError(
            _(
                "This response processing cannot be imported exactly (only templates and one "
                "“equal” rule are understood)."
            )
        )

    if kinds == {"choiceInteraction"} and len(interactions) == 1:
        interaction = interactions[0]
        declaration = declarations.get(interaction.get("responseIdentifier"))
        if declaration is None:
            raise ValueError(_("The interaction's response is not declared."))
        right = set(correct_values(declaration))
        single = interaction.get("maxChoices") == "1" or declaration.get("cardinality") == "single"
        choices = interaction.findall(_q("simpleChoice"))
        if len(choices) < 2:
            raise ValueError(_("A choice question needs at least two choices."))
        statement = _html_of(statement_nodes)
        if template == "match_correct":
            if not right:
                raise ValueError(_("The item gives no correct answer."))
            answers = [
                {"text": _inner_html(c), "correct": c.get("identifier") in right, "score": 0}
                for c in choices
            ]
            if single:
                if len(right) != 1:
                    raise ValueError(_("A single choice gives one correct answer."))
                for answer in answers:
                    answer["score"] = Decimal("1") if answer["correct"] else Decimal("0")
                return ParsedQuestion("unique", title, statement, answers=answers)
            return ParsedQuestion(
                "multiple_exact",
                title,
                statement,
                score=_decimal(maximum, "1"),
                answers=[dict(a, score=Decimal("0")) for a in answers],
            )
        mapping = _mapping(declaration, identifiers=True)
        if mapping is None:
            raise ValueError(_("The item is scored by a mapping it does not give."))
        scores = {
            c.get("identifier"): mapping["entries"].get(c.get("identifier"), (mapping["default"],))[
                0
            ]
            for c in choices
        }
        answers = [
            {
                "text": _inner_html(c),
                "correct": scores[c.get("identifier")] > 0,
                "score": scores[c.get("identifier")],
            }
            for c in choices
        ]
        if not any(a["score"] > 0 for a in answers):
            raise ValueError(_("No choice scores any point."))
        if single:
            _no_bounds(mapping, [a["score"] for a in answers])
            best = max(answers, key=lambda a: a["score"])
            for answer in answers:
                answer["correct"] = answer is best
            return ParsedQuestion("unique", title, statement, answers=answers)
        if mapping["lower"] not in (None, Decimal("0")):
            raise ValueError(_("A lower bound other than 0 on the score cannot be kept."))
        positive = sum((a["score"] for a in answers if a["score"] > 0), Decimal("0"))
        if mapping["upper"] is not None and mapping["upper"] < positive:
            raise ValueError(_("An upper bound below the choices' total cannot be kept."))
        return ParsedQuestion(
            "multiple",
            title,
            statement,
            answers=answers,
            config={"no_negative": mapping["lower"] is not None},
        )
    if kinds == {"orderInteraction"} and len(interactions) == 1:
        interaction = interactions[0]
        declaration = declarations.get(interaction.get("responseIdentifier"))
        if template != "match_correct":
            raise ValueError(_("An order item is imported when scored all or nothing."))
        order = correct_values(declaration)
        choices = {c.get("identifier"): c for c in interaction.findall(_q("simpleChoice"))}
        if len(choices) < 2 or sorted(order) != sorted(choices):
            raise ValueError(_("The correct order does not list every item once."))
        return ParsedQuestion(
            "ordering",
            title,
            _html_of(statement_nodes),
            score=_decimal(maximum, "1"),
            config={"all_or_nothing": True},
            answers=[{"text": _inner_html(choices[i])} for i in order],
        )
    if kinds == {"matchInteraction"} and len(interactions) == 1:
        interaction = interactions[0]
        declaration = declarations.get(interaction.get("responseIdentifier"))
        if template != "map_response":
            raise ValueError(_("A matching item is imported when scored pair by pair."))
        sets = interaction.findall(_q("simpleMatchSet"))
        if len(sets) != 2:
            raise ValueError(_("A matching item needs two sets of choices."))
        sources = {c.get("identifier"): c for c in sets[0].findall(_q("simpleAssociableChoice"))}
        targets = {c.get("identifier"): c for c in sets[1].findall(_q("simpleAssociableChoice"))}
        mapping = _mapping(declaration, identifiers=True)
        if mapping is None:
            raise ValueError(_("The item is scored by a mapping it does not give."))
        if mapping["default"] != 0:
            raise ValueError(_("A score for wrong pairs other than 0 cannot be kept."))
        if mapping["lower"] not in (None, Decimal("0")):
            raise ValueError(_("A lower bound other than 0 on the score cannot be kept."))
        correct = correct_values(declaration)
        for pair, (value, _sensitive) in mapping["entries"].items():
            if value != 0 and pair not in correct:
                raise ValueError(
                    _("A pair that is not correct scores points: %(pair)s") % {"pair": pair}
                )
        answers = []
        for pair in correct:
            parts = pair.split()
            if len(parts) != 2 or parts[0] not in sources or parts[1] not in targets:
                raise ValueError(
                    _("A correct pair names an unknown choice: %(pair)s") % {"pair": pair}
                )
            source, target = sources.pop(parts[0]), targets[parts[1]]
            answers.append(
                {
                    "text": _inner_html(source),
                    "data": {"match": " ".join(" ".join(target.itertext()).split())[:500]},
                    "score": mapping["entries"].get(pair, (mapping["default"],))[0],
                }
            )
        if len(answers) < 2 or sources:
            raise ValueError(_("Every item of a matching question needs its correct pair."))
        positive = sum((a["score"] for a in answers), Decimal("0"))
        if mapping["upper"] is not None and mapping["upper"] < positive:
            raise ValueError(_("An upper bound below the pairs' total cannot be kept."))
        return ParsedQuestion("matching", title, _html_of(statement_nodes), answers=answers)
    if kinds == {"extendedTextInteraction"}:
        return ParsedQuestion(
            "free", title, _html_of(statement_nodes), score=_decimal(maximum, "1")
        )
    if kinds == {"textEntryInteraction"}:
        declaration = declarations.get(interactions[0].get("responseIdentifier"))
        if declaration is not None and declaration.get("baseType") in ("float", "integer"):
            return _numeric_item(title, body, interactions, declaration, processing, template)
        if template == "custom":
            raise ValueError(
                _(
                    "This response processing cannot be imported exactly (only templates and "
                    "one “equal” rule are understood)."
                )
            )
        return _blanks_item(title, body, interactions, declarations, template, maximum)
    raise ValueError(
        _("Interaction not supported: %(kinds)s.") % {"kinds": ", ".join(sorted(kinds))}
    )


def _numeric_item(title, body, interactions, declaration, processing, template):
    """One numeric text entry: a numerical question (value, tolerance, mode, score)."""
    if len(interactions) != 1:
        raise ValueError(_("Only one numeric entry per item can be imported."))
    correct = declaration.find(_q("correctResponse"))
    values = [v.text or "" for v in correct.findall(_q("value"))] if correct is not None else []
    rows = []
    if template == "custom":
        expected, mode, tolerance, score = _equal_rule(processing, declaration)
        if expected is None:
            if len(values) != 1:
                raise ValueError(_("The numeric entry gives no correct value."))
            expected = values[0]
        rows.append((expected, tolerance, mode, score))
    elif template == "match_correct":
        if len(values) != 1:
            raise ValueError(_("The numeric entry gives no correct value."))
        rows.append((values[0], Decimal("0"), "exact", Decimal("1")))
    else:
        mapping = _mapping(declaration, identifiers=True)
        if mapping is None:
            raise ValueError(_("The item is scored by a mapping it does not give."))
        _no_bounds(mapping, [Decimal("0")] + [v for v, _s in mapping["entries"].values()])
        if mapping["default"] != 0:
            raise ValueError(_("A score for other answers than 0 cannot be kept."))
        for key, (value, _sensitive) in mapping["entries"].items():
            if value < 0:
                raise ValueError(_("A negative score for a value cannot be kept."))
            rows.append((key, Decimal("0"), "exact", value))
    answers = []
    for expected, tolerance, mode, score in rows:
        try:
            number = Decimal(expected.strip())
        except InvalidOperation:
            raise ValueError(
                _("The expected value is not a number: %(value)s") % {"value": expected}
            ) from None
        if not number.is_finite():
            raise ValueError(
                _("The expected value is not a number: %(value)s") % {"value": expected}
            )
        answers.append(
            {
                "text": format(number.normalize(), "f"),
                "score": score,
                "data": {"tolerance": format(tolerance.normalize(), "f"), "mode": mode},
            }
        )
    if not any(a["score"] > 0 for a in answers):
        raise ValueError(_("No value scores any point."))
    # The statement: the body with the entry shown as a blank line.
    copy = etree.fromstring(etree.tostring(body), _parser())
    for entry in copy.iter(_q("textEntryInteraction")):
        tail = entry.tail or ""
        parent = entry.getparent()
        previous = entry.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + " _____ " + tail
        else:
            parent.text = (parent.text or "") + " _____ " + tail
        parent.remove(entry)
    return ParsedQuestion("numerical", title, _html_of(list(copy)), answers=answers)


def _blanks_item(title, body, interactions, declarations, template, maximum):
    """Text entries in one paragraph: a fill-in-the-blanks question, when it keeps the score."""
    text_parts, statement_parts = [], []
    holder = interactions[0].getparent()
    if any(i.getparent() is not holder for i in interactions):
        raise ValueError(_("All blanks must be in the same paragraph."))
    for node in body:
        if node is not holder:
            statement_parts.append(node)
    text_parts.append(holder.text or "")
    sensitivity, points = set(), set()
    for child in holder:
        if child.tag == _q("textEntryInteraction"):
            declaration = declarations.get(child.get("responseIdentifier"))
            if declaration is None:
                raise ValueError(_("The interaction's response is not declared."))
            correct = declaration.find(_q("correctResponse"))
            values = (
                [v.text or "" for v in correct.findall(_q("value"))] if correct is not None else []
            )
            if template == "match_correct":
                if len(interactions) != 1:
                    raise ValueError(
                        _("Several blanks scored all or nothing cannot be imported exactly.")
                    )
                # match_correct compares strings exactly: case counts.
                spellings, blank_points = values[:1], Decimal("1")
                sensitivity.add(True)
            else:
                mapping = _mapping(declaration, identifiers=False)
                if mapping is None:
                    raise ValueError(_("The item is scored by a mapping it does not give."))
                _no_bounds(mapping, [Decimal("0")] + [v for v, _s in mapping["entries"].values()])
                if mapping["default"] != 0:
                    raise ValueError(
                        _("A score of %(value)s for any other answer cannot be kept.")
                        % {"value": mapping["default"]}
                    )
                scored = {k: v for k, v in mapping["entries"].items() if v[0] != 0}
                if any(value < 0 for value, _s in scored.values()):
                    raise ValueError(_("A negative score for an answer cannot be kept."))
                if len({value for value, _s in scored.values()}) > 1:
                    raise ValueError(
                        _("Answers of one blank worth different scores cannot be kept.")
                    )
                spellings = list(scored)
                blank_points = next(iter(scored.values()))[0] if scored else Decimal("0")
                sensitivity.update(sensitive for _v, sensitive in scored.values())
            points.add(blank_points)
            if any(c in s for s in spellings for c in "[]|"):
                raise ValueError(_("An answer holds “[”, “]” or “|”."))
            spellings = [s for s in spellings if s.strip()]
            if not spellings:
                raise ValueError(_("A blank has no correct answer."))
            text_parts.append("[" + "|".join(spellings) + "]")
        else:
            text_parts.append(
                etree.tostring(child, method="text", encoding="unicode", with_tail=False)
            )
        text_parts.append(child.tail or "")
    if len(sensitivity) > 1:
        raise ValueError(
            _("Case-sensitive and case-insensitive answers in one item cannot be kept.")
        )
    if len(points) > 1:
        raise ValueError(_("Blanks worth different scores cannot be kept."))
    return ParsedQuestion(
        "blanks",
        title,
        _html_of(statement_parts),
        score=(points.pop() if points else Decimal("1")) * len(interactions),
        config={
            "text": " ".join("".join(text_parts).split()),
            "case_sensitive": sensitivity == {True},
            "ignore_spaces": False,
        },
    )


def _inner_html(element) -> str:
    copy = etree.fromstring(etree.tostring(element), _parser())
    for node in copy.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = etree.QName(node).localname
    etree.cleanup_namespaces(copy)
    inner = (copy.text or "") + "".join(
        etree.tostring(child, encoding="unicode", with_tail=True) for child in copy
    )
    return sanitize_html(inner.strip())


def _as_qti21(root):
    """QTI 2.2 items use the 2.2 namespace for the same elements: read them as 2.1."""
    prefix = f"{{{NS22}}}"
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(prefix):
            element.tag = _q(element.tag[len(prefix) :])
    return root


def _collect_media(root, href: str, archive, names: set) -> dict:
    """Images of the item found in the package: their ``src`` becomes a placeholder
    (``qti-media/<n>.<ext>``) replaced by the stored document's address at import."""
    media = {}
    base = posixpath.dirname(href or "")
    for image in root.iter(_q("img")):
        src = (image.get("src") or "").strip()
        if not src or "://" in src or src.startswith(("/", "data:")):
            continue
        path = posixpath.normpath(posixpath.join(base, unquote(src)))
        if archive is None or path not in names:
            raise ValueError(_("The image %(src)s is not in the package.") % {"src": src})
        extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if extension not in IMAGE_EXTENSIONS:
            raise ValueError(
                _("The image %(src)s is not a PNG, JPEG, GIF or WebP file.") % {"src": src}
            )
        token = f"{MEDIA_PREFIX}{len(media) + 1}.{extension}"
        media[token] = (posixpath.basename(path), archive.read(path))
        image.set("src", token)
    return media


def parse_package(upload) -> tuple[list[ParsedQuestion], list[RejectedItem]]:
    """Read a QTI 2.1/2.2 zip package (or a single item XML). QtiError when it is malformed."""
    head = upload.read(4)
    upload.seek(0)
    archive, names = None, set()
    if head.startswith(b"PK"):
        try:
            archive = open_zip(upload)
            inspect_zip(archive, max_files=MAX_ITEMS * 2, max_total_bytes=MAX_BYTES)
        except UnsafeArchive as error:
            raise QtiError(str(error)) from None
        names = set(archive.namelist())
        if "imsmanifest.xml" not in names:
            raise QtiError(_("The package has no imsmanifest.xml."))
        manifest = _xml(archive.read("imsmanifest.xml"), "imsmanifest.xml")
        hrefs = [
            resource.get("href")
            for resource in manifest.iter(f"{{{CP}}}resource")
            if (resource.get("type") or "").startswith(ITEM_TYPES)
        ]
        if not hrefs:
            raise QtiError(_("The manifest lists no QTI 2.1 or 2.2 item."))
        if len(hrefs) > MAX_ITEMS:
            raise QtiError(_("Too many items (at most %(n)d).") % {"n": MAX_ITEMS})
        documents = []
        for href in hrefs:
            if not href or href not in names:
                raise QtiError(
                    _("The manifest points to a missing file: %(href)s") % {"href": href}
                )
            documents.append((href, _as_qti21(_xml(archive.read(href), href))))
    else:
        content = upload.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise QtiError(_("The file is too large."))
        documents = [(upload.name, _as_qti21(_xml(content, upload.name)))]
    parsed, rejected = [], []
    for href, root in documents:
        try:
            media = _collect_media(root, href, archive, names)
            question = _parse_item(root)
            question.media = media
            parsed.append(question)
        except ValueError as error:
            if isinstance(error, QtiError):
                raise
            rejected.append(RejectedItem(href, root.get("title") or "", str(error)))
    return parsed, rejected


def _xml(content: bytes, name: str):
    try:
        return etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as error:
        raise QtiError(
            _("%(name)s is not well-formed XML: %(error)s") % {"name": name, "error": error.msg}
        ) from None


def _store_media(*, course, user, parsed: ParsedQuestion, stored: dict) -> None:
    """Store the question's images in the course's documents; rewrite their links."""
    from documents.api import DocumentRefused, store_file

    for token, (name, content) in parsed.media.items():
        try:
            _document, url = store_file(
                course=course,
                folder_name=str(_("Imported images")),
                name=name,
                content=content,
                user=user,
                extensions=IMAGE_EXTENSIONS,
            )
        except DocumentRefused as error:
            raise QtiError(
                _("The image %(name)s could not be stored: %(reason)s")
                % {"name": name, "reason": error}
            ) from None
        stored[token] = url
    if not parsed.media:
        return

    def rewrite(html: str) -> str:
        for token, url in stored.items():
            html = html.replace(f'src="{token}"', f'src="{url}"')
        return html

    parsed.statement = rewrite(parsed.statement)
    for answer in parsed.answers:
        if "text" in answer:
            answer["text"] = rewrite(answer["text"])


@transaction.atomic
def import_questions(*, course, quiz, questions: list[ParsedQuestion], category=None, user=None):
    """Create the parsed questions (QTI, GIFT, spreadsheet) in the course and add them to the
    test; a category named by the file is created when missing, else ``category`` is used."""
    from assessments.models import QuestionCategory

    created = []
    categories: dict[str, QuestionCategory] = {}
    for parsed in questions:
        kind = get_type(parsed.type)
        config = kind.clean_config(dict(parsed.config)) if parsed.config else {}
        _store_media(course=course, user=user, parsed=parsed, stored={})
        chosen = category
        if parsed.category:
            if parsed.category not in categories:
                categories[parsed.category], _created = QuestionCategory.objects.get_or_create(
                    course=course, name=parsed.category
                )
            chosen = categories[parsed.category]
        question = Question(
            course=course,
            type=parsed.type,
            title=parsed.title,
            statement=parsed.statement,
            score=parsed.score,
            config=config,
            category=chosen,
        )
        services.question_save(question=question, answers=parsed.answers or None)
        if quiz is not None:
            services.quiz_add_question(quiz=quiz, question=question)
        created.append(question)
    return created
