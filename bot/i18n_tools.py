"""Keeping the catalogues whole: find messages in the code, check and stub the ``.po`` files.

    python -m bot.i18n_tools check              # what is missing or untranslated, per language
    python -m bot.i18n_tools stub browse        # add missing messages to <lang>/browse.po
    python -m bot.i18n_tools stub browse nl,en  # ... in these languages only
    python -m bot.i18n_tools pot                # rewrite locales/meedoen.pot from the code

English catalogues get the source text as their translation; the others an empty string to fill.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.config import SUPPORTED_LOCALES
from bot.i18n import LOCALES_DIR

ROOT = LOCALES_DIR.parent
SOURCES = ("bot", "conversations")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")
# Every catalogue says in its header who should review it: the developers write the texts, a
# native speaker at the organisation checks them before residents read them.
REVIEW_MARK = "# Review:"
LANGUAGE_NAMES = {
    "nl": "Dutch",
    "en": "English",
    "ar": "Arabic",
    "tr": "Turkish",
    "pl": "Polish",
    "uk": "Ukrainian",
}

MessageId = str | tuple[str, str]


def code_messages() -> dict[MessageId, str]:
    """Every marked message in the code, with the first place it stands."""
    found: dict[MessageId, str] = {}
    for folder in SOURCES:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
        ):
            key: MessageId = message if isinstance(message, str) else (message[0], message[1])
            found.setdefault(key, f"{folder}/{filename}:{lineno}")
    return found


def catalogue_files(locale: str) -> list[Path]:
    return sorted((LOCALES_DIR / locale / "LC_MESSAGES").glob("*.po"))


def read_catalogue(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def translations(locale: str) -> dict[MessageId, str | tuple[str, ...]]:
    out: dict[MessageId, str | tuple[str, ...]] = {}
    for path in catalogue_files(locale):
        for message in read_catalogue(path, locale):
            if not message.id:
                continue
            key: MessageId = message.id if isinstance(message.id, str) else tuple(message.id)  # type: ignore[assignment]
            string = message.string if not message.fuzzy else ""
            out[key] = tuple(string) if isinstance(string, (list, tuple)) else (string or "")
    return out


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def review_line(locale: str) -> str:
    language = LANGUAGE_NAMES.get(locale, locale)
    return (
        f"{REVIEW_MARK} written by the developers in plain language (B1); a native {language} "
        "speaker at the organisation checks it before it goes live. Not yet reviewed."
    )


def _header(path: Path) -> str:
    return path.read_text(encoding="utf-8").split('msgid ""', 1)[0]


def problems() -> Iterator[str]:
    """Each message missing, untranslated or with other placeholders, in each language; and
    each catalogue without a review line in its header."""
    code = code_messages()
    for locale in SUPPORTED_LOCALES:
        for path in catalogue_files(locale):
            if REVIEW_MARK not in _header(path):
                yield f"{locale}: {path.name} has no '{REVIEW_MARK}' line in its header"
        have = translations(locale)
        for key, where in code.items():
            if key not in have:
                yield f"{locale}: missing {key!r} ({where})"
                continue
            value = have[key]
            strings = list(value) if isinstance(value, tuple) else [value]
            if not all(s.strip() for s in strings):
                yield f"{locale}: untranslated {key!r} ({where})"
                continue
            source = placeholders(key if isinstance(key, str) else key[1])
            for string in strings:
                if placeholders(string) != source:
                    yield f"{locale}: placeholders differ in {key!r}: {string!r} ({where})"


def stub(domain: str, locales: tuple[str, ...] = SUPPORTED_LOCALES) -> None:
    """Append the messages that no catalogue has yet to ``<lang>/LC_MESSAGES/<domain>.po``."""
    code = code_messages()
    for locale in locales:
        have = translations(locale)
        path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_catalogue(path, locale) if path.exists() else Catalog(locale=locale)
        catalog.project, catalog.version = "Meedoen", "1"
        added = 0
        for key, where in code.items():
            if key in have:
                continue
            if isinstance(key, str):
                catalog.add(key, key if locale == "en" else "", locations=[(where, 0)])
            else:
                string = key if locale == "en" else ("", "")
                catalog.add(key, string, locations=[(where, 0)])
            added += 1
        if added:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, omit_header=False, include_lineno=False)
            if REVIEW_MARK not in _header(path):
                first, rest = path.read_text(encoding="utf-8").split("\n", 1)
                path.write_text(f"{first}\n{review_line(locale)}\n{rest}", encoding="utf-8")
        print(f"{path}: {added} added")


def pot() -> None:
    catalog = Catalog(project="Meedoen", version="1")
    for key, where in code_messages().items():
        catalog.add(key, locations=[(where, 0)])
    with (LOCALES_DIR / "meedoen.pot").open("wb") as handle:
        write_po(handle, catalog, width=100, include_lineno=False)


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        found = list(problems())
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    if argv[:1] == ["stub"] and len(argv) in (2, 3):
        chosen = tuple(argv[2].split(",")) if len(argv) == 3 else SUPPORTED_LOCALES
        if not set(chosen) <= set(SUPPORTED_LOCALES):
            print(f"languages are {', '.join(SUPPORTED_LOCALES)}")
            return 2
        stub(argv[1], chosen)
        return 0
    if argv[:1] == ["pot"]:
        pot()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
