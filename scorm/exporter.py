"""Export a learning path as a SCORM 1.2 package (content packaging + one file per item).

Package files (from an imported path) travel as they are; a text item becomes an HTML page of
its own; an item whose kind can export itself (a document's file, a web page) ships that file;
anything else (a test, a link) becomes a page with a link to it.
"""

import html
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from learnpaths.api import ItemRow, get_item_kind, item_rows
from scorm.services import plain_number

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>
{body}
</body></html>
"""


def _id(prefix: str, pk: int) -> str:
    return f"{prefix}_{pk}"


def build_manifest(path, items: list[ItemRow], files: dict[int, str]) -> bytes:
    nsmap = {None: IMSCP, "adlcp": ADLCP, "xsi": XSI}
    manifest = etree.Element(f"{{{IMSCP}}}manifest", nsmap=nsmap)
    manifest.set("identifier", f"lms_path_{path.pk}")
    manifest.set("version", "1.0")
    manifest.set(
        f"{{{XSI}}}schemaLocation",
        f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd",
    )
    metadata = etree.SubElement(manifest, f"{{{IMSCP}}}metadata")
    etree.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = etree.SubElement(manifest, f"{{{IMSCP}}}organizations")
    organizations.set("default", "org_1")
    organization = etree.SubElement(organizations, f"{{{IMSCP}}}organization")
    organization.set("identifier", "org_1")
    etree.SubElement(organization, f"{{{IMSCP}}}title").text = path.title
    resources = etree.SubElement(manifest, f"{{{IMSCP}}}resources")
    elements = {None: organization}
    identifiers = {item.pk: item.identifier or _id("item", item.pk) for item in items}
    for item in items:
        parent = elements.get(item.parent_id, organization)
        element = etree.SubElement(parent, f"{{{IMSCP}}}item")
        element.set("identifier", identifiers[item.pk])
        if not item.visible:
            element.set("isvisible", "false")
        etree.SubElement(element, f"{{{IMSCP}}}title").text = item.title
        elements[item.pk] = element
        href = files.get(item.pk)
        if href:
            resource_id = _id("res", item.pk)
            element.set("identifierref", resource_id)
            if item.parameters:
                element.set("parameters", item.parameters)
            if item.prerequisite_id and item.prerequisite_id in identifiers:
                prerequisites = etree.SubElement(element, f"{{{ADLCP}}}prerequisites")
                prerequisites.set("type", "aicc_script")
                prerequisites.text = identifiers[item.prerequisite_id]
            if item.mastery_score is not None:
                etree.SubElement(element, f"{{{ADLCP}}}masteryscore").text = plain_number(
                    item.mastery_score
                )
            if item.launch_data:
                etree.SubElement(element, f"{{{ADLCP}}}datafromlms").text = item.launch_data
            resource = etree.SubElement(resources, f"{{{IMSCP}}}resource")
            resource.set("identifier", resource_id)
            resource.set("type", "webcontent")
            resource.set(f"{{{ADLCP}}}scormtype", "sco" if item.kind == "sco" else "asset")
            resource.set("href", href)
            etree.SubElement(resource, f"{{{IMSCP}}}file").set("href", href.partition("?")[0])
    return etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _exported(item: ItemRow, archive, used: set[str]) -> str | None:
    """Ship what the item's kind exports (a document's file...): its name in the zip."""
    kind = get_item_kind(item.kind)
    if kind is None or kind.export is None:
        return None
    exported = kind.export(item.item)
    if not exported:
        return None
    filename, data = exported
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)[-80:] or "file"
    name = f"items/{item.pk}_{safe}"
    if name in used:
        return name
    used.add(name)
    archive.writestr(name, data)
    return name


def export_scorm12(*, path, base_url: str):
    """A temporary file holding the zip, positioned at its start."""
    items = item_rows(path=path)
    used: set[str] = set()
    package = getattr(path, "package", None)
    root = Path(package.root) if package else None
    files: dict[int, str] = {}
    output = tempfile.TemporaryFile()  # noqa: SIM115  (returned to FileResponse, which closes it)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if root is not None and root.is_dir():
            for file in sorted(root.rglob("*")):
                relative = file.relative_to(root).as_posix()
                if file.is_file() and relative.lower() != "imsmanifest.xml":
                    archive.write(file, f"content/{relative}")
        for item in items:
            if item.kind in {"sco", "asset", "au"} and item.launch and "://" not in item.launch:
                files[item.pk] = f"content/{item.launch}"
            elif item.kind == "text":
                name = f"items/text_{item.pk}.html"
                archive.writestr(name, PAGE.format(title=html.escape(item.title), body=item.text))
                files[item.pk] = name
            elif exported := _exported(item, archive, used):
                files[item.pk] = exported
            elif item.kind != "section":
                kind = get_item_kind(item.kind)
                target = item.url or item.launch
                if not target and kind and kind.launch_url:
                    target = kind.launch_url(item.item)
                if target and "://" not in target:
                    target = base_url.rstrip("/") + target
                link = f'<p><a href="{html.escape(target)}">{html.escape(target)}</a></p>'
                name = f"items/link_{item.pk}.html"
                archive.writestr(name, PAGE.format(title=html.escape(item.title), body=link))
                files[item.pk] = name
        archive.writestr("imsmanifest.xml", build_manifest(path, items, files))
    output.seek(0)
    return output
