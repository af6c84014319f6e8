"""The registry of course tools.

Each tool app registers itself in its AppConfig.ready():

    register_tool(Tool(key="documents", name=_("Documents"), icon="folder2-open",
                       url_name="documents:index", position=10))

The course home shows the registered tools; a course switches each one on or off and shows or
hides it for learners (CourseTool rows; a tool without a row is enabled and visible).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Tool:
    key: str
    name: str
    icon: str  # a Bootstrap Icons name, without the "bi-" prefix
    url_name: str  # reversed with the course code as its only argument
    position: int = 100
    description: str = ""
    # Tools that manage the course itself rather than teach; learners never see them.
    teachers_only: bool = False
    # Tools that follow learners (reporting): tutors and teachers, never learners.
    tutors_only: bool = False
    # home_summary(course) -> str: a short line the course home shows under the tool's name
    # ("42 % done"); "" for nothing. Called only for the tools the viewer may open.
    home_summary: Callable | None = None

    def url(self, course_code: str) -> str:
        return reverse(self.url_name, kwargs={"code": course_code})


_REGISTRY: dict[str, Tool] = {}


def register_tool(tool: Tool) -> None:
    if tool.key in _REGISTRY and _REGISTRY[tool.key] != tool:
        raise ValueError(f"A different course tool is already registered as {tool.key!r}.")
    _REGISTRY[tool.key] = tool


def get_tool(key: str) -> Tool | None:
    return _REGISTRY.get(key)


def all_tools() -> list[Tool]:
    return sorted(_REGISTRY.values(), key=lambda tool: (tool.position, tool.key))


@dataclass(frozen=True)
class CourseToolState:
    tool: Tool
    enabled: bool
    visible: bool

    @property
    def key(self) -> str:
        return self.tool.key
