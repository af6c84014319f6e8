"""Import a Moodle course backup (.mbz, "moodle2" format, Moodle 3.x and 4.x), as Chamilo does.

The backup's layout (Moodle's backup/moodle2 format): ``moodle_backup.xml`` lists the
sections and activities with their directories; ``sections/section_N/section.xml`` holds a
section's name and summary; ``activities/<module>_<id>/<module>.xml`` an activity's settings
(wrapped in ``<activity contextid=...>``) and ``module.xml`` its visibility;
``questions.xml`` the question bank (Moodle 4.x: ``question_bank_entries`` / ``question_version``
/ ``question_versions``, quizzes pointing at bank entries through ``question_reference``;
Moodle 3.x: questions directly in their category, quizzes pointing at question ids);
``files.xml`` describes every file, whose bytes are at ``files/<first two hex>/<contenthash>``.

What comes across: each section becomes a folder of documents (its summary a web page);
pages become web pages, files and folders become documents in their section's folder, URLs
become links (in a category named after the section), glossary entries become glossary terms,
quizzes become unpublished tests with their questions (multiple choice, true/false, short
answer, numerical, matching, essay), forums their structure (title and description, no
posts), assignments their settings. Everything else is in the report with the reason. Only
"moodle2" backups are read, in either of Moodle's forms: a gzipped tar (the default) or a zip.
"""

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from html import escape

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import api as assessments_api
from assignments import api as assignments_api
from backups.interop import (
    ImportReport,
    InteropError,
    Skip,
    first,
    item,
    kids,
    local,
    open_archive,
    read_entry,
    read_xml,
    stored_files_removed_on_failure,
    text,
)
from core.html import html_to_text
from documents import api as documents_api
from forums import api as forums_api
from glossary import api as glossary_api
from links import api as links_api

BACKUP = "moodle_backup.xml"
NULL = "$@NULL@$"
HTML_FORMAT = "1"
PLUGINFILE = "@@PLUGINFILE@@/"
DOCUMENT_ACTIVITIES = {"page", "resource", "folder"}
# The activities imported, with the kind of item each becomes in the report.
KIND_OF = {
    "page": "page",
    "resource": "file",
    "folder": "folder",
    "url": "link",
    "glossary": "glossary",
    "quiz": "test",
    "forum": "forum",
    "assign": "assignment",
}


def _value(element, *path: str) -> str:
    value = text(element, *path)
    return "" if value == NULL else value


def _html(value: str, text_format: str, *, block: bool = True) -> str:
    """Moodle text in any of its formats (0 auto, 1 HTML, 2 plain, 4 Markdown) as HTML;
    ``block=False`` for a short text (an answer) that needs no paragraph."""
    if text_format == HTML_FORMAT or not value:
        return value
    if not block:
        return escape(value)
    return "<p>" + escape(value).replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"


def _decimal(value: str, default: str = "0") -> Decimal:
    try:
        number = Decimal(value or default)
    except InvalidOperation:
        number = Decimal(default)
    return number if number.is_finite() else Decimal(default)


def _date(value: str):
    seconds = int(_decimal(value))
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds > 0 else None


def _plain(html: str) -> str:
    return html_to_text(html).strip()


class _Backup:
    """One open backup: its files by context, its questions, and the import's state."""

    def __init__(self, archive, course, user, report: ImportReport, stored: list):
        self.archive, self.course, self.user, self.report = archive, course, user, report
        self.stored = stored  # documents whose blobs go if the import fails
        self.names = set(archive.NameToInfo)
        self.files = self._files()
        self.section_folders: dict[str, object] = {}
        self.section_names: dict[str, str] = {}
        self.questions: dict[str, object] = {}  # question id -> <question> element
        self.entries: dict[str, list] = {}  # bank entry id -> [(version, <question>)]
        self.categories: dict[str, str] = {}  # question id -> category context id
        self._read_questions()

    # -- files

    def _files(self) -> list[dict]:
        if "files.xml" not in self.names:
            return []
        rows = []
        for node in kids(read_xml(self.archive, "files.xml"), "file"):
            name = _value(node, "filename")
            if not name or name == ".":
                continue  # a directory entry
            rows.append(
                {
                    "hash": _value(node, "contenthash"),
                    "context": _value(node, "contextid"),
                    "component": _value(node, "component"),
                    "area": _value(node, "filearea"),
                    "itemid": _value(node, "itemid"),
                    "path": _value(node, "filepath") or "/",
                    "name": name,
                    "sortorder": int(_decimal(_value(node, "sortorder"))),
                }
            )
        return rows

    def files_of(self, context: str, component: str, area: str, itemid: str | None = None):
        return [
            row
            for row in self.files
            if row["context"] == context
            and row["component"] == component
            and row["area"] == area
            and (itemid is None or row["itemid"] == itemid)
        ]

    def content(self, row: dict) -> bytes:
        path = f"files/{row['hash'][:2]}/{row['hash']}"
        if not re.fullmatch(r"[0-9a-f]{40}", row["hash"]) or path not in self.names:
            raise Skip(_("Its content is missing from the backup."))
        return read_entry(self.archive, path)

    def store(self, row: dict, folder, *, visible=True):
        document = documents_api.import_file(
            course=self.course,
            folder=folder,
            name=row["name"],
            content=self.content(row),
            user=self.user,
            visible=visible,
        )
        self.stored.append(document)
        return document

    def embedded(self, html: str, rows: list[dict], folder) -> str:
        """Store the files a text shows (@@PLUGINFILE@@ links) next to it; rewrite the links."""
        for row in rows:
            target = f"{PLUGINFILE}{row['path'].lstrip('/')}{row['name']}"
            variants = {target, target.replace(" ", "%20")}
            if not any(variant in html for variant in variants):
                continue
            with item(self.report, "file", row["name"], self.stored):
                url = documents_api.file_url(self.store(row, folder))
                for variant in variants:
                    html = html.replace(variant, url)
                self.report.add("file", row["name"])
        return html

    # -- structure

    def section_folder(self, section_id: str):
        if section_id not in self.section_folders:
            name = self.section_names.get(section_id) or _("Section")
            self.section_folders[section_id] = documents_api.import_folder(
                course=self.course, path=[name], user=self.user
            )
        return self.section_folders[section_id]

    def read_sections(self, contents) -> None:
        for node in kids(first(contents, "sections"), "section"):
            section_id = _value(node, "sectionid")
            directory = _value(node, "directory")
            try:
                root = read_xml(self.archive, f"{directory}/section.xml")
            except InteropError as error:
                self.report.skip("section", _value(node, "title"), str(error))
                continue
            number = _value(root, "number")
            name = _value(root, "name") or (
                _("General") if number == "0" else _("Section %(number)s") % {"number": number}
            )
            self.section_names[section_id] = name[:200]
            summary = _html(_value(root, "summary"), _value(root, "summaryformat"))
            if _plain(summary) or "<img" in summary:
                with item(self.report, "page", name, self.stored):
                    folder = self.section_folder(section_id)
                    rows = self.files_of(root.get("contextid", ""), "course", "section")
                    rows = rows or [
                        row
                        for row in self.files
                        if row["component"] == "course"
                        and row["area"] == "section"
                        and row["itemid"] == root.get("id")
                    ]
                    documents_api.import_page(
                        course=self.course,
                        folder=folder,
                        name=_("Section summary"),
                        html=self.embedded(summary, rows, folder),
                        user=self.user,
                        visible=_value(root, "visible") != "0",
                    )
                    self.report.add("page", f"{name} › {_('Section summary')}")
            self.report.add("section", name)

    # -- questions

    def _read_questions(self) -> None:
        if "questions.xml" not in self.names:
            return
        root = read_xml(self.archive, "questions.xml")
        for category in kids(root, "question_category"):
            context = _value(category, "contextid")
            for question in kids(first(category, "questions"), "question"):  # Moodle 3.x
                self.questions[question.get("id")] = question
                self.categories[question.get("id")] = context
            for entry in kids(first(category, "question_bank_entries"), "question_bank_entry"):
                versions = []
                for holder in kids(entry, "question_version"):  # Moodle 4.x
                    for version in kids(holder, "question_versions"):
                        number = int(_decimal(_value(version, "version"), "1"))
                        for question in kids(first(version, "questions"), "question"):
                            versions.append((number, question))
                            self.questions[question.get("id")] = question
                            self.categories[question.get("id")] = context
                self.entries[entry.get("id")] = sorted(versions, key=lambda pair: pair[0])

    def slot_question(self, instance):
        """The question a quiz slot uses: by id (3.x) or by bank entry and version (4.x)."""
        reference = first(instance, "question_reference")
        if reference is not None:
            versions = self.entries.get(_value(reference, "questionbankentryid"), [])
            wanted = _value(reference, "version")
            for number, question in versions:
                if wanted and str(number) == wanted:
                    return question
            return versions[-1][1] if versions else None
        if first(instance, "question_set_reference") is not None:
            raise Skip(_("Random questions are not imported."))
        return self.questions.get(_value(instance, "questionid"))


def _answers(plugin) -> list:
    return kids(first(plugin, "answers"), "answer")


def _question(backup: _Backup, node):
    """A Moodle question as a question to import; Skip with the reason when it has no
    equivalent. Returns (parsed question, notes about what was left out)."""
    qtype = _value(node, "qtype")
    title = (_value(node, "name") or _("Question"))[:250]
    statement = _html(_value(node, "questiontext"), _value(node, "questiontextformat"))
    rows = backup.files_of(
        backup.categories.get(node.get("id"), ""), "question", "questiontext", node.get("id")
    )
    if rows:
        folder = documents_api.import_folder(
            course=backup.course, path=[_("Imported images")], user=backup.user
        )
        statement = backup.embedded(statement, rows, folder)
    mark = _decimal(_value(node, "defaultmark"), "1")
    plugin = first(node, f"plugin_qtype_{qtype}_question")
    notes = []

    def answer_rows():
        for answer in _answers(plugin):
            yield (
                _html(_value(answer, "answertext"), _value(answer, "answerformat"), block=False),
                _decimal(_value(answer, "fraction")),
                _html(_value(answer, "feedback"), _value(answer, "feedbackformat")),
                answer.get("id"),
            )

    if qtype in ("multichoice", "truefalse"):
        answers = list(answer_rows())
        single = qtype == "truefalse" or _value(first(plugin, "multichoice"), "single") != "0"
        if len(answers) < 2:
            raise Skip(_("A choice question needs at least two choices."))
        if single:
            best = max(fraction for _t, fraction, _f, _i in answers)
            if best <= 0:
                raise Skip(_("No choice is marked as the right answer."))
            rows = [
                {
                    "text": answer_text,
                    "correct": fraction == best,
                    "score": (fraction * mark).quantize(Decimal("0.01")),
                    "feedback": feedback,
                }
                for answer_text, fraction, feedback, _id in answers
            ]
            if sum(1 for row in rows if row["correct"]) != 1:
                raise Skip(_("Several choices share the best score."))
            return (
                assessments_api.parsed_question(
                    type="unique", title=title, statement=statement, score=mark, answers=rows
                ),
                notes,
            )
        rows = [
            {
                "text": answer_text,
                "correct": fraction > 0,
                "score": (fraction * mark).quantize(Decimal("0.01")),
                "feedback": feedback,
            }
            for answer_text, fraction, feedback, _id in answers
        ]
        return (
            assessments_api.parsed_question(
                type="multiple",
                title=title,
                statement=statement,
                score=mark,
                config={"no_negative": True},
                answers=rows,
            ),
            notes,
        )
    if qtype == "shortanswer":
        accepted = [_plain(t) for t, fraction, _f, _i in answer_rows() if fraction == 1]
        partial = [_plain(t) for t, fraction, _f, _i in answer_rows() if 0 < fraction < 1]
        if not accepted:
            raise Skip(_("No answer gets full marks."))
        if any(char in value for value in accepted for char in "*|[]"):
            raise Skip(_("Its answers use wildcards (*) or characters blanks cannot hold."))
        if partial:
            notes.append(
                _("Answers with partial credit were left out: %(answers)s")
                % {"answers": ", ".join(partial)}
            )
        case = _value(first(plugin, "shortanswer"), "usecase") == "1"
        return (
            assessments_api.parsed_question(
                type="blanks",
                title=title,
                statement=statement,
                score=mark,
                config={"text": f"[{'|'.join(accepted)}]", "case_sensitive": case},
            ),
            notes,
        )
    if qtype == "numerical":
        tolerances = {
            _value(record, "answer"): _value(record, "tolerance")
            for record in kids(first(plugin, "numerical_records"), "numerical_record")
        }
        rows = []
        for answer_text, fraction, feedback, answer_id in answer_rows():
            value = _plain(answer_text)
            if value == "*" or fraction <= 0:
                continue  # Moodle's "any other answer", for feedback only
            rows.append(
                {
                    "text": value,
                    "score": (fraction * mark).quantize(Decimal("0.01")),
                    "feedback": feedback,
                    "data": {
                        "tolerance": str(abs(_decimal(tolerances.get(answer_id, "0")))),
                        "mode": "absolute",
                    },
                }
            )
        if kids(first(plugin, "numerical_units"), "numerical_unit"):
            notes.append(_("Its units were left out."))
        return (
            assessments_api.parsed_question(
                type="numerical", title=title, statement=statement, score=mark, answers=rows
            ),
            notes,
        )
    if qtype == "match":
        pairs, distractors = [], []
        for match in kids(first(plugin, "matches"), "match"):
            stem = _html(_value(match, "questiontext"), _value(match, "questiontextformat"))
            answer_text = _plain(_value(match, "answertext"))
            (pairs if _plain(stem) else distractors).append((stem, answer_text))
        if len(pairs) < 2:
            raise Skip(_("A matching question needs at least two pairs."))
        if distractors:
            notes.append(
                _("Extra answers without a question were left out: %(answers)s")
                % {"answers": ", ".join(answer for _stem, answer in distractors)}
            )
        share = (mark / len(pairs)).quantize(Decimal("0.01"))
        rows = [
            {"text": stem, "score": share, "data": {"match": answer_text}}
            for stem, answer_text in pairs
        ]
        return (
            assessments_api.parsed_question(
                type="matching", title=title, statement=statement, score=mark, answers=rows
            ),
            notes,
        )
    if qtype == "essay":
        return (
            assessments_api.parsed_question(
                type="free", title=title, statement=statement, score=mark
            ),
            notes,
        )
    if qtype == "random":
        raise Skip(_("Random questions are not imported."))
    raise Skip(_("Moodle questions of type %(type)s are not supported.") % {"type": qtype})


# --- Activities -------------------------------------------------------------------------------


def _page(backup, activity, body, folder, visible):
    context = activity.get("contextid", "")
    html = _html(_value(body, "content"), _value(body, "contentformat"))
    html = backup.embedded(html, backup.files_of(context, "mod_page", "content"), folder)
    page = documents_api.import_page(
        course=backup.course,
        folder=folder,
        name=_value(body, "name"),
        html=html,
        user=backup.user,
        visible=visible,
    )
    backup.report.add("page", page.name)


def _resource(backup, activity, body, folder, visible):
    rows = backup.files_of(activity.get("contextid", ""), "mod_resource", "content")
    if not rows:
        raise Skip(_("The backup holds no file for it."))
    for row in sorted(rows, key=lambda row: (-row["sortorder"], row["path"], row["name"])):
        with item(backup.report, "file", row["name"], backup.stored):
            document = backup.store(row, folder, visible=visible)
            backup.report.add("file", document.name)


def _folder(backup, activity, body, folder, visible):
    name = _value(body, "name")
    top = documents_api.import_folder(
        course=backup.course, path=[*_path_of(folder), name], user=backup.user
    )
    backup.report.add("folder", name)
    for row in backup.files_of(activity.get("contextid", ""), "mod_folder", "content"):
        inner = [part for part in row["path"].split("/") if part]
        with item(backup.report, "file", row["name"], backup.stored):
            target = top
            if inner:
                target = documents_api.import_folder(
                    course=backup.course, path=[*_path_of(top), *inner], user=backup.user
                )
            document = backup.store(row, target, visible=visible)
            backup.report.add("file", document.name)


def _path_of(folder) -> list[str]:
    """The names from the top of the documents tree down to ``folder``."""
    names = []
    while folder is not None:
        names.insert(0, folder.name)
        folder = folder.parent
    return names


def _url(backup, activity, body, section_name, visible):
    created, refused = links_api.import_links(
        course=backup.course,
        links=[
            {
                "title": _value(body, "name"),
                "url": _value(body, "externalurl"),
                # A link's description is plain text.
                "description": html_to_text(
                    _html(_value(body, "intro"), _value(body, "introformat"))
                ),
                "category": section_name,
                "visible": visible,
            }
        ],
    )
    if refused:
        raise Skip(refused[0][1])
    backup.report.add("link", created[0].title)


def _glossary(backup, activity, body):
    terms = []
    for entry in kids(first(body, "entries"), "entry"):
        terms.append(
            (
                _value(entry, "concept"),
                _html(_value(entry, "definition"), _value(entry, "definitionformat")),
            )
        )
    name = _value(body, "name")
    if not terms:
        raise Skip(
            _("The backup holds no entries for it (Moodle keeps them only in backups with users).")
        )
    created, skipped = glossary_api.import_terms(course=backup.course, terms=terms)
    for term, _definition in terms:
        if term not in skipped:
            backup.report.add("glossary", term)
    for term in skipped:
        backup.report.skip("glossary", term, _("The glossary already has this term."))
    if not created:
        raise Skip(_("Every term of %(name)s was already there.") % {"name": name})


def _quiz(backup, activity, body, visible):
    name = _value(body, "name")
    slots = sorted(
        kids(first(body, "question_instances"), "question_instance"),
        key=lambda node: int(_decimal(_value(node, "slot") or _value(node, "id"))),
    )
    questions = []
    for index, instance in enumerate(slots, start=1):
        label = f"{name} › " + _("question %(number)d") % {"number": index}
        try:
            node = backup.slot_question(instance)
            if node is None:
                raise Skip(_("The question is missing from the backup."))
            label = f"{name} › {_value(node, 'name')}"
            parsed, notes = _question(backup, node)
            assessments_api.check_question(parsed)
        except (Skip, ValueError) as reason:
            backup.report.skip("question", label, str(reason))
            continue
        maxmark = _decimal(_value(instance, "maxmark"), "0")
        mark = _decimal(_value(node, "defaultmark"), "1")
        if maxmark > 0 and mark > 0 and maxmark != mark:
            _rescale(parsed, maxmark / mark)
        for note in notes:
            backup.report.skip("question", label, note)
        questions.append(parsed)
    settings = {
        "description": _html(_value(body, "intro"), _value(body, "introformat")),
        "opens_at": _date(_value(body, "timeopen")),
        "closes_at": _date(_value(body, "timeclose")),
    }
    seconds = int(_decimal(_value(body, "timelimit")))
    if seconds > 0:
        settings["time_limit"] = max(1, (seconds + 59) // 60)
    attempts = int(_decimal(_value(body, "attempts")))
    if attempts > 0:
        settings["max_attempts"] = attempts
    assessments_api.import_test(
        course=backup.course, title=name, questions=questions, user=backup.user, **settings
    )
    for parsed in questions:
        backup.report.add("question", parsed.title)
    backup.report.add("test", name)


def _rescale(parsed, factor: Decimal) -> None:
    """A quiz slot's own mark: scale the question's scores to it."""
    parsed.score = (parsed.score * factor).quantize(Decimal("0.01"))
    for answer in parsed.answers:
        if "score" in answer:
            answer["score"] = (Decimal(answer["score"]) * factor).quantize(Decimal("0.01"))


def _forum(backup, activity, body, section_name, visible):
    name = _value(body, "name")
    kind = _value(body, "type")
    description = _html(_value(body, "intro"), _value(body, "introformat"))
    forums_api.import_forums(
        course=backup.course,
        forums=[{"title": name, "description": description, "visible": visible}],
        category=section_name,
    )
    backup.report.add("forum", name)
    if kind == "news":
        backup.report.skip(
            "forum", name, _("An announcements forum: imported as a forum, without its news.")
        )
    discussions = kids(first(body, "discussions"), "discussion")
    if discussions:
        backup.report.skip(
            "forum",
            name,
            ngettext(
                "%(count)d discussion is learners' data and was not imported.",
                "%(count)d discussions are learners' data and were not imported.",
                len(discussions),
            )
            % {"count": len(discussions)},
        )


def _assign(backup, activity, body, visible):
    name = _value(body, "name")
    config = {}
    for node in kids(first(body, "plugin_configs"), "plugin_config"):
        config[(_value(node, "subtype"), _value(node, "plugin"), _value(node, "name"))] = _value(
            node, "value"
        )
    online = config.get(("assignsubmission", "onlinetext", "enabled")) == "1"
    files = config.get(("assignsubmission", "file", "enabled")) == "1"
    kind = "either" if online and files else ("text" if online else "file")
    fields = {
        "title": name[:200],
        "instructions": _html(_value(body, "intro"), _value(body, "introformat")),
        "deadline": _date(_value(body, "duedate")),
        "end_date": _date(_value(body, "cutoffdate")),
        "kind": kind,
        "visible": visible,
    }
    grade = _decimal(_value(body, "grade"))
    if grade > 0:
        fields["max_score"] = grade
    elif grade < 0:
        backup.report.skip("assignment", name, _("Its grading scale was left out."))
    size = int(_decimal(config.get(("assignsubmission", "file", "maxsubmissionsizebytes"), "0")))
    if files and size > 0:
        fields["max_file_size_mb"] = max(1, size // (1024 * 1024))
    types = config.get(("assignsubmission", "file", "filetypeslist"), "")
    extensions = [part.strip().lstrip(".").lower() for part in re.split(r"[,;\s]+", types)]
    if files and types and all(ext.isalnum() for ext in extensions if ext):
        fields["allowed_extensions"] = " ".join(ext for ext in extensions if ext)[:300]
    if not online and not files:
        backup.report.skip(
            "assignment", name, _("It took no submission in Moodle; it asks for a file here.")
        )
    assignments_api.import_assignment(course=backup.course, **fields)
    backup.report.add("assignment", name)


def _activity(backup: _Backup, node) -> None:
    module = _value(node, "modulename")
    title = _value(node, "title") or module
    directory = _value(node, "directory")
    try:
        activity = read_xml(backup.archive, f"{directory}/{module}.xml")
    except InteropError as error:
        backup.report.skip("activity", title, str(error))
        return
    body = first(activity, module)
    if body is None:
        backup.report.skip(
            "activity", title, _("Its file holds no %(module)s.") % {"module": module}
        )
        return
    visible = True
    if f"{directory}/module.xml" in backup.names:
        try:
            visible = _value(read_xml(backup.archive, f"{directory}/module.xml"), "visible") != "0"
        except InteropError:
            visible = True
    section_id = _value(node, "sectionid")
    section_name = backup.section_names.get(section_id, "")
    kind = KIND_OF.get(module)
    if kind is None:
        reason = (
            _("Labels are not imported.")
            if module == "label"
            else _("Moodle activities of type %(module)s are not supported.") % {"module": module}
        )
        backup.report.skip("activity", title, reason)
        return
    with item(backup.report, kind, title, backup.stored):
        if module in DOCUMENT_ACTIVITIES:
            folder = backup.section_folder(section_id)
            {"page": _page, "resource": _resource, "folder": _folder}[module](
                backup, activity, body, folder, visible
            )
        elif module == "url":
            _url(backup, activity, body, section_name, visible)
        elif module == "glossary":
            _glossary(backup, activity, body)
        elif module == "quiz":
            _quiz(backup, activity, body, visible)
        elif module == "forum":
            _forum(backup, activity, body, section_name, visible)
        else:
            _assign(backup, activity, body, visible)


def import_moodle(*, course, upload, user=None) -> ImportReport:
    """Import a Moodle course backup (.mbz, tar.gz or zip, Moodle 3.x or 4.x) into the course,
    all or nothing (one transaction; stored files removed on failure).

    Returns the report: what was created by kind, what was skipped and why. Raises
    InteropError with a readable message when the archive is refused by the archive check,
    has no moodle_backup.xml, is not a "moodle2" backup, or has malformed XML where the
    import cannot go on (moodle_backup.xml, files.xml, questions.xml)."""
    with open_archive(upload, required=BACKUP) as archive:
        root = read_xml(archive, BACKUP)
        information = first(root, "information")
        if local(root) != "moodle_backup" or information is None:
            raise InteropError(_("moodle_backup.xml is not a Moodle backup description."))
        detail = first(information, "details", "detail")
        if detail is not None and _value(detail, "format") not in ("", "moodle2"):
            raise InteropError(
                _("This backup is in the %(format)s format; only moodle2 backups are read.")
                % {"format": _value(detail, "format")}
            )
        release = _value(information, "moodle_release") or _value(information, "backup_release")
        report = ImportReport(
            source=_("Moodle %(release)s") % {"release": release.split(" (")[0] or "?"}
        )
        contents = first(information, "contents")
        with stored_files_removed_on_failure() as stored, transaction.atomic():
            backup = _Backup(archive, course, user, report, stored)
            backup.read_sections(contents)
            for node in kids(first(contents, "activities"), "activity"):
                _activity(backup, node)
        settings = {
            _value(node, "name"): _value(node, "value")
            for node in kids(first(information, "settings"), "setting")
            if _value(node, "level") == "root"
        }
        if settings.get("users") == "1":
            report.skip(
                "resource",
                _("Users and their data"),
                _("Accounts, enrolments, submissions, posts and grades are never imported."),
            )
    return report
