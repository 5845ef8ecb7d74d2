"""Fill a Word template with docxtpl, and explain a broken one in plain words.

Staff edit the templates in Word, so a misspelt or unknown tag is expected
sooner or later; the message names the template and the tag so they can fix
it themselves.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import SafetyNetError
from ..resources import templates_dir

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_UNDEFINED = (
    re.compile(r"has no attribute '([^']+)'"),
    re.compile(r"'([^']+)' is undefined"),
)
_README = "the fields are listed in templates/README.md"


class BrokenTemplate(SafetyNetError):
    """A template that is missing or has a tag the program cannot fill."""

    exit_code = 1


def templates_folder(workbook_path: str | Path | None = None) -> Path:
    """A ``templates`` folder beside the workbook wins over the program's defaults."""
    if workbook_path:
        beside = Path(workbook_path).resolve().parent / "templates"
        if beside.is_dir():
            return beside
    return templates_dir()


@lru_cache(maxsize=16)
def _template_bytes(path: Path, mtime: float) -> bytes:
    return path.read_bytes()


def template_bytes(folder: Path, name: str) -> bytes:
    """The template's bytes, read from disk once per run (15 face sheets share one read)."""
    path = folder / name
    if not path.is_file():
        raise BrokenTemplate(
            f"The template {name} is missing from {folder}. Restore it from a backup, or make "
            f"the default templates again with: python scripts/make_templates.py"
        )
    return _template_bytes(path, path.stat().st_mtime)


@lru_cache(maxsize=1)
def _environment() -> Any:
    """One jinja environment per run that compiles each template part once.

    docxtpl compiles a part's XML on every render; the 15 face sheets of a
    packet share the same XML, so compiling it once saves most of the time.
    The sandbox keeps a tag typed in Word from reaching into Python.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class CompilingOnce(SandboxedEnvironment):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.compiled: dict[str, Any] = {}

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            template = self.compiled.get(source)
            if template is None:
                template = self.compiled[source] = super().from_string(source)
            return template

    return CompilingOnce(undefined=StrictUndefined, autoescape=True)


def template_tags(document: Any) -> list[str]:
    """The ``{{ }}`` and ``{% %}`` tags as staff see them in Word (body, headers, footers)."""
    texts = [document.element.body.xpath("string(.)")]
    for section in document.sections:
        for part in (section.header, section.footer):
            texts.append(part._element.xpath("string(.)"))
    return [t for text in texts for t in _TAG.findall(text)]


def _culprit(document: Any, exc: Exception) -> tuple[str, str]:
    """The tag that failed, and a short reason, from jinja's exception."""
    from jinja2 import TemplateSyntaxError, UndefinedError

    tags = template_tags(document)
    if isinstance(exc, UndefinedError):
        for pattern in _UNDEFINED:
            found = pattern.search(str(exc))
            if found:
                name = found.group(1)
                word = re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])")
                tag = next((t for t in tags if word.search(t)), "{{ " + name + " }}")
                return tag, f"unknown field '{name}'"
        return (tags[0] if tags else "?"), "unknown field"
    if isinstance(exc, TemplateSyntaxError):
        context = [re.sub(r"<[^>]+>", "", line) for line in getattr(exc, "docx_context", [])]
        near = context[3] if len(context) > 3 else " ".join(context)
        near_tags = _TAG.findall(near) or re.findall(r"\{[{%][^{}]*", near)
        candidates = (
            [t for t in near_tags if _broken(t)]
            + [t for t in tags if _broken(t)]
            + near_tags
            + re.findall(r"\{\{[^}]*\}(?!\})", " ".join(context))
        )
        reason = exc.message or "a typing mistake"
        return (candidates[0].strip() if candidates else "?"), reason
    return "?", str(exc)


def _broken(tag: str) -> bool:
    from jinja2 import TemplateSyntaxError

    if tag.startswith("{%"):
        return False
    try:
        _environment().parse(tag)
    except TemplateSyntaxError:
        return True
    return False


def render(folder: Path, name: str, context: dict[str, Any]) -> Any:
    """The filled template as a python-docx Document (not saved)."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(template_bytes(folder, name)))
    with _explained(name, template):
        template.render(context, jinja_env=_environment(), autoescape=True)
    return template.docx


def render_bodies(folder: Path, name: str, contexts: Sequence[dict[str, Any]]) -> list[Any]:
    """The filled body content of one template for each context, as lists of XML elements.

    Reading a .docx and preparing its XML costs more than filling it; a packet
    fills the face sheet 15 times, so it is read and prepared once here.
    Headers and footers are not filled: the packet keeps the agenda's.
    """
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate
    from lxml import etree

    template = DocxTemplate(io.BytesIO(template_bytes(folder, name)))
    bodies = []
    with _explained(name, template):
        template.init_docx()
        source = template.patch_xml(template.get_xml())
        environment = _environment()
        environment.autoescape = True
        for context in contexts:
            xml = template.render_xml_part(source, template.docx.part, context, environment)
            body = parse_xml(etree.tostring(template.fix_tables(xml)))  # python-docx classes
            bodies.append([e for e in body if not e.tag.endswith("}sectPr")])
    return bodies


@contextmanager
def _explained(name: str, template: Any) -> Iterator[None]:
    """Turn jinja's and python-docx's exceptions into a sentence naming the template."""
    from jinja2 import TemplateError

    try:
        yield
    except TemplateError as exc:
        tag, reason = _culprit(template.docx, exc)
        raise BrokenTemplate(
            f"The template {name} has a tag Word cannot fill: {tag} ({reason}). "
            f"Fix the tag in Word; {_README}."
        ) from exc
    except Exception as exc:
        if template.docx is not None:  # it was read: this is not the template's fault
            raise
        raise BrokenTemplate(
            f"The template {name} could not be read as a Word document ({type(exc).__name__}). "
            f"Restore it from a backup, or make the defaults again: "
            f"python scripts/make_templates.py"
        ) from exc


def save(document: Any, path: Path) -> Path:
    """Save atomically, so a crash never leaves half a packet that looks whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"~{path.name[:200]}.{os.getpid()}.part")  # one per process
    try:
        document.save(str(temporary))
        temporary.replace(path)
    except PermissionError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise SafetyNetError(
            f"{path.name} could not be written: it is probably open in Word. "
            f"Close it and try again.",
            exit_code=1,
        ) from exc
    return path
