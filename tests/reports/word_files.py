"""Reading a .docx back as a user's Word would: its paragraphs' text in order, and its words.

The words of a PDF, of a .docx and of `Document.texts()` are compared as lower-case sequences of
letters and digits (NFC): punctuation, line breaks and the capitals a renderer adds do not count,
a changed word or figure does.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import docx
from docx.oxml.ns import qn

from desktop.core.i18n import _
from desktop.core.reports import document as model

_WORD = re.compile(r"\w+")


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def paragraph_texts(document) -> list[str]:
    """Every paragraph of the body, in tables too, in reading order; a line break is a space."""
    found = []
    for paragraph in document.element.body.iter(qn("w:p")):
        pieces = []
        for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            pieces.append(node.text or "" if node.tag == qn("w:t") else " ")
        found.append("".join(pieces))
    return found


def words(texts: Iterable[str]) -> list[str]:
    """The words of `texts`: NFC, lower case, letters and digits only."""
    joined = unicodedata.normalize("NFC", " ".join(texts)).lower()
    return _WORD.findall(joined)


def fixed_words() -> Counter:
    """The words every renderer writes that no report chooses: the motto, 'Nơi nhận'."""
    return Counter(words([_(model.NATION), _(model.MOTTO)]))


def recipients_words() -> Counter:
    return Counter(words([_(model.RECIPIENTS_HEAD)]))
