"""What Telegram accepts, checked from the machine-readable Bot API (``api.json``).

The stand-in server runs every request through :func:`check_request`, so a request the tests or
the sandbox accept is one the real Bot API would accept too: known method, known parameters,
required ones present, types right, and Telegram's own limits (text length, callback data,
HTML that Telegram can parse).
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from typing import Any


class BadRequest(Exception):
    """What Telegram answers with ``400 Bad Request: <description>``."""


@cache
def api() -> dict[str, Any]:
    text = (resources.files("bot.sandbox") / "api.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def _method(name: str) -> dict[str, Any]:
    methods = api()["methods"]
    for key, spec in methods.items():
        if key.lower() == name.lower():
            return dict(spec)
    raise BadRequest(f"method not found: {name}")


# -- parameter types -----------------------------------------------------------------------------


def _check_value(value: Any, types: list[str], where: str) -> Any:
    """Return the value decoded (form fields arrive as text) or raise BadRequest."""
    problems = []
    for type_name in types:
        try:
            return _check_one(value, type_name, where)
        except BadRequest as exc:
            problems.append(str(exc))
    raise BadRequest(problems[0] if len(problems) == 1 else f"{where}: wrong type ({types})")


def _check_one(value: Any, type_name: str, where: str) -> Any:
    if type_name.startswith("Array of "):
        if isinstance(value, str):
            value = _json(value, where)
        if not isinstance(value, list):
            raise BadRequest(f"{where}: expected an array")
        inner = type_name.removeprefix("Array of ")
        return [_check_one(item, inner, f"{where}[{i}]") for i, item in enumerate(value)]
    if type_name == "Integer":
        if isinstance(value, bool):
            raise BadRequest(f"{where}: expected an integer")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            return int(value)
        raise BadRequest(f"{where}: expected an integer")
    if type_name == "Float":
        try:
            return float(value)
        except (TypeError, ValueError):
            raise BadRequest(f"{where}: expected a number") from None
    if type_name in ("Boolean", "True"):
        if isinstance(value, bool):
            return value
        if value in ("true", "false", "True", "False"):
            return value.lower() == "true"
        raise BadRequest(f"{where}: expected a boolean")
    if type_name == "String":
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise BadRequest(f"{where}: expected a string")
    if type_name == "InputFile":
        if isinstance(value, UploadedFile):
            return value
        raise BadRequest(f"{where}: expected a file")
    spec = api()["types"].get(type_name)
    if spec is None:
        raise BadRequest(f"{where}: unknown type {type_name}")
    if isinstance(value, str):
        value = _json(value, where)
    if "subtypes" in spec:
        return _check_value(value, list(spec["subtypes"]), where)
    if not isinstance(value, dict):
        raise BadRequest(f"{where}: expected an object {type_name}")
    return _check_object(value, spec, where)


def _check_object(value: dict[str, Any], spec: dict[str, Any], where: str) -> dict[str, Any]:
    fields = {f["name"]: f for f in spec.get("fields", [])}
    unknown = set(value) - set(fields)
    if unknown:
        raise BadRequest(f"{where}: unknown field(s) {sorted(unknown)} in {spec['name']}")
    out = {}
    for name, field in fields.items():
        if name not in value:
            if field["required"]:
                raise BadRequest(f"{where}: {spec['name']}.{name} is required")
            continue
        if name == "type" and (fixed := _fixed_type(field)) and value[name] != fixed:
            raise BadRequest(f"{where}: {spec['name']}.type must be {fixed}")
        out[name] = _check_value(value[name], field["types"], f"{where}.{name}")
    return out


def _fixed_type(field: dict[str, Any]) -> str | None:
    match = re.search(r"must be (?:“|\")?([a-z_]+)", field.get("description", ""))
    if match is None:
        match = re.search(r"always “([a-z_]+)”", field.get("description", ""))
    return match.group(1) if match else None


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise BadRequest(f"{where}: can't parse JSON") from None


class UploadedFile:
    """A file sent with multipart/form-data."""

    def __init__(self, filename: str, content: bytes, content_type: str) -> None:
        self.filename = filename
        self.content = content
        self.content_type = content_type


# -- Telegram's own limits -------------------------------------------------------------------------

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "blockquote", "tg-spoiler", "span", "tg-emoji",
}  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\s*>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text after Telegram parses its entities; raises BadRequest where it cannot."""
    if parse_mode is None or parse_mode == "":
        return text
    if parse_mode.upper() != "HTML":
        raise BadRequest(f"unsupported parse_mode {parse_mode} (this bot uses HTML)")
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG.match(text, i)
            if not match:
                raise BadRequest(f"can't parse entities: unsupported start tag at byte offset {i}")
            closing, tag = match.group(1) == "/", match.group(2).lower()
            if tag not in ALLOWED_TAGS:
                raise BadRequest(f'can\'t parse entities: unsupported start tag "{tag}"')
            if closing:
                if not stack or stack.pop() != tag:
                    raise BadRequest(f'can\'t parse entities: unmatched end tag "{tag}"')
            else:
                if tag == "span" and 'class="tg-spoiler"' not in match.group(3):
                    raise BadRequest("can't parse entities: span needs class tg-spoiler")
                stack.append(tag)
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if not match:
                raise BadRequest(f"can't parse entities: unescaped & at byte offset {i}")
            out.append(html.unescape(match.group(0)))
            i = match.end()
        elif char == ">":
            raise BadRequest(f"can't parse entities: unescaped > at byte offset {i}")
        else:
            out.append(char)
            i += 1
    if stack:
        raise BadRequest(f"can't parse entities: can't find end tag for \"{stack[-1]}\"")
    return "".join(out)


def _check_text(params: dict[str, Any], field: str, limit: int, *, required: bool) -> None:
    if field not in params:
        return
    shown = visible_text(str(params[field]), params.get("parse_mode"))
    if not shown.strip():
        if required:
            raise BadRequest("message text is empty")
        return
    # Telegram counts UTF-16 code units.
    length = len(shown.encode("utf-16-le")) // 2
    if length > limit:
        raise BadRequest(f"{field} is too long ({length} > {limit})")


def _check_markup(markup: Any) -> None:
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    for row in markup["inline_keyboard"]:
        for button in row:
            if not str(button.get("text", "")).strip():
                raise BadRequest("text buttons are unallowed in the inline keyboard")
            actions = [k for k in button if k not in ("text", "style", "icon_custom_emoji_id")]
            if len(actions) != 1:
                raise BadRequest("inline keyboard button must have exactly one action")
            if "callback_data" in button:
                size = len(str(button["callback_data"]).encode("utf-8"))
                if not 1 <= size <= 64:
                    raise BadRequest("BUTTON_DATA_INVALID")


_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


def check_request(method: str, raw: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The method's canonical name and its decoded parameters, or BadRequest."""
    spec = _method(method)
    fields = {f["name"]: f for f in spec.get("fields", [])}
    unknown = set(raw) - set(fields)
    if unknown:
        raise BadRequest(f"unknown parameter(s) {sorted(unknown)} for {spec['name']}")
    params: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in raw or raw[name] is None:
            if field["required"]:
                raise BadRequest(f"parameter {name} is required")
            continue
        params[name] = _check_value(raw[name], field["types"], name)
    _check_text(params, "text", 4096, required=True)
    if "caption" in params:
        caption_params = {"caption": params["caption"], "parse_mode": params.get("parse_mode")}
        _check_text(caption_params, "caption", 1024, required=False)
    if "reply_markup" in params:
        _check_markup(params["reply_markup"])
    if spec["name"] == "answerCallbackQuery" and len(params.get("text", "")) > 200:
        raise BadRequest("callback query answer text is too long")
    if spec["name"] == "setMyCommands":
        for command in params["commands"]:
            if not _COMMAND.match(command["command"]):
                raise BadRequest(f"bad command name {command['command']!r}")
            if not 1 <= len(command["description"]) <= 256:
                raise BadRequest("command description must be 1-256 characters")
    return str(spec["name"]), params
