"""argparse's own error messages, said in the program's language.

argparse ships its messages in English only and formats them before `ArgumentParser.error`
sees them, so the command line's parser (desktop/cli.py) matches each known shape here and says
it again through the catalogue. A message of a shape not listed stays as argparse wrote it.
"""

from __future__ import annotations

import re

from desktop.core.i18n import N_, _

# (argparse's message, ours): the patterns follow CPython 3.11–3.13's argparse.py.
_KNOWN = [
    (r"unrecognized arguments: (?P<what>.+)", N_("không hiểu phần: {what}")),
    (r"the following arguments are required: (?P<what>.+)", N_("còn thiếu: {what}")),
    (r"one of the arguments (?P<what>.+) is required", N_("cần một trong: {what}")),
    (
        r"argument (?P<arg>\S+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
        N_("{arg}: không có lựa chọn {value}; hãy chọn một trong: {choices}"),
    ),
    (
        r"argument (?P<arg>\S+): invalid \S+ value: (?P<value>.+)",
        N_("{arg}: giá trị {value} không hợp lệ"),
    ),
    (r"argument (?P<arg>\S+): expected one argument", N_("{arg} cần một giá trị đi kèm")),
    (
        r"argument (?P<arg>\S+): expected at least one argument",
        N_("{arg} cần ít nhất một giá trị đi kèm"),
    ),
    (
        r"argument (?P<arg>\S+): not allowed with argument (?P<other>\S+)",
        N_("{arg} không dùng cùng lúc với {other}"),
    ),
    (
        r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)",
        N_("{option} chưa rõ là tùy chọn nào trong: {matches}"),
    ),
    # Last: a message of our own (a `type=` function's ArgumentTypeError) behind the name.
    (r"argument (?P<arg>\S+): (?P<message>.+)", N_("{arg}: {message}")),
]
_PATTERNS = [(re.compile(f"^{pattern}$", re.S), text) for pattern, text in _KNOWN]


def translated(message: str) -> str:
    """argparse's `message` in the program's language (unchanged if its shape is unknown)."""
    for pattern, text in _PATTERNS:
        found = pattern.match(message)
        if found:
            return _(text).format(**found.groupdict())
    return message
