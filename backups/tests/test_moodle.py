"""Moodle course backups (.mbz): a hand-made backup in Moodle's moodle2 format, as Moodle 3.x
and 4.x write it, imports every listed activity type, with a report naming what was skipped;
malformed backups are refused with a clear message and leave the course unchanged."""

import hashlib
import io
import zipfile
from decimal import Decimal
from html import escape

import pytest

from assessments.models import Quiz
from assignments.models import Assignment
from backups.interop import InteropError
from backups.moodle import import_moodle
from courses.tests.factories import CourseFactory
from documents.models import Document
from forums.models import Forum, ForumCategory
from glossary.models import Term
from links.models import Link

pytestmark = pytest.mark.django_db

NULL = "$@NULL@$"


def x(value: str) -> str:
    return escape(value, quote=False)


# --- A backup built from the published format ------------------------------------------------

FILES = {
    # (contextid, component, filearea, itemid, filepath, filename): content
    ("25", "mod_page", "content", "0", "/", "diagram.svg"): (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    ),
    ("26", "mod_resource", "content", "0", "/", "reading-list.txt"): b"1. Knuth\n2. Wirth\n",
    ("27", "mod_folder", "content", "0", "/", "handout.txt"): b"Handout one",
    ("27", "mod_folder", "content", "0", "/extra/", "answers.csv"): b"q,a\n1,42\n",
    # The question bank's context (the course's, 21); itemid: the question's id.
    ("21", "question", "questiontext", "101", "/", "flag.svg"): (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"></svg>'
    ),
}


def files_xml() -> tuple[str, dict[str, bytes]]:
    rows, blobs = [], {}
    for number, (key, content) in enumerate(FILES.items(), start=1):
        context, component, area, itemid, path, name = key
        digest = hashlib.sha1(content).hexdigest()
        blobs[f"files/{digest[:2]}/{digest}"] = content
        rows.append(
            f"""  <file id="{number}">
    <contenthash>{digest}</contenthash>
    <contextid>{context}</contextid>
    <component>{component}</component>
    <filearea>{area}</filearea>
    <itemid>{itemid}</itemid>
    <filepath>{path}</filepath>
    <filename>{name}</filename>
    <userid>2</userid>
    <filesize>{len(content)}</filesize>
    <mimetype>text/plain</mimetype>
    <status>0</status>
    <timecreated>1700000000</timecreated>
    <timemodified>1700000000</timemodified>
    <source>{name}</source>
    <author>Admin User</author>
    <license>allrightsreserved</license>
    <sortorder>0</sortorder>
    <repositorytype>{NULL}</repositorytype>
    <repositoryid>{NULL}</repositoryid>
    <reference>{NULL}</reference>
  </file>"""
        )
        # Moodle lists the folder entry ("." ) of each file area too.
        rows.append(
            f"""  <file id="{100 + number}">
    <contenthash>da39a3ee5e6b4b0d3255bfef95601890afd80709</contenthash>
    <contextid>{context}</contextid><component>{component}</component>
    <filearea>{area}</filearea><itemid>{itemid}</itemid><filepath>/</filepath>
    <filename>.</filename><filesize>0</filesize>
  </file>"""
        )
    return '<?xml version="1.0" encoding="UTF-8"?>\n<files>\n' + "\n".join(
        rows
    ) + "\n</files>", blobs


def answer(id, text, fraction, feedback="", fmt="1"):
    return f"""<answer id="{id}">
  <answertext>{x(text)}</answertext><answerformat>{fmt}</answerformat>
  <fraction>{fraction}</fraction><feedback>{x(feedback)}</feedback><feedbackformat>1</feedbackformat>
</answer>"""


# Question bodies (the part inside <question>), by id.
QUESTIONS = {
    "101": (
        "Capital",
        "multichoice",
        "1.0000000",
        "<plugin_qtype_multichoice_question><answers>"
        + answer(1, "<p>Paris</p>", "1.0000000", "<p>Right.</p>")
        + answer(2, "<p>Lyon</p>", "0.0000000", "<p>No, Paris.</p>")
        + answer(3, "<p>Nice</p>", "0.0000000")
        + """</answers><multichoice id="1"><layout>0</layout><single>1</single>
<shuffleanswers>1</shuffleanswers><correctfeedback></correctfeedback>
<correctfeedbackformat>1</correctfeedbackformat><answernumbering>abc</answernumbering>
</multichoice></plugin_qtype_multichoice_question>""",
    ),
    "102": (
        "Primes",
        "multichoice",
        "2.0000000",
        "<plugin_qtype_multichoice_question><answers>"
        + answer(4, "2", "0.5000000", fmt="0")
        + answer(5, "3", "0.5000000", fmt="0")
        + answer(6, "4", "-1.0000000", fmt="0")
        + """</answers><multichoice id="2"><layout>0</layout><single>0</single>
<shuffleanswers>1</shuffleanswers></multichoice></plugin_qtype_multichoice_question>""",
    ),
    "103": (
        "Earth",
        "truefalse",
        "1.0000000",
        "<plugin_qtype_truefalse_question><answers>"
        + answer(7, "True", "1.0000000", fmt="0")
        + answer(8, "False", "0.0000000", fmt="0")
        + """</answers><truefalse id="3"><trueanswer>7</trueanswer><falseanswer>8</falseanswer>
</truefalse></plugin_qtype_truefalse_question>""",
    ),
    "104": (
        "Author",
        "shortanswer",
        "1.0000000",
        "<plugin_qtype_shortanswer_question><answers>"
        + answer(9, "Knuth", "1.0000000", fmt="0")
        + answer(10, "Donald Knuth", "1.0000000", fmt="0")
        + answer(11, "Don", "0.5000000", fmt="0")
        + answer(12, "*", "0.0000000", "Think of TAOCP.", fmt="0")
        + """</answers><shortanswer id="4"><usecase>0</usecase></shortanswer>
</plugin_qtype_shortanswer_question>""",
    ),
    "105": (
        "Pi",
        "numerical",
        "1.0000000",
        "<plugin_qtype_numerical_question><answers>"
        + answer(13, "3.14", "1.0000000", fmt="0")
        + answer(14, "*", "0.0000000", fmt="0")
        + """</answers><numerical_records><numerical_record id="1"><answer>13</answer>
<tolerance>0.01</tolerance></numerical_record><numerical_record id="2"><answer>14</answer>
<tolerance>0</tolerance></numerical_record></numerical_records><numerical_options>
<numerical_option id="1"><showunits>3</showunits><unitsleft>0</unitsleft>
<unitgradingtype>0</unitgradingtype><unitpenalty>0.1000000</unitpenalty></numerical_option>
</numerical_options><numerical_units></numerical_units></plugin_qtype_numerical_question>""",
    ),
    "106": (
        "Languages",
        "match",
        "3.0000000",
        """<plugin_qtype_match_question><matchoptions id="1"><shuffleanswers>1</shuffleanswers>
<correctfeedback></correctfeedback><correctfeedbackformat>1</correctfeedbackformat>
</matchoptions><matches>
<match id="1">
<questiontext>&lt;p&gt;Python&lt;/p&gt;</questiontext>
<questiontextformat>1</questiontextformat>
<answertext>Guido</answertext>
</match>
<match id="2">
<questiontext>&lt;p&gt;C&lt;/p&gt;</questiontext>
<questiontextformat>1</questiontextformat>
<answertext>Ritchie</answertext>
</match>
<match id="3">
<questiontext>&lt;p&gt;Pascal&lt;/p&gt;</questiontext>
<questiontextformat>1</questiontextformat>
<answertext>Wirth</answertext>
</match>
<match id="4">
<questiontext>
</questiontext>
<questiontextformat>1</questiontextformat>
<answertext>Hopper</answertext>
</match>
</matches></plugin_qtype_match_question>""",
    ),
    "107": (
        "Reflection",
        "essay",
        "5.0000000",
        """<plugin_qtype_essay_question><essay id="1"><responseformat>editor</responseformat>
<responserequired>1</responserequired><responsefieldlines>15</responsefieldlines>
<attachments>0</attachments><graderinfo></graderinfo><graderinfoformat>1</graderinfoformat>
<responsetemplate></responsetemplate><responsetemplateformat>1</responsetemplateformat>
</essay></plugin_qtype_essay_question>""",
    ),
    "108": (
        "Area",
        "calculated",
        "1.0000000",
        "<plugin_qtype_calculated_question><answers>"
        + answer(15, "{r}*{r}*3.14", "1.0000000", fmt="0")
        + "</answers></plugin_qtype_calculated_question>",
    ),
}


FLAG = {"101": '<p><img src="@@PLUGINFILE@@/flag.svg" alt="Flag"></p>'}


def question_xml(id: str, name: str | None = None) -> str:
    title, qtype, mark, plugin = QUESTIONS[id]
    return f"""<question id="{id}">
  <parent>0</parent><name>{x(name or title)}</name>
  <questiontext>{x(f"<p>About {title.lower()}?</p>" + FLAG.get(id, ""))}</questiontext>
  <questiontextformat>1</questiontextformat><generalfeedback></generalfeedback>
  <generalfeedbackformat>1</generalfeedbackformat><defaultmark>{mark}</defaultmark>
  <penalty>0.3333333</penalty><qtype>{qtype}</qtype><length>1</length>
  <stamp>localhost+231114+{id}</stamp><version>localhost+231114+v{id}</version>
  <hidden>0</hidden><timecreated>1700000000</timecreated><timemodified>1700000000</timemodified>
  <createdby>2</createdby><modifiedby>2</modifiedby>
  {plugin}
  <question_hints></question_hints><tags></tags>
</question>"""


def questions_xml_3() -> str:
    """Moodle 3.x: questions directly in their category; a random question is a question."""
    questions = "".join(question_xml(id) for id in QUESTIONS)
    random = """<question id="109"><parent>0</parent><name>Random (Default)</name>
<questiontext>0</questiontext><questiontextformat>0</questiontextformat>
<defaultmark>1.0000000</defaultmark><qtype>random</qtype><hidden>0</hidden></question>"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<question_categories>
  <question_category id="11">
    <name>Default for Programming 101</name><contextid>21</contextid>
    <contextlevel>50</contextlevel><contextinstanceid>2</contextinstanceid>
    <info>The default category.</info><infoformat>0</infoformat>
    <stamp>localhost+231114+cat</stamp><parent>0</parent><sortorder>999</sortorder>
    <questions>{questions}{random}</questions>
  </question_category>
</question_categories>"""


def questions_xml_4() -> str:
    """Moodle 4.x: bank entries, each with its versions; "Capital" has two, the second
    renamed, and the quiz uses the latest."""
    entries = []
    for number, id in enumerate(QUESTIONS, start=1):
        versions = [(1, question_xml(id))]
        if id == "101":
            versions = [
                (1, question_xml("101", "Capital (old)").replace('id="101"', 'id="100"', 1)),
                (2, question_xml("101")),
            ]
        inner = "".join(
            f"""<question_versions id="{number}{version}"><version>{version}</version>
<status>ready</status><questions>{body}</questions></question_versions>"""
            for version, body in versions
        )
        entries.append(
            f"""<question_bank_entry id="{200 + number}">
<questioncategoryid>11</questioncategoryid><idnumber>{NULL}</idnumber><ownerid>2</ownerid>
<question_version>{inner}</question_version></question_bank_entry>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<question_categories>
  <question_category id="11">
    <name>Default for Programming 101</name><contextid>21</contextid>
    <contextlevel>50</contextlevel><contextinstanceid>2</contextinstanceid>
    <info></info><infoformat>0</infoformat><stamp>localhost+231114+cat</stamp>
    <parent>0</parent><sortorder>999</sortorder><idnumber>{NULL}</idnumber>
    <question_bank_entries>{"".join(entries)}</question_bank_entries>
  </question_category>
</question_categories>"""


def quiz_xml(major: int) -> str:
    instances = []
    for slot, id in enumerate(QUESTIONS, start=1):
        mark = "2.0000000" if id == "105" else QUESTIONS[id][2]  # Pi counts double here
        if major >= 4:
            reference = f"""<question_reference id="{slot}"><usingcontextid>30</usingcontextid>
<component>mod_quiz</component><questionarea>slot</questionarea>
<questionbankentryid>{200 + slot}</questionbankentryid><version>{NULL}</version>
</question_reference>"""
        else:
            reference = f"<questionid>{id}</questionid>"
        instances.append(
            f"""<question_instance id="{slot}"><slot>{slot}</slot><page>1</page>
<requireprevious>0</requireprevious>{reference}<maxmark>{mark}</maxmark></question_instance>"""
        )
    slot = len(QUESTIONS) + 1
    if major >= 4:
        random = f"""<question_instance id="{slot}"><slot>{slot}</slot><page>2</page>
<maxmark>1.0000000</maxmark><question_set_reference id="1"><usingcontextid>30</usingcontextid>
<component>mod_quiz</component><questionarea>slot</questionarea>
<questionscontextid>21</questionscontextid>
<filtercondition>{{"questioncategoryid":"11","includingsubcategories":"0"}}</filtercondition>
</question_set_reference></question_instance>"""
    else:
        random = f"""<question_instance id="{slot}"><slot>{slot}</slot><page>2</page>
<questionid>109</questionid><maxmark>1.0000000</maxmark></question_instance>"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<activity id="6" moduleid="6" modulename="quiz" contextid="30">
  <quiz id="6">
    <name>Week 1 quiz</name><intro>&lt;p&gt;Twenty minutes, two attempts.&lt;/p&gt;</intro>
    <introformat>1</introformat><timeopen>1700000000</timeopen><timeclose>0</timeclose>
    <timelimit>1200</timelimit><overduehandling>autosubmit</overduehandling>
    <preferredbehaviour>deferredfeedback</preferredbehaviour><attempts>2</attempts>
    <grademethod>1</grademethod><decimalpoints>2</decimalpoints><questionsperpage>1</questionsperpage>
    <navmethod>free</navmethod><shuffleanswers>1</shuffleanswers><sumgrades>16.00000</sumgrades>
    <grade>10.00000</grade>
    <question_instances>{"".join(instances)}{random}</question_instances>
    <sections>
<section id="1">
<firstslot>1</firstslot>
<shufflequestions>0</shufflequestions>
</section>
</sections>
    <feedbacks></feedbacks><overrides></overrides><grades></grades><attempts></attempts>
  </quiz>
</activity>"""


ACTIVITIES = [
    # (module id, module name, section id, title, contextid, inner xml)
    (
        1,
        "page",
        "1",
        "Course plan",
        "25",
        """<name>Course plan</name><intro></intro><introformat>1</introformat>
<content>&lt;h2&gt;Plan&lt;/h2&gt;
&lt;p&gt;See &lt;img src="@@PLUGINFILE@@/diagram.svg" alt="diagram"&gt;&lt;/p&gt;</content>
<contentformat>1</contentformat><legacyfiles>0</legacyfiles><display>5</display>
<displayoptions>a:1:{s:10:"printintro";s:1:"0";}</displayoptions><revision>1</revision>""",
    ),
    (
        2,
        "resource",
        "2",
        "Reading list",
        "26",
        """<name>Reading list</name><intro></intro><introformat>1</introformat>
<tobemigrated>0</tobemigrated><legacyfiles>0</legacyfiles><display>0</display>
<filterfiles>0</filterfiles><revision>1</revision>""",
    ),
    (
        3,
        "folder",
        "2",
        "Handouts",
        "27",
        """<name>Handouts</name><intro></intro><introformat>1</introformat><revision>2</revision>
<display>0</display><showexpanded>1</showexpanded><showdownloadfolder>1</showdownloadfolder>""",
    ),
    (
        4,
        "url",
        "2",
        "Moodle docs",
        "28",
        """<name>Moodle docs</name><intro>&lt;p&gt;The manual.&lt;/p&gt;</intro>
<introformat>1</introformat><externalurl>https://docs.moodle.org/</externalurl>
<display>0</display><displayoptions>a:0:{}</displayoptions><parameters>a:0:{}</parameters>""",
    ),
    (
        5,
        "glossary",
        "1",
        "Terms",
        "29",
        """<name>Terms</name><intro></intro><introformat>1</introformat><allowduplicatedentries>0</allowduplicatedentries>
<displayformat>dictionary</displayformat><mainglossary>0</mainglossary>
<entries>
<entry id="1"><userid>2</userid><concept>Algorithm</concept>
<definition>&lt;p&gt;A finite sequence of steps.&lt;/p&gt;</definition>
<definitionformat>1</definitionformat>
<approved>1</approved><aliases></aliases><ratings></ratings></entry>
<entry id="2"><userid>2</userid><concept>Variable</concept>
<definition>A named value.</definition><definitionformat>0</definitionformat>
<approved>1</approved><aliases></aliases><ratings></ratings></entry>
</entries>""",
    ),
    (6, "quiz", "2", "Week 1 quiz", "30", None),
    (
        7,
        "forum",
        "1",
        "Class forum",
        "31",
        """<type>general</type><name>Class forum</name><intro>&lt;p&gt;Talk here.&lt;/p&gt;</intro>
<introformat>1</introformat><assessed>0</assessed><forcesubscribe>0</forcesubscribe>
<discussions><discussion id="1"><name>Hello</name><firstpost>1</firstpost><userid>3</userid>
<posts><post id="1"><parent>0</parent><userid>3</userid><subject>Hello</subject>
<message>Hi all</message></post></posts></discussion></discussions>""",
    ),
    (
        8,
        "assign",
        "2",
        "Essay 1",
        "32",
        """<name>Essay 1</name><intro>&lt;p&gt;Write 500 words.&lt;/p&gt;</intro>
<introformat>1</introformat>
<alwaysshowdescription>1</alwaysshowdescription><submissiondrafts>0</submissiondrafts>
<sendnotifications>0</sendnotifications><duedate>1700600000</duedate>
<allowsubmissionsfromdate>1700000000</allowsubmissionsfromdate><grade>25</grade>
<cutoffdate>1700700000</cutoffdate><gradingduedate>0</gradingduedate>
<teamsubmission>0</teamsubmission><maxattempts>-1</maxattempts>
<plugin_configs>
<plugin_config id="1">
<plugin>onlinetext</plugin>
<subtype>assignsubmission</subtype>
<name>enabled</name>
<value>1</value>
</plugin_config>
<plugin_config id="2">
<plugin>file</plugin>
<subtype>assignsubmission</subtype>
<name>enabled</name>
<value>1</value>
</plugin_config>
<plugin_config id="3">
<plugin>file</plugin>
<subtype>assignsubmission</subtype>
<name>maxsubmissionsizebytes</name>
<value>5242880</value>
</plugin_config>
<plugin_config id="4">
<plugin>file</plugin>
<subtype>assignsubmission</subtype>
<name>filetypeslist</name>
<value>.pdf,.odt</value>
</plugin_config>
<plugin_config id="5">
<plugin>comments</plugin>
<subtype>assignfeedback</subtype>
<name>enabled</name>
<value>1</value>
</plugin_config>
</plugin_configs>""",
    ),
    (
        9,
        "label",
        "1",
        "Welcome label",
        "33",
        "<name>Welcome label</name><intro>&lt;p&gt;Hi&lt;/p&gt;</intro>"
        "<introformat>1</introformat>",
    ),
    (
        10,
        "lesson",
        "2",
        "Branching lesson",
        "34",
        "<name>Branching lesson</name><intro></intro><introformat>1</introformat>",
    ),
]

SECTIONS = [
    ("1", "0", NULL, "<p>Welcome to <strong>Programming 101</strong>.</p>", "1,5,7,9"),
    ("2", "1", "Week 1", "", "2,3,4,6,8,10"),
]


def build_mbz(release: str = "4.1.2 (Build: 20230313)", *, users: str = "0", **overrides) -> bytes:
    """A course backup as Moodle writes it (moodle2 format, zip form)."""
    major = int(release.split(".")[0])
    version = "2022112802" if major >= 4 else "2021051700"
    activities_list = "".join(
        f"""<activity><moduleid>{mid}</moduleid><sectionid>{sid}</sectionid>
<modulename>{name}</modulename><title>{x(title)}</title>
<directory>activities/{name}_{mid}</directory><insubsection></insubsection></activity>"""
        for mid, name, sid, title, _ctx, _xml in ACTIVITIES
    )
    sections_list = "".join(
        f"""<section><sectionid>{sid}</sectionid><title>{number}</title>
<directory>sections/section_{sid}</directory></section>"""
        for sid, number, _name, _summary, _seq in SECTIONS
    )
    entries = {
        "moodle_backup.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<moodle_backup>
  <information>
    <name>backup-moodle2-course-2-prog101-20231114-1200-nu.mbz</name>
    <moodle_version>{version}</moodle_version>
    <moodle_release>{release}</moodle_release>
    <backup_version>{version}</backup_version>
    <backup_release>{release.split(" ")[0]}</backup_release>
    <backup_date>1700000000</backup_date>
    <mnet_remoteusers>0</mnet_remoteusers>
    <include_files>1</include_files>
    <include_file_references_to_external_content>0</include_file_references_to_external_content>
    <original_wwwroot>https://moodle.example.org</original_wwwroot>
    <original_site_identifier_hash>0123456789abcdef</original_site_identifier_hash>
    <original_course_id>2</original_course_id>
    <original_course_format>topics</original_course_format>
    <original_course_fullname>Programming 101</original_course_fullname>
    <original_course_shortname>PROG101</original_course_shortname>
    <original_course_startdate>1699999200</original_course_startdate>
    <original_course_contextid>21</original_course_contextid>
    <original_system_contextid>1</original_system_contextid>
    <details>
      <detail backup_id="b1e0c7a3f2d94e8ba1c0d2e3f4a5b6c7">
        <type>course</type><format>moodle2</format><interactive>1</interactive>
        <mode>10</mode><execution>1</execution><executiontime>0</executiontime>
      </detail>
    </details>
    <contents>
      <activities>{activities_list}</activities>
      <sections>{sections_list}</sections>
      <course><courseid>2</courseid><title>PROG101</title><directory>course</directory></course>
    </contents>
    <settings>
      <setting><level>root</level><name>filename</name><value>backup.mbz</value></setting>
      <setting><level>root</level><name>users</name><value>{users}</value></setting>
      <setting><level>root</level><name>activities</name><value>1</value></setting>
    </settings>
  </information>
</moodle_backup>""",
        "questions.xml": questions_xml_4() if major >= 4 else questions_xml_3(),
    }
    files, blobs = files_xml()
    entries["files.xml"] = files
    entries.update(blobs)
    for sid, number, name, summary, sequence in SECTIONS:
        entries[f"sections/section_{sid}/section.xml"] = f"""<?xml version="1.0" encoding="UTF-8"?>
<section id="{sid}"><number>{number}</number><name>{x(name)}</name>
<summary>{x(summary)}</summary><summaryformat>1</summaryformat><sequence>{sequence}</sequence>
<visible>1</visible>
<availabilityjson>{NULL}</availabilityjson>
<timemodified>1700000000</timemodified>
</section>"""
    for mid, name, sid, _title, context, inner in ACTIVITIES:
        directory = f"activities/{name}_{mid}"
        if name == "quiz":
            entries[f"{directory}/quiz.xml"] = quiz_xml(major)
        else:
            entries[f"{directory}/{name}.xml"] = f"""<?xml version="1.0" encoding="UTF-8"?>
<activity id="{mid}" moduleid="{mid}" modulename="{name}" contextid="{context}">
  <{name} id="{mid}">{inner}<timemodified>1700000000</timemodified></{name}>
</activity>"""
        visible = "0" if name == "url" else "1"  # the link is hidden from learners
        entries[f"{directory}/module.xml"] = f"""<?xml version="1.0" encoding="UTF-8"?>
<module id="{mid}" version="2022112800"><modulename>{name}</modulename>
<sectionid>{sid}</sectionid><sectionnumber>{int(sid) - 1}</sectionnumber><idnumber></idnumber>
<added>1700000000</added><score>0</score><indent>0</indent><visible>{visible}</visible>
<visibleoncoursepage>1</visibleoncoursepage><visibleold>1</visibleold><groupmode>0</groupmode>
</module>"""
        entries[f"{directory}/inforef.xml"] = "<inforef></inforef>"
    entries.update(overrides)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            if content is not None:
                archive.writestr(name, content)
    return buffer.getvalue()


# --- Tests ------------------------------------------------------------------------------------


def documents_of(course):
    nodes = {d.pk: d for d in Document.objects.filter(course=course)}
    return sorted(
        (
            "/".join([*(nodes[pk].name for pk in node.ancestor_ids), node.name]),
            node.kind,
            node.visible,
        )
        for node in nodes.values()
    )


def question_rows(quiz):
    return [
        (
            row.question.type,
            row.question.title,
            row.question.score,
            [(a.text, a.correct, a.score) for a in row.question.answers.order_by("position")],
            row.question.config,
        )
        for row in quiz.quiz_questions.select_related("question").order_by("position")
    ]


@pytest.mark.parametrize("release", ["4.1.2 (Build: 20230313)", "3.11.8 (Build: 20220711)"])
def test_a_moodle_backup_imports_every_listed_activity(release):
    course = CourseFactory(code="PROG", title="Empty")
    report = import_moodle(course=course, upload=io.BytesIO(build_mbz(release)))

    assert report.source == f"Moodle {release.split(' ')[0]}"
    # Sections are folders; pages, files and folders are documents in them.
    assert documents_of(course) == [
        ("General", "folder", True),
        ("General/Course plan", "page", True),
        ("General/Section summary", "page", True),
        ("General/diagram.svg", "file", True),
        ("Imported images", "folder", True),
        ("Imported images/flag.svg", "file", True),
        ("Week 1", "folder", True),
        ("Week 1/Handouts", "folder", True),
        ("Week 1/Handouts/extra", "folder", True),
        ("Week 1/Handouts/extra/answers.csv", "file", True),
        ("Week 1/Handouts/handout.txt", "file", True),
        ("Week 1/reading-list.txt", "file", True),
    ]
    plan = Document.objects.get(course=course, name="Course plan")
    svg = Document.objects.get(course=course, name="diagram.svg")
    assert f"/documents/{svg.pk}/" in plan.content and "@@PLUGINFILE@@" not in plan.content
    with Document.objects.get(course=course, name="answers.csv").file.open("rb") as handle:
        assert handle.read() == b"q,a\n1,42\n"
    assert "Programming 101" in Document.objects.get(name="Section summary").content

    link = Link.objects.get(course=course)
    assert (link.title, link.url, link.category.title, link.visible, link.description) == (
        "Moodle docs",
        "https://docs.moodle.org/",
        "Week 1",
        False,
        "The manual.",
    )
    assert sorted(Term.objects.filter(course=course).values_list("term", "definition")) == [
        ("Algorithm", "<p>A finite sequence of steps.</p>"),
        ("Variable", "<p>A named value.</p>"),
    ]
    forum = Forum.objects.get(course=course)
    assert (forum.title, forum.description, forum.category.title) == (
        "Class forum",
        "<p>Talk here.</p>",
        "General",
    )
    assert ForumCategory.objects.filter(course=course).count() == 1
    assert not forum.threads.exists()

    assignment = Assignment.objects.get(course=course)
    assert assignment.title == "Essay 1"
    assert assignment.kind == "either"
    assert assignment.max_score == Decimal("25")
    assert assignment.max_file_size_mb == 5
    assert assignment.allowed_extensions == "pdf odt"
    assert assignment.deadline.timestamp() == 1700600000
    assert assignment.end_date.timestamp() == 1700700000

    quiz = Quiz.objects.get(course=course)
    assert (quiz.title, quiz.time_limit, quiz.max_attempts, quiz.published) == (
        "Week 1 quiz",
        20,
        2,
        False,
    )
    assert quiz.opens_at.timestamp() == 1700000000 and quiz.closes_at is None
    d = Decimal
    assert question_rows(quiz) == [
        (
            "unique",
            "Capital",  # Moodle 4: the latest version of the entry
            d("1.00"),
            [
                ("<p>Paris</p>", True, d("1.00")),
                ("<p>Lyon</p>", False, d("0.00")),
                ("<p>Nice</p>", False, d("0.00")),
            ],
            {},
        ),
        (
            "multiple",
            "Primes",
            d("2.00"),
            [("2", True, d("1.00")), ("3", True, d("1.00")), ("4", False, d("-2.00"))],
            {"no_negative": True},
        ),
        (
            "unique",
            "Earth",
            d("1.00"),
            [("True", True, d("1.00")), ("False", False, d("0.00"))],
            {},
        ),
        (
            "blanks",
            "Author",
            d("1.00"),
            [],
            {"text": "[Knuth|Donald Knuth]", "case_sensitive": False},
        ),
        ("numerical", "Pi", d("2.00"), [("3.14", False, d("2.00"))], {}),
        (
            "matching",
            "Languages",
            d("3.00"),
            [
                ("<p>Python</p>", False, d("1.00")),
                ("<p>C</p>", False, d("1.00")),
                ("<p>Pascal</p>", False, d("1.00")),
            ],
            {},
        ),
        ("free", "Reflection", d("5.00"), [], {}),
    ]
    flag = Document.objects.get(course=course, name="flag.svg")
    capital = quiz.quiz_questions.get(position=1).question
    assert f'src="/courses/PROG/documents/{flag.pk}/file/"' in capital.statement
    pi = quiz.quiz_questions.get(position=5).question.answers.get()
    assert pi.data == {"tolerance": "0.01", "mode": "absolute"}

    skipped = {(row["kind"], row["title"]): row["reason"] for row in report.skipped}
    assert skipped[("question", "Week 1 quiz › Area")] == (
        "Moodle questions of type calculated are not supported."
    )
    random_label = [title for kind, title in skipped if "Random" in skipped[(kind, title)]]
    assert len(random_label) == 1
    assert "Don" in skipped[("question", "Week 1 quiz › Author")]
    assert "Hopper" in skipped[("question", "Week 1 quiz › Languages")]
    assert skipped[("activity", "Welcome label")] == "Labels are not imported."
    assert skipped[("activity", "Branching lesson")] == (
        "Moodle activities of type lesson are not supported."
    )
    assert "1 discussion is learners' data" in skipped[("forum", "Class forum")]
    assert report.count("test") == 1 and report.count("question") == 7
    assert report.count("glossary") == 2 and report.count("assignment") == 1


def test_a_backup_with_users_says_they_are_not_imported():
    content = build_mbz(users="1")
    report = import_moodle(course=CourseFactory(), upload=io.BytesIO(content))
    assert {
        "kind": "resource",
        "title": "Users and their data",
        "reason": ("Accounts, enrolments, submissions, posts and grades are never imported."),
    } in report.skipped


def test_glossary_without_entries_is_reported():
    """A backup made without users holds no glossary entries: said so in the report."""
    bare = [a for a in ACTIVITIES if a[1] == "glossary"][0]
    inner = bare[5].split("<entries>")[0] + "<entries></entries>"
    content = build_mbz(
        **{
            "activities/glossary_5/glossary.xml": f"""<activity id="5" moduleid="5"
modulename="glossary" contextid="29"><glossary id="5">{inner}</glossary></activity>"""
        }
    )
    course = CourseFactory()
    report = import_moodle(course=course, upload=io.BytesIO(content))
    reasons = [row["reason"] for row in report.skipped if row["title"] == "Terms"]
    assert reasons and "only in backups with users" in reasons[0]
    assert not Term.objects.filter(course=course).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "not a valid zip archive"),
        (None, "has no moodle_backup.xml"),
        ("broken", "moodle_backup.xml is not well-formed XML"),
        ("imscc", "only moodle2 backups are read"),
        ("traversal", "leaving its folder"),
        ("questions", "questions.xml is not well-formed XML"),
    ],
)
def test_bad_backups_are_refused_and_change_nothing(content, message):
    course = CourseFactory()
    if content is None:
        data = build_mbz(**{"moodle_backup.xml": None})
    elif content == "broken":
        data = build_mbz(**{"moodle_backup.xml": "<moodle_backup><information>"})
    elif content == "imscc":
        data = build_mbz(
            **{
                "moodle_backup.xml": """<moodle_backup><information><details><detail>
<type>course</type><format>imscc11</format></detail></details></information></moodle_backup>"""
            }
        )
    elif content == "traversal":
        data = build_mbz(**{"../../etc/evil.txt": "x"})
    elif content == "questions":
        data = build_mbz(**{"questions.xml": "<question_categories><question_category>"})
    else:
        data = content
    with pytest.raises(InteropError, match=message):
        import_moodle(course=course, upload=io.BytesIO(data))
    assert not Document.objects.filter(course=course).exists()
    assert not Quiz.objects.filter(course=course).exists()


def test_a_failure_half_way_leaves_the_course_unchanged(monkeypatch, settings):
    """An unexpected error after documents were stored: the transaction is rolled back and
    the stored blobs removed."""
    from backups import moodle

    course = CourseFactory()

    def broken(*args, **kwargs):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(moodle, "_assign", broken)
    with pytest.raises(RuntimeError):
        import_moodle(course=course, upload=io.BytesIO(build_mbz()))
    assert not Document.objects.filter(course=course).exists()
    assert not Link.objects.filter(course=course).exists()
    stored = settings.MEDIA_ROOT / "documents" / str(course.pk)
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_a_skipped_item_leaves_no_stored_file_behind(settings):
    """A page whose name is unusable is skipped; the image stored for it goes too."""
    page = [a for a in ACTIVITIES if a[1] == "page"][0]
    inner = page[5].replace("<name>Course plan</name>", "<name>  </name>")
    course = CourseFactory()
    report = import_moodle(
        course=course,
        upload=io.BytesIO(
            build_mbz(
                **{
                    "activities/page_1/page.xml": f"""<activity id="1" moduleid="1"
modulename="page" contextid="25"><page id="1">{inner}</page></activity>"""
                }
            )
        ),
    )
    assert "Please give a name." in [row["reason"] for row in report.skipped]
    assert not Document.objects.filter(course=course, name="diagram.svg").exists()
    stored = sorted(
        str(p.relative_to(settings.MEDIA_ROOT))
        for p in (settings.MEDIA_ROOT / "documents").rglob("*")
        if p.is_file()
    )
    kept = sorted(
        d.file.name for d in Document.objects.filter(course=course, kind="file")
    ) + sorted(
        d.thumbnail.name for d in Document.objects.filter(course=course).exclude(thumbnail="")
    )
    assert stored == sorted(kept)
