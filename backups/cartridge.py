"""IMS Common Cartridge: export a course as a cartridge (CC 1.1), import one (CC 1.0 to 1.3).

What travels, both ways:

- web content (``webcontent``) <-> documents: files keep their folders (the path under
  ``web_resources/``); a web page is an HTML file the organization launches (its item's title
  is the page's name);
- web links (``imswl_xmlv1pN``) <-> links (title and address);
- discussion topics (``imsdt_xmlv1pN``) <-> forums (title and text);
- tests (``imsqti_xmlv1p2/imscc_xmlv1pN/assessment``, and question banks) <-> tests, through
  the CC profile of QTI 1.2 (IMS CC 1.1 "QTI profile" §4): multiple choice, multiple response,
  true/false, fill in the blank and essay. Other question types have no CC equivalent: an
  export lists them as left out; an import refuses what it cannot grade as the file says.

Anything else in a cartridge (LTI links, unknown resource types, pattern-match questions) is
reported as skipped with the reason. Import is one transaction: a refused archive or a failure
leaves the course as it was. XML is read with entities and network access off.
"""

import io
import posixpath
import re
import zipfile
from decimal import Decimal, InvalidOperation
from html import escape
from urllib.parse import quote, unquote

import lxml.html
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from assessments import api as assessments_api
from backups.interop import (
    ImportReport,
    InteropError,
    Skip,
    first,
    item,
    kids,
    local,
    open_archive,
    parse_xml,
    read_entry,
    read_xml,
    stored_files_removed_on_failure,
    text,
)
from core.html import sanitize_html
from documents import api as documents_api
from forums import api as forums_api
from links import api as links_api

MANIFEST = "imsmanifest.xml"
CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
WL = "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"
DT = "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
WEB_FOLDER = "web_resources"
TYPE_WEBLINK = "imswl_xmlv1p1"
TYPE_TOPIC = "imsdt_xmlv1p1"
TYPE_TEST = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
# The question types the CC QTI profile can carry, by our type key.
PROFILE_OF = {
    "unique": "cc.multiple_choice.v0p1",
    "multiple_exact": "cc.multiple_response.v0p1",
    "multiple": "cc.multiple_response.v0p1",
    "multiple_global": "cc.multiple_response.v0p1",
    "blanks": "cc.fib.v0p1",
    "free": "cc.essay.v0p1",
}
TRUE_FALSE = ({"true", "false"}, {"vrai", "faux"})
# Top folders cartridge writers put content in: not folders of the course.
CONTAINER_FOLDERS = {"web_resources", "wiki_content"}


# --- Export -----------------------------------------------------------------------------------


def _e(tag: str, ns: str = CP, parent=None, text_value=None, **attributes):
    element = (
        etree.SubElement(parent, f"{{{ns}}}{tag}", **attributes)
        if parent is not None
        else etree.Element(f"{{{ns}}}{tag}", nsmap={None: ns}, **attributes)
    )
    if text_value is not None:
        element.text = text_value
    return element


def _xml_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _num(value) -> str:
    return format(Decimal(value).normalize(), "f")


def _plain(html: str) -> str:
    if not html:
        return ""
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content().strip()


def _mattext(parent, html: str, *, texttype: str = "text/html"):
    material = _e("material", QTI, parent)
    _e("mattext", QTI, material, html or "", texttype=texttype)
    return material


def _metadata(parent, fields: dict):
    holder = _e("qtimetadata", QTI, parent)
    for label, entry in fields.items():
        field = _e("qtimetadatafield", QTI, holder)
        _e("fieldlabel", QTI, field, label)
        _e("fieldentry", QTI, field, str(entry))


def _weighting(question) -> Decimal:
    if question.type == "unique":
        return max([Decimal(a["score"]) for a in question.answers] + [Decimal(0)])
    if question.type == "multiple":
        return sum((Decimal(a["score"]) for a in question.answers if a["score"] > 0), Decimal(0))
    return Decimal(question.score)


def _is_true_false(question) -> bool:
    labels = {_plain(a["text"]).casefold() for a in question.answers}
    return len(question.answers) == 2 and labels in TRUE_FALSE


def _export_item(section, question, ident: str) -> None:
    """One question as a QTI 1.2 item of the CC profile; raises Skip when it has none."""
    profile = PROFILE_OF.get(question.type)
    if profile is None:
        raise Skip(
            _("Its type (%(type)s) has no equivalent in Common Cartridge.")
            % {"type": question.type}
        )
    blanks = re.findall(r"\[([^\[\]]*)\]", question.config.get("text", ""))
    if question.type == "blanks" and len(blanks) != 1:
        raise Skip(_("Common Cartridge carries fill-in-the-blank questions with one blank only."))
    if question.type == "unique" and _is_true_false(question):
        profile = "cc.true_false.v0p1"
    node = _e("item", QTI, section, ident=ident, title=question.title)
    _metadata(
        _e("itemmetadata", QTI, node),
        {"cc_profile": profile, "cc_weighting": _num(_weighting(question))},
    )
    presentation = _e("presentation", QTI, node)
    _mattext(presentation, question.statement)
    processing = _e("resprocessing", QTI, node)
    outcomes = _e("outcomes", QTI, processing)
    _e("decvar", QTI, outcomes, varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
    feedbacks = []
    if question.type in ("unique", "multiple", "multiple_exact", "multiple_global"):
        single = question.type == "unique"
        response = _e(
            "response_lid",
            QTI,
            presentation,
            ident="response1",
            rcardinality="Single" if single else "Multiple",
        )
        render = _e("render_choice", QTI, response)
        for index, answer in enumerate(question.answers):
            label = _e("response_label", QTI, render, ident=f"{ident}_A{index + 1}")
            _mattext(label, answer["text"])
        for index, answer in enumerate(question.answers):
            if answer.get("feedback"):
                feedbacks.append((f"{ident}_A{index + 1}", answer["feedback"]))
                condition = _e("respcondition", QTI, processing, **{"continue": "Yes"})
                _e(
                    "varequal",
                    QTI,
                    _e("conditionvar", QTI, condition),
                    f"{ident}_A{index + 1}",
                    respident="response1",
                )
                _e(
                    "displayfeedback",
                    QTI,
                    condition,
                    feedbacktype="Response",
                    linkrefid=f"{ident}_A{index + 1}_fb",
                )
        condition = _e("respcondition", QTI, processing, **{"continue": "No"})
        holder = _e("conditionvar", QTI, condition)
        if not single:
            holder = _e("and", QTI, holder)
        for index, answer in enumerate(question.answers):
            value = f"{ident}_A{index + 1}"
            if answer["correct"]:
                _e("varequal", QTI, holder, value, respident="response1")
            elif not single:
                _e("varequal", QTI, _e("not", QTI, holder), value, respident="response1")
        _e("setvar", QTI, condition, "100", action="Set", varname="SCORE")
    elif question.type == "blanks":
        before, answers, after = re.split(r"\[([^\[\]]*)\]", question.config["text"])
        if before:
            _mattext(presentation, before, texttype="text/plain")
        response = _e("response_str", QTI, presentation, ident="response1", rcardinality="Single")
        _e("render_fib", QTI, response)
        if after:
            _mattext(presentation, after, texttype="text/plain")
        condition = _e("respcondition", QTI, processing, **{"continue": "No"})
        holder = _e("conditionvar", QTI, condition)
        case = "Yes" if question.config.get("case_sensitive") else "No"
        for accepted in [a.strip() for a in answers.split("|") if a.strip()]:
            _e("varequal", QTI, holder, accepted, respident="response1", case=case)
        _e("setvar", QTI, condition, "100", action="Set", varname="SCORE")
    else:  # essay: graded by hand
        response = _e("response_str", QTI, presentation, ident="response1", rcardinality="Single")
        _e("render_fib", QTI, response, rows="15")
    for feedback_id, html in feedbacks:
        holder = _e("itemfeedback", QTI, node, ident=f"{feedback_id}_fb")
        _mattext(_e("flow_mat", QTI, holder), html)


def _export_test(test, identifier: str, report: ImportReport) -> bytes:
    root = _e("questestinterop", QTI)
    assessment = _e("assessment", QTI, root, ident=identifier, title=test.title)
    fields = {"cc_profile": "cc.exam.v0p1", "qmd_assessmenttype": "Examination"}
    if test.time_limit:
        fields["qmd_timelimit"] = test.time_limit
    fields["cc_maxattempts"] = test.max_attempts or "unlimited"
    _metadata(assessment, fields)
    if test.description:
        _mattext(
            _e("flow_mat", QTI, _e("presentation_material", QTI, assessment)), test.description
        )
    section = _e("section", QTI, assessment, ident="root_section")
    for index, question in enumerate(test.questions):
        try:
            _export_item(section, question, f"{identifier}_Q{index + 1}")
        except Skip as reason:
            report.skip("question", f"{test.title} › {question.title}", str(reason))
        else:
            report.add("question", question.title)
    return _xml_bytes(root)


def _safe_segment(name: str) -> str:
    return name.replace("/", "_").replace("\\", "_") or "_"


_FILE_URL = re.compile(r'(src|href)="/courses/[^/"]+/documents/(\d+)/(?:file/)?"')


def _relative_links(html: str, page_href: str, hrefs: dict[int, str]) -> str:
    """A page's links to the course's documents, as paths relative to the page."""
    base = posixpath.dirname(page_href)

    def replace(match):
        target = hrefs.get(int(match.group(2)))
        if target is None:
            return match.group(0)
        return f'{match.group(1)}="{quote(posixpath.relpath(target, base))}"'

    return _FILE_URL.sub(replace, html)


def export_cartridge(course) -> tuple[bytes, ImportReport]:
    """The course as an IMS Common Cartridge 1.1 (zip bytes), and a report of what went in
    and what has no place in a cartridge (question types, link categories...).

    Documents go under ``web_resources/`` with their folders; each page is an HTML file the
    organization launches; links, forums and tests are weblink, discussion topic and QTI
    resources."""
    report = ImportReport(source="Common Cartridge 1.1")
    files: dict[str, bytes] = {}
    manifest = _e("manifest", CP, identifier=f"cc_{course.code}")
    metadata = _e("metadata", CP, manifest)
    _e("schema", CP, metadata, "IMS Common Cartridge")
    _e("schemaversion", CP, metadata, "1.1.0")
    lom = etree.SubElement(metadata, f"{{{LOMM}}}lom", nsmap={"lomimscc": LOMM})
    title = etree.SubElement(etree.SubElement(lom, f"{{{LOMM}}}general"), f"{{{LOMM}}}title")
    etree.SubElement(title, f"{{{LOMM}}}string").text = course.title
    organizations = _e("organizations", CP, manifest)
    organization = _e(
        "organization", CP, organizations, identifier="org_1", structure="rooted-hierarchy"
    )
    root_item = _e("item", CP, organization, identifier="root")
    resources = _e("resources", CP, manifest)
    counter = iter(range(1, 1_000_000))

    def resource(kind: str, href: str, title_value: str | None, *, in_tree=True) -> None:
        identifier = f"r{next(counter)}"
        node = _e("resource", CP, resources, identifier=identifier, type=kind)
        if kind == "webcontent":
            node.set("href", href)
        _e("file", CP, node, href=href)
        if in_tree:
            entry = _e("item", CP, root_item, identifier=f"i{identifier}", identifierref=identifier)
            _e("title", CP, entry, title_value)

    # Where each document goes in the cartridge, first: pages link to files by their address
    # here, written as paths relative to the page so the links still work elsewhere.
    documents = documents_api.export_tree(course)
    hrefs: dict[int, str] = {}
    taken: set[str] = set()
    for document in documents:
        if document.kind == "folder":
            continue
        folder = "/".join([WEB_FOLDER, *map(_safe_segment, document.folders)])
        stem = _safe_segment(document.name)
        suffix = ".html" if document.kind == "page" else ""
        href, number = f"{folder}/{stem}{suffix}", 2
        while href.lower() in taken:
            href = f"{folder}/{stem} ({number}){suffix}"
            number += 1
        taken.add(href.lower())
        hrefs[document.id] = href
    for document in documents:
        if document.kind == "folder":
            continue
        href = hrefs[document.id]
        if document.kind == "page":
            body = _relative_links(document.content.decode(), href, hrefs)
            html = (
                '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>'
                f"{escape(document.name)}</title></head><body>{body}</body></html>"
            )
            files[href] = html.encode()
            resource("webcontent", href, document.name)
            report.add("page", document.name)
        else:
            files[href] = document.content
            resource("webcontent", href, document.name, in_tree=False)
            report.add("file", document.name)
    for index, link in enumerate(links_api.export_links(course), start=1):
        root = _e("webLink", WL)
        _e("title", WL, root, link["title"])
        _e("url", WL, root, href=link["url"], target="_blank")
        href = f"weblinks/link{index}.xml"
        files[href] = _xml_bytes(root)
        resource(TYPE_WEBLINK, href, link["title"])
        report.add("link", link["title"])
    for index, forum in enumerate(forums_api.export_forums(course), start=1):
        root = _e("topic", DT)
        _e("title", DT, root, forum["title"])
        _e("text", DT, root, forum["description"], texttype="text/html")
        href = f"topics/topic{index}.xml"
        files[href] = _xml_bytes(root)
        resource(TYPE_TOPIC, href, forum["title"])
        report.add("forum", forum["title"])
    for index, test in enumerate(assessments_api.export_tests(course), start=1):
        href = f"tests/test{index}/assessment.xml"
        files[href] = _export_test(test, f"test{index}", report)
        resource(TYPE_TEST, href, test.title)
        report.add("test", test.title)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, _xml_bytes(manifest))
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue(), report


# --- Import -----------------------------------------------------------------------------------


def _decimal(value: str, default: Decimal) -> Decimal:
    try:
        number = Decimal((value or "").strip())
    except InvalidOperation:
        return default
    return number if number.is_finite() and 0 <= number <= 100000 else default


def _meta(element) -> dict[str, str]:
    """The qtimetadata fields under ``element`` (an item's or an assessment's)."""
    fields = {}
    for holder in element.iter():
        if local(holder) == "qtimetadatafield":
            fields[text(holder, "fieldlabel").lower()] = text(holder, "fieldentry")
    return fields


def _material_html(material) -> str:
    """A QTI material's text as HTML (plain text escaped), images left out."""
    parts = []
    for mattext in kids(material, "mattext"):
        value = mattext.text or ""
        if (mattext.get("texttype") or "text/plain").lower() == "text/html":
            parts.append(value)
        else:
            parts.append(escape(value))
    return sanitize_html("".join(parts))


def _material_text(material) -> str:
    return "".join(mattext.text or "" for mattext in kids(material, "mattext"))


def _materials(element) -> str:
    """The HTML of an element's materials, directly or inside a flow_mat."""
    parts = []
    for node in element.iter():
        if local(node) == "material":
            parts.append(_material_html(node))
    return "".join(parts)


def _conditions(item_node):
    """(values chosen, values refused, score set) of each respcondition of the item."""
    for condition in item_node.iter():
        if local(condition) != "respcondition":
            continue
        positive, negative = [], []
        conditionvar = first(condition, "conditionvar")
        if conditionvar is not None:
            for node in conditionvar.iter():
                if local(node) != "varequal":
                    continue
                inside_not = any(local(parent) == "not" for parent in node.iterancestors())
                (negative if inside_not else positive).append(node)
        score = None
        for setvar in kids(condition, "setvar"):
            if (setvar.get("action") or "Set") in ("Set", "Add"):
                score = _decimal(setvar.text, Decimal(0))
        feedback = [node.get("linkrefid") for node in kids(condition, "displayfeedback")]
        yield positive, negative, score, feedback


def import_qti_item(item_node):
    """One QTI 1.2 item of the CC profile as a question to import (see
    ``assessments.api.parsed_question``); raises Skip with the reason when it cannot be
    carried over exactly (pattern match, several responses, no correct answer)."""
    meta = _meta(
        first(item_node, "itemmetadata")
        if first(item_node, "itemmetadata") is not None
        else item_node
    )
    profile = meta.get("cc_profile", "")
    title = (item_node.get("title") or "").strip()[:250] or _("Question")
    weighting = _decimal(meta.get("cc_weighting", "1"), Decimal(1)) or Decimal(1)
    presentation = first(item_node, "presentation")
    if presentation is None:
        raise Skip(_("The item has no presentation."))
    if "pattern_match" in profile:
        raise Skip(_("Pattern-match questions are not supported."))
    responses = [
        node
        for node in presentation.iter()
        if local(node)
        in ("response_lid", "response_str", "response_num", "response_xy", "response_grp")
    ]
    if len(responses) != 1:
        raise Skip(_("Only items with exactly one response are supported."))
    response = responses[0]
    feedback_html = {
        node.get("ident"): _materials(node)
        for node in item_node.iter()
        if local(node) == "itemfeedback"
    }
    conditions = list(_conditions(item_node))
    materials = [
        node
        for node in presentation.iter()
        if local(node) == "material"
        and not any(
            local(a) in ("response_label", "response_lid", "response_str")
            for a in node.iterancestors()
        )
    ]
    statement = _material_html(materials[0]) if materials else ""
    if local(response) == "response_lid":
        labels = [node for node in response.iter() if local(node) == "response_label"]
        if len(labels) < 2:
            raise Skip(_("A choice question needs at least two choices."))
        right = set()
        feedback_of: dict[str, str] = {}
        for positive, _negative, score, feedback in conditions:
            values = [node.text.strip() for node in positive if node.text]
            if score is not None and score > 0:
                right.update(values)
            for link in feedback:
                if link in feedback_html and len(values) == 1:
                    feedback_of.setdefault(values[0], feedback_html[link])
        single = (response.get("rcardinality") or "Single").lower() == "single"
        if not right:
            raise Skip(_("No choice is marked as the right answer."))
        if single and len(right) != 1:
            raise Skip(_("A single-choice question has several right answers."))
        answers = []
        for label in labels:
            ident = label.get("ident", "")
            correct = ident in right
            material = first(label, "material")
            answers.append(
                {
                    "text": _material_html(material) if material is not None else escape(ident),
                    "correct": correct,
                    "score": weighting if (single and correct) else Decimal(0),
                    "feedback": feedback_of.get(ident, ""),
                }
            )
        kind = "unique" if single else "multiple_exact"
        return assessments_api.parsed_question(
            type=kind, title=title, statement=statement, score=weighting, answers=answers
        )
    if local(response) != "response_str":
        raise Skip(
            _("This kind of response (%(kind)s) is not supported.") % {"kind": local(response)}
        )
    accepted, case_sensitive = [], False
    for positive, _negative, score, _feedback in conditions:
        if score is not None and score > 0:
            for node in positive:
                if node.text and node.text.strip():
                    accepted.append(node.text.strip())
                    case_sensitive = case_sensitive or (node.get("case") or "").lower() == "yes"
    if "essay" in profile or not accepted:
        return assessments_api.parsed_question(
            type="free", title=title, statement=statement, score=weighting
        )
    if any(char in value for value in accepted for char in "|[]"):
        raise Skip(_("An accepted answer holds a character the blanks cannot carry (| [ ])."))
    siblings = list(presentation.iter())
    position = siblings.index(response)
    before = "".join(_material_text(m) for m in materials[1:] if siblings.index(m) < position)
    after = "".join(_material_text(m) for m in materials[1:] if siblings.index(m) > position)
    return assessments_api.parsed_question(
        type="blanks",
        title=title,
        statement=statement,
        score=weighting,
        config={"text": f"{before}[{'|'.join(accepted)}]{after}", "case_sensitive": case_sensitive},
    )


def _import_test(course, user, root, fallback_title: str, report: ImportReport):
    """A QTI assessment (or question bank) as a test; items that cannot come are reported."""
    holder = first(root, "assessment")
    if holder is None:
        holder = first(root, "objectbank")
    if holder is None:
        raise Skip(_("The file holds no assessment."))
    title = (holder.get("title") or "").strip() or fallback_title
    meta = {}
    metadata = first(holder, "qtimetadata")
    if metadata is not None:
        meta = _meta(metadata)
    questions = []
    for node in holder.iter():
        if local(node) != "item":
            continue
        label = (node.get("title") or node.get("ident") or "").strip()
        try:
            parsed = import_qti_item(node)
            assessments_api.check_question(parsed)
            questions.append(parsed)
        except (Skip, ValueError) as reason:
            report.skip("question", f"{title} › {label}", str(reason))
    settings = {}
    presentation = first(holder, "presentation_material")
    if presentation is not None:
        settings["description"] = _materials(presentation)
    limit = _decimal(meta.get("qmd_timelimit", ""), Decimal(0))
    if limit >= 1:
        settings["time_limit"] = int(limit)
    attempts = _decimal(meta.get("cc_maxattempts", ""), Decimal(0))
    if attempts >= 1:
        settings["max_attempts"] = int(attempts)
    assessments_api.import_test(
        course=course, title=title, questions=questions, user=user, **settings
    )
    for question in questions:
        report.add("question", question.title)
    report.add("test", title)


def _folders_of(href: str) -> list[str]:
    parts = [unquote(part) for part in href.split("/")[:-1] if part]
    if parts and parts[0].lower() in CONTAINER_FOLDERS:
        parts = parts[1:]
    return parts


_LINKED = re.compile(r'(src|href)="([^"]+)"')


def _rewrite_links(html: str, page_href: str, stored: dict[str, str]) -> str:
    """Point a page's links to files of the cartridge at the imported documents."""
    base = posixpath.dirname(page_href)

    def replace(match):
        target = match.group(2)
        if target.startswith("$IMS-CC-FILEBASE$"):
            path = posixpath.normpath(unquote(target.split("$IMS-CC-FILEBASE$", 1)[1]).lstrip("/"))
            path = f"{WEB_FOLDER}/{path}"
        elif "://" in target or target.startswith(("/", "#", "mailto:")):
            return match.group(0)
        else:
            path = posixpath.normpath(posixpath.join(base, unquote(target)))
        url = stored.get(path.lower())
        return f'{match.group(1)}="{url}"' if url else match.group(0)

    return _LINKED.sub(replace, html)


_BODY = re.compile(rb"<body[^>]*>(.*)</body>", re.IGNORECASE | re.DOTALL)


def _page_body(content: bytes) -> str:
    """The HTML inside a page's body (as written, when it can be found without parsing)."""
    match = _BODY.search(content)
    if match:
        return match.group(1).decode("utf-8", "replace")
    try:
        document = lxml.html.document_fromstring(content)
    except (etree.ParserError, ValueError):
        return ""
    body = document.find("body")
    if body is None:
        return ""
    inner = (body.text and escape(body.text)) or ""
    inner += "".join(etree.tostring(child, encoding="unicode", method="html") for child in body)
    return inner


def _version(manifest) -> str:
    version = text(first(manifest, "metadata"), "schemaversion")
    return version or "1.1.0"


def import_cartridge(*, course, upload, user=None) -> ImportReport:
    """Import a Common Cartridge (1.0 to 1.3) into the course, all or nothing.

    ``upload`` is a file object or path of the zip. Returns the report (created items by
    kind, skipped items with their reasons). Raises InteropError with a readable message for
    an archive refused by the archive check, without imsmanifest.xml, or with a malformed
    manifest; nothing is created then."""
    with open_archive(upload, required=MANIFEST) as archive:
        manifest = read_xml(archive, MANIFEST)
        if local(manifest) != "manifest":
            raise InteropError(_("imsmanifest.xml is not an IMS manifest."))
        report = ImportReport(
            source=_("Common Cartridge %(version)s") % {"version": _version(manifest)}
        )
        with stored_files_removed_on_failure() as stored_documents, transaction.atomic():
            _import(course, user, archive, manifest, report, stored_documents)
    return report


def _import(course, user, archive, manifest, report, stored_documents) -> None:
    titles: dict[str, str] = {}
    launched: set[str] = set()
    for node in manifest.iter():
        if local(node) == "item" and node.get("identifierref"):
            titles[node.get("identifierref")] = text(node, "title")
            launched.add(node.get("identifierref"))
    resources = kids(first(manifest, "resources"), "resource")
    names = set(archive.NameToInfo)
    pages, done_files, urls = [], set(), {}

    # Files first (pages link to them), then pages, links, topics and tests.
    for resource in resources:
        kind = (resource.get("type") or "").lower()
        if kind != "webcontent" and "learning-application-resource" not in kind:
            continue
        identifier = resource.get("identifier", "")
        launch = resource.get("href") or ""
        for file_node in kids(resource, "file"):
            href = posixpath.normpath(unquote(file_node.get("href") or ""))
            if not href or href.lower() in done_files:
                continue
            done_files.add(href.lower())
            if (
                href == launch
                and identifier in launched
                and href.lower().endswith((".html", ".htm"))
            ):
                pages.append((href, titles.get(identifier) or posixpath.basename(href)))
                continue
            name = posixpath.basename(href)
            if href not in names:
                report.skip("file", href, _("The file is missing from the archive."))
                continue
            with item(report, "file", name, stored_documents):
                folder = documents_api.import_folder(
                    course=course, path=_folders_of(href), user=user
                )
                document = documents_api.import_file(
                    course=course,
                    folder=folder,
                    name=name,
                    content=read_entry(archive, href),
                    user=user,
                )
                stored_documents.append(document)
                urls[href.lower()] = documents_api.file_url(document)
                report.add("file", document.name)
    for href, title in pages:
        if href not in names:
            report.skip("page", title, _("The file is missing from the archive."))
            continue
        with item(report, "page", title):
            html = _rewrite_links(_page_body(read_entry(archive, href)), href, urls)
            folder = documents_api.import_folder(course=course, path=_folders_of(href), user=user)
            page = documents_api.import_page(
                course=course, folder=folder, name=title, html=html, user=user
            )
            report.add("page", page.name)
    links, topics = [], []
    for resource in resources:
        kind = (resource.get("type") or "").lower()
        identifier = resource.get("identifier", "")
        title = titles.get(identifier) or identifier
        if kind == "webcontent" or "learning-application-resource" in kind:
            continue
        file_node = first(resource, "file")
        href = (
            posixpath.normpath(unquote(file_node.get("href") or ""))
            if file_node is not None
            else ""
        )
        if kind.startswith(("imswl_xmlv1p", "imsdt_xmlv1p")) or "imsqti_xmlv1p2" in kind:
            if not href or href not in names:
                report.skip(
                    "resource", title, _("The resource's file is missing from the archive.")
                )
                continue
            try:
                root = parse_xml(read_entry(archive, href), href)
            except (InteropError, Skip) as error:
                report.skip("resource", title, str(error))
                continue
        if kind.startswith("imswl_xmlv1p"):
            url = first(root, "url")
            links.append(
                {
                    "title": text(root, "title") or title,
                    "url": url.get("href", "") if url is not None else "",
                }
            )
        elif kind.startswith("imsdt_xmlv1p"):
            topics.append(
                {
                    "title": text(root, "title") or title,
                    "description": (first(root, "text").text or "")
                    if first(root, "text") is not None
                    else "",
                }
            )
        elif "imsqti_xmlv1p2" in kind:
            with item(report, "test", title):
                _import_test(course, user, root, title, report)
        elif "basiclti" in kind:
            report.skip("resource", title, _("External tools (LTI) are not imported."))
        else:
            report.skip(
                "resource",
                title,
                _("Resources of this type (%(type)s) are not imported.") % {"type": kind or "?"},
            )
    created, refused = links_api.import_links(course=course, links=links)
    for link in created:
        report.add("link", link.title)
    for title, reason in refused:
        report.skip("link", title, reason)
    for forum in forums_api.import_forums(course=course, forums=topics):
        report.add("forum", forum.title)
