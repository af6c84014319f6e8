"""Read imsmanifest.xml (SCORM 1.2 and SCORM 2004, 2nd to 4th editions).

Pure functions over bytes: no database, no files. Elements and attributes are matched by local
name, so the many namespace spellings found in real packages read alike. The XML parser never
resolves entities nor touches the network.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext as _
from lxml import etree

from scorm.sequencing.definition import read_sequencing


class PackageError(ValueError):
    """The package is refused; the message is for the teacher who sent it."""


@dataclass
class ControlMode:
    choice: bool = True
    flow: bool = False
    forward_only: bool = False


@dataclass
class Resource:
    identifier: str
    href: str = ""  # relative to the package root, xml:base applied
    scorm_type: str = "asset"  # "sco" or "asset"
    files: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)


@dataclass
class Item:
    identifier: str
    title: str
    identifierref: str = ""
    visible: bool = True
    parameters: str = ""
    mastery_score: Decimal | None = None
    prerequisites: str = ""
    launch_data: str = ""
    control: ControlMode | None = None  # None: not stated (inherits the defaults)
    max_time_allowed: str = ""
    time_limit_action: str = ""
    completion_threshold: Decimal | None = None  # SCORM 2004, completedByMeasure
    # SCORM 2004 4th: shared data stores (adlcp:data/adlcp:map), in manifest order:
    # [{"id": targetID, "read": readSharedData, "write": writeSharedData}]
    shared_data: list[dict] = field(default_factory=list)
    # SCORM 2004 sequencing, the common "disabled until another activity is satisfied" rule:
    # global objectives this item writes, and those it needs satisfied to be enabled.
    writes_objectives: list[str] = field(default_factory=list)
    requires_objectives: list[str] = field(default_factory=list)
    # The whole sequencing definition (scorm.sequencing.definition.read_sequencing).
    sequencing: dict | None = None
    children: list["Item"] = field(default_factory=list)


@dataclass
class Organization:
    identifier: str
    title: str
    items: list[Item] = field(default_factory=list)
    control: ControlMode | None = None
    sequencing: dict | None = None
    objectives_global_to_system: bool = True


@dataclass
class Manifest:
    version: str  # "1.2" or "2004"
    edition: str  # "1.2", "2nd", "3rd", "4th"
    identifier: str
    title: str
    default_organization: str
    organizations: list[Organization]
    resources: dict[str, Resource]

    @property
    def organization(self) -> Organization:
        for organization in self.organizations:
            if organization.identifier == self.default_organization:
                return organization
        return self.organizations[0]

    def walk(self, items=None):
        for item in self.organization.items if items is None else items:
            yield item
            yield from self.walk(item.children)


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(element).localname


def _children(element, name: str) -> list:
    name = name.lower()
    return [child for child in element if _local(child).lower() == name]


def _child(element, name: str):
    name = name.lower()
    for child in element:
        if _local(child).lower() == name:
            return child
    return None


def _text(element, name: str) -> str:
    child = _child(element, name)
    return (child.text or "").strip() if child is not None else ""


def _attr(element, name: str, default: str = "") -> str:
    wanted = name.lower()
    for key, value in element.attrib.items():
        local = etree.QName(key).localname if key.startswith("{") else key
        if local.lower() == wanted:
            return value.strip()
    return default


def _bool(value: str, default: bool) -> bool:
    if not value:
        return default
    return value.strip().lower() in {"true", "1"}


def _decimal(value: str) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


_RE_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _base(outer: str, inner: str) -> str:
    """xml:base of a <resource> inside that of <resources> (RFC 3986 5.2; a base naming a
    folder without its final "/" is taken as that folder, as packages mean it)."""
    inner = inner.strip()
    if inner and not inner.endswith("/"):
        inner += "/"
    if _RE_SCHEME.match(inner) or inner.startswith("/"):
        return inner
    outer = outer.strip()
    if outer and not outer.endswith("/"):
        outer += "/"
    return outer + inner


def _join(base: str, href: str) -> str:
    """A manifest href (a URI reference, CAM 3.4.1.x) as a path inside the package: xml:base
    applied, percent-encoding decoded ("Le%C3%A7on%201.html" is "Leçon 1.html"), "./" and
    ".." resolved; a query string and a fragment are kept ("page.html?lang=fr#s2").
    Absolute URLs are returned as they are."""
    href = href.strip()
    if not href:
        return href
    if _RE_SCHEME.match(href) or href.startswith("/"):
        return href
    joined = (base or "") + href
    if _RE_SCHEME.match(joined) or joined.startswith("/"):
        return joined
    parts = urlsplit(joined)
    path = normpath(unquote(parts.path)) if parts.path else ""
    path = "" if path == "." else path
    return (
        path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def file_part(href: str) -> str:
    """The file a resolved href names: without its query string and fragment."""
    return href.partition("#")[0].partition("?")[0]


def parse_manifest(data: bytes) -> Manifest:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise PackageError(
            _("The package's imsmanifest.xml is not well-formed XML (%(error)s).")
            % {"error": error.msg}
        ) from error
    if _local(root) != "manifest":
        raise PackageError(_("imsmanifest.xml does not describe a content package."))
    version, edition = _version(root)
    sequencing = _sequencing_collection(root)
    resources = _resources(root)
    organizations_element = _child(root, "organizations")
    organizations = []
    for element in (
        _children(organizations_element, "organization")
        if organizations_element is not None
        else []
    ):
        identifier = _attr(element, "identifier")
        if not identifier:
            raise PackageError(_("An organization of the manifest has no identifier."))
        organizations.append(
            Organization(
                identifier=identifier,
                title=_text(element, "title") or identifier,
                items=[_item(child, sequencing) for child in _children(element, "item")],
                control=_control(element, sequencing),
                sequencing=read_sequencing(element, sequencing),
                objectives_global_to_system=_bool(_attr(element, "objectivesGlobalToSystem"), True),
            )
        )
    if not organizations:
        organizations = [_default_organization(root, resources)]
    default = (
        _attr(organizations_element, "default") if organizations_element is not None else ""
    ) or organizations[0].identifier
    if default not in {o.identifier for o in organizations}:
        default = organizations[0].identifier
    manifest = Manifest(
        version=version,
        edition=edition,
        identifier=_attr(root, "identifier"),
        title="",
        default_organization=default,
        organizations=organizations,
        resources=resources,
    )
    manifest.title = manifest.organization.title
    _check(manifest)
    return manifest


DEFAULT_ORGANIZATION = "default-organization"


def _default_organization(root, resources: dict[str, Resource]) -> Organization:
    """An empty <organizations/> (CAM 3.4.1.5 allows it: a package of resources only): one
    item per SCO resource, in document order; without SCOs, per launchable resource."""
    launchable = [r for r in resources.values() if r.href and r.scorm_type == "sco"]
    launchable = launchable or [r for r in resources.values() if r.href]
    if not launchable:
        raise PackageError(_("The manifest has no organizations: there is nothing to play."))
    title = _attr(root, "identifier") or _("Package")
    return Organization(
        identifier=DEFAULT_ORGANIZATION,
        title=title,
        items=[
            Item(identifier=f"item-{r.identifier}", title=r.identifier, identifierref=r.identifier)
            for r in launchable
        ],
    )


def _version(root) -> tuple[str, str]:
    metadata = _child(root, "metadata")
    schema_version = _text(metadata, "schemaversion") if metadata is not None else ""
    namespaces = " ".join(str(ns) for ns in root.nsmap.values() if ns)
    normalized = schema_version.lower()
    if normalized in {"1.2"}:
        return "1.2", "1.2"
    if normalized == "cam 1.3":
        return "2004", "2nd"
    if normalized.startswith("2004"):
        if "4th" in normalized:
            return "2004", "4th"
        if "3rd" in normalized:
            return "2004", "3rd"
        raise PackageError(
            _("This SCORM version (%(version)s) is not supported.") % {"version": schema_version}
        )
    if schema_version:
        raise PackageError(
            _("This SCORM version (%(version)s) is not supported; use SCORM 1.2 or 2004.")
            % {"version": schema_version}
        )
    if "adlcp_v1p3" in namespaces or "imsss" in namespaces:
        return "2004", "2nd"
    return "1.2", "1.2"


def _resources(root) -> dict[str, Resource]:
    resources = {}
    element = _child(root, "resources")
    if element is None:
        return resources
    root_base = _attr(element, "base")
    for resource in _children(element, "resource"):
        identifier = _attr(resource, "identifier")
        if not identifier:
            continue
        base = _base(root_base, _attr(resource, "base"))
        href = _attr(resource, "href")
        resources[identifier] = Resource(
            identifier=identifier,
            href=_join(base, href) if href else "",
            scorm_type=(_attr(resource, "scormtype") or "asset").lower(),
            files=[
                _join(base, _attr(f, "href"))
                for f in _children(resource, "file")
                if _attr(f, "href")
            ],
            dependencies=[
                _attr(d, "identifierref")
                for d in _children(resource, "dependency")
                if _attr(d, "identifierref")
            ],
        )
    return resources


def _sequencing_collection(root) -> dict:
    collection = _child(root, "sequencingCollection")
    if collection is None:
        return {}
    return {
        _attr(seq, "ID"): seq for seq in _children(collection, "sequencing") if _attr(seq, "ID")
    }


def _control(element, collection) -> ControlMode | None:
    sequencing = _child(element, "sequencing")
    if sequencing is None:
        return None
    sources = []
    reference = _attr(sequencing, "IDRef")
    if reference and reference in collection:
        sources.append(collection[reference])
    sources.append(sequencing)  # the item's own values override the shared ones
    mode, stated = ControlMode(), False
    for source in sources:
        control = _child(source, "controlMode")
        if control is None:
            continue
        stated = True
        mode.choice = _bool(_attr(control, "choice"), mode.choice)
        mode.flow = _bool(_attr(control, "flow"), mode.flow)
        mode.forward_only = _bool(_attr(control, "forwardOnly"), mode.forward_only)
    return mode if stated else None


def _item(element, collection) -> Item:
    identifier = _attr(element, "identifier")
    if not identifier:
        raise PackageError(_("An item of the manifest has no identifier."))
    launch_data = _text(element, "dataFromLMS")
    mastery = _decimal(_text(element, "masteryscore"))
    sequencing = _child(element, "sequencing")
    time_limit = ""
    if sequencing is not None:
        # SCORM 2004: the primary objective's passing measure plays the mastery score's part.
        objectives = _child(sequencing, "objectives")
        primary = _child(objectives, "primaryObjective") if objectives is not None else None
        if primary is not None and _bool(_attr(primary, "satisfiedByMeasure"), False):
            measure = _decimal(_text(primary, "minNormalizedMeasure") or "1")
            if measure is not None and mastery is None:
                mastery = measure * 100
        limits = _child(sequencing, "limitConditions")
        if limits is not None:
            time_limit = _attr(limits, "attemptAbsoluteDurationLimit")
    writes, requires = _objective_rules(sequencing, collection)
    threshold = None
    threshold_element = _child(element, "completionThreshold")
    if threshold_element is not None:
        if _bool(_attr(threshold_element, "completedByMeasure"), False):
            threshold = _decimal(_attr(threshold_element, "minProgressMeasure") or "1")
        elif (threshold_element.text or "").strip():  # 2nd/3rd edition: a plain number
            threshold = _decimal(threshold_element.text)
    shared_data = []
    data_element = _child(element, "data")
    for mapping in _children(data_element, "map") if data_element is not None else []:
        target = _attr(mapping, "targetID")
        if target and target not in {entry["id"] for entry in shared_data}:
            shared_data.append(
                {
                    "id": target,
                    "read": _bool(_attr(mapping, "readSharedData"), True),
                    "write": _bool(_attr(mapping, "writeSharedData"), True),
                }
            )
    return Item(
        identifier=identifier,
        title=_text(element, "title") or identifier,
        shared_data=shared_data,
        identifierref=_attr(element, "identifierref"),
        visible=_bool(_attr(element, "isvisible"), True),
        parameters=_attr(element, "parameters"),
        mastery_score=mastery,
        prerequisites=_text(element, "prerequisites"),
        launch_data=launch_data,
        control=_control(element, collection),
        max_time_allowed=_text(element, "maxtimeallowed") or time_limit,
        time_limit_action=_text(element, "timelimitaction"),
        completion_threshold=threshold,
        writes_objectives=writes,
        requires_objectives=requires,
        sequencing=read_sequencing(element, collection),
        children=[_item(child, collection) for child in _children(element, "item")],
    )


def _objective_rules(sequencing, collection) -> tuple[list[str], list[str]]:
    """(global objectives the primary objective writes, global objectives that must be
    satisfied for a "disabled" precondition not to apply)."""
    if sequencing is None:
        return [], []
    sources = []
    reference = _attr(sequencing, "IDRef")
    if reference and reference in collection:
        sources.append(collection[reference])
    sources.append(sequencing)
    writes, reads, requires = [], {}, []
    for source in sources:
        objectives = _child(source, "objectives")
        for objective in list(objectives) if objectives is not None else []:
            if _local(objective) not in ("primaryObjective", "objective"):
                continue
            for info in _children(objective, "mapInfo"):
                target = _attr(info, "targetObjectiveID")
                if not target:
                    continue
                if _local(objective) == "primaryObjective" and _bool(
                    _attr(info, "writeSatisfiedStatus"), False
                ):
                    writes.append(target)
                if _bool(_attr(info, "readSatisfiedStatus"), True):
                    reads[_attr(objective, "objectiveID")] = target
        rules = _child(source, "sequencingRules")
        for rule in _children(rules, "preConditionRule") if rules is not None else []:
            action = _child(rule, "ruleAction")
            if action is None or _attr(action, "action") != "disabled":
                continue
            conditions = _child(rule, "ruleConditions")
            for condition in (
                _children(conditions, "ruleCondition") if conditions is not None else []
            ):
                if _attr(condition, "operator") == "not" and _attr(condition, "condition") in (
                    "satisfied",
                    "objectiveStatusKnown",
                ):
                    target = reads.get(_attr(condition, "referencedObjective"))
                    if target and target not in requires:
                        requires.append(target)
    return writes, requires


def _check(manifest: Manifest) -> None:
    launchable = 0
    for item in manifest.walk():
        if not item.identifierref:
            continue
        resource = manifest.resources.get(item.identifierref)
        if resource is None:
            raise PackageError(
                _("The item %(item)s points at a resource the manifest does not define (%(ref)s).")
                % {"item": item.title, "ref": item.identifierref}
            )
        if not resource.href:
            raise PackageError(
                _("The resource %(ref)s of the item %(item)s has no file to launch.")
                % {"item": item.title, "ref": resource.identifier}
            )
        launchable += 1
    if not launchable:
        raise PackageError(_("The package has no item to launch."))


def launch_files(manifest: Manifest) -> set[str]:
    """Local files the organization launches: the package is refused without them."""
    files = set()
    for item in manifest.walk():
        resource = manifest.resources.get(item.identifierref) if item.identifierref else None
        if resource is not None and resource.href and not _RE_SCHEME.match(resource.href):
            files.add(file_part(resource.href))
    return files


def referenced_files(manifest: Manifest) -> set[str]:
    """Local files the manifest names: every launched file and every listed file. The <file>
    lists are an inventory, not a contract (real exports list files they do not ship): the
    importer only warns about those missing (see launch_files)."""
    files = set()
    for resource in manifest.resources.values():
        for name in [resource.href, *resource.files]:
            if not name or _RE_SCHEME.match(name) or name.startswith("/"):
                continue
            files.add(file_part(name))
    files.discard("")
    return files
