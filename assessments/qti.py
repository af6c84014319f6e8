"""IMS QTI 2.1: export a test as a content package (zip with imsmanifest.xml), import one.

Supported interactions: choice (unique answer, multiple answer with per-choice scores, exact
multiple answer), order (ordering), extended text (free answer) and inline text entry (fill in
the blanks, alternative spellings as map entries). Other question types are reported as not
exportable; items with other interactions are refused on import with the reason. Import is all
or nothing: a malformed file or any refused item imports nothing.

XML is parsed with entity resolution and network access off.
"""

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

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
            for spelling in spellings:
                etree.SubElement(
                    mapping,
                    _q("mapEntry"),
                    mapKey=spelling,
                    mappedValue="1",
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
    return item


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
        if question.type not in EXPORTABLE:
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


def _parse_item(root) -> ParsedQuestion:
    """One assessmentItem; ValueError with the reason when it cannot be imported."""
    if root.tag != _q("assessmentItem"):
        raise ValueError(_("This is not a QTI 2.1 assessment item."))
    title = (root.get("title") or root.get("identifier") or _("Imported question"))[:250]
    body = root.find(_q("itemBody"))
    if body is None:
        raise ValueError(_("The item has no body."))
    declarations = {d.get("identifier"): d for d in root.findall(_q("responseDeclaration"))}
    outcome = root.find(_q("outcomeDeclaration"))
    maximum = outcome.get("normalMaximum") if outcome is not None else None
    processing = root.find(_q("responseProcessing"))
    template = processing.get("template", "") if processing is not None else ""
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

    def mapping_of(declaration):
        mapping = declaration.find(_q("mapping")) if declaration is not None else None
        if mapping is None:
            return None
        return {
            e.get("mapKey"): _decimal(e.get("mappedValue")) for e in mapping.findall(_q("mapEntry"))
        }

    if kinds == {"choiceInteraction"} and len(interactions) == 1:
        interaction = interactions[0]
        declaration = declarations.get(interaction.get("responseIdentifier"))
        if declaration is None:
            raise ValueError(_("The interaction's response is not declared."))
        right = set(correct_values(declaration))
        mapping = mapping_of(declaration)
        single = interaction.get("maxChoices") == "1" or declaration.get("cardinality") == "single"
        choices = interaction.findall(_q("simpleChoice"))
        if len(choices) < 2:
            raise ValueError(_("A choice question needs at least two choices."))
        answers = []
        for choice in choices:
            identifier = choice.get("identifier")
            score = (mapping or {}).get(identifier)
            if score is None:
                score = Decimal("1") if identifier in right else Decimal("0")
            text = _inner_html(choice)
            answers.append({"text": text, "correct": identifier in right, "score": score})
        if not right and not mapping:
            raise ValueError(_("The item gives no correct answer."))
        if single:
            if sum(1 for a in answers if a["correct"]) != 1:
                # A mapped single choice: the best-scored choice is the right one.
                best = max(answers, key=lambda a: a["score"])
                for answer in answers:
                    answer["correct"] = answer is best
            return ParsedQuestion("unique", title, _html_of(statement_nodes), answers=answers)
        if template == MATCH_CORRECT or mapping is None:
            score = _decimal(maximum, "1")
            for answer in answers:
                answer["score"] = Decimal("0")
            return ParsedQuestion(
                "multiple_exact", title, _html_of(statement_nodes), score=score, answers=answers
            )
        return ParsedQuestion(
            "multiple",
            title,
            _html_of(statement_nodes),
            answers=answers,
            config={"no_negative": True},
        )
    if kinds == {"orderInteraction"} and len(interactions) == 1:
        interaction = interactions[0]
        declaration = declarations.get(interaction.get("responseIdentifier"))
        order = correct_values(declaration)
        choices = {c.get("identifier"): c for c in interaction.findall(_q("simpleChoice"))}
        if len(choices) < 2 or sorted(order) != sorted(choices):
            raise ValueError(_("The correct order does not list every item once."))
        return ParsedQuestion(
            "ordering",
            title,
            _html_of(statement_nodes),
            score=_decimal(maximum, "1"),
            answers=[{"text": _inner_html(choices[i])} for i in order],
        )
    if kinds == {"matchInteraction"} and len(interactions) == 1:
        interaction = interactions[0]
        declaration = declarations.get(interaction.get("responseIdentifier"))
        sets = interaction.findall(_q("simpleMatchSet"))
        if len(sets) != 2:
            raise ValueError(_("A matching item needs two sets of choices."))
        sources = {c.get("identifier"): c for c in sets[0].findall(_q("simpleAssociableChoice"))}
        targets = {c.get("identifier"): c for c in sets[1].findall(_q("simpleAssociableChoice"))}
        mapping = mapping_of(declaration) or {}
        answers = []
        for pair in correct_values(declaration):
            parts = pair.split()
            if len(parts) != 2 or parts[0] not in sources or parts[1] not in targets:
                raise ValueError(
                    _("A correct pair names an unknown choice: %(pair)s") % {"pair": pair}
                )
            source, target = sources.pop(parts[0]), targets[parts[1]]
            answers.append(
                {
                    "text": _inner_html(source),
                    "data": {"match": " ".join(target.itertext()).strip()[:500]},
                    "score": mapping.get(pair, Decimal("1")),
                }
            )
        if len(answers) < 2 or sources:
            raise ValueError(_("Every item of a matching question needs its correct pair."))
        return ParsedQuestion("matching", title, _html_of(statement_nodes), answers=answers)
    if kinds == {"extendedTextInteraction"}:
        return ParsedQuestion(
            "free", title, _html_of(statement_nodes), score=_decimal(maximum, "1")
        )
    if kinds == {"textEntryInteraction"}:
        text_parts, statement_parts, case_sensitive = [], [], False
        holder = interactions[0].getparent()
        for node in body:
            if node is not holder:
                statement_parts.append(node)
        text_parts.append(holder.text or "")
        for child in holder:
            if child.tag == _q("textEntryInteraction"):
                declaration = declarations.get(child.get("responseIdentifier"))
                spellings = correct_values(declaration)
                mapping = declaration.find(_q("mapping")) if declaration is not None else None
                if mapping is not None:
                    for entry in mapping.findall(_q("mapEntry")):
                        key = entry.get("mapKey") or ""
                        if key and key not in spellings and _decimal(entry.get("mappedValue")) > 0:
                            spellings.append(key)
                        if entry.get("caseSensitive") == "true":
                            case_sensitive = True
                spellings = [
                    s.replace("[", "").replace("]", "").replace("|", "") for s in spellings
                ]
                spellings = [s for s in spellings if s.strip()]
                if not spellings:
                    raise ValueError(_("A blank has no correct answer."))
                text_parts.append("[" + "|".join(spellings) + "]")
            else:
                text_parts.append(
                    etree.tostring(child, method="text", encoding="unicode", with_tail=False)
                )
            text_parts.append(child.tail or "")
        if any(i.getparent() is not holder for i in interactions):
            raise ValueError(_("All blanks must be in the same paragraph."))
        return ParsedQuestion(
            "blanks",
            title,
            _html_of(statement_parts),
            score=_decimal(maximum, "1"),
            config={
                "text": " ".join("".join(text_parts).split()),
                "case_sensitive": case_sensitive,
                "ignore_spaces": False,
            },
        )
    raise ValueError(
        _("Interaction not supported: %(kinds)s.") % {"kinds": ", ".join(sorted(kinds))}
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


def parse_package(upload) -> tuple[list[ParsedQuestion], list[RejectedItem]]:
    """Read a QTI zip package (or a single item XML). QtiError when it is malformed."""
    head = upload.read(4)
    upload.seek(0)
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
            if (resource.get("type") or "").startswith("imsqti_item_xmlv2p1")
        ]
        if not hrefs:
            raise QtiError(_("The manifest lists no QTI 2.1 item."))
        if len(hrefs) > MAX_ITEMS:
            raise QtiError(_("Too many items (at most %(n)d).") % {"n": MAX_ITEMS})
        documents = []
        for href in hrefs:
            if not href or href not in names:
                raise QtiError(
                    _("The manifest points to a missing file: %(href)s") % {"href": href}
                )
            documents.append((href, _xml(archive.read(href), href)))
    else:
        content = upload.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise QtiError(_("The file is too large."))
        documents = [(upload.name, _xml(content, upload.name))]
    parsed, rejected = [], []
    for href, root in documents:
        try:
            parsed.append(_parse_item(root))
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


@transaction.atomic
def import_questions(*, course, quiz, questions: list[ParsedQuestion], category=None):
    created = []
    for parsed in questions:
        kind = get_type(parsed.type)
        config = kind.clean_config(dict(parsed.config)) if parsed.config else {}
        question = Question(
            course=course,
            type=parsed.type,
            title=parsed.title,
            statement=parsed.statement,
            score=parsed.score,
            config=config,
            category=category,
        )
        services.question_save(question=question, answers=parsed.answers or None)
        if quiz is not None:
            services.quiz_add_question(quiz=quiz, question=question)
        created.append(question)
    return created
