"""Text every file we write can hold: the one cleaning of what users type.

Word and Excel files are XML, and XML 1.0 cannot hold most C0 control characters, lone
surrogates or U+FFFE/U+FFFF: one of them in an answer made every Word receipt, report, Excel
file and archive of its round fail. Forms clean what users send (app/forms.py), and every writer
cleans what it writes, since text stored before may still hold such characters.

Pure module: stdlib only.
"""
from __future__ import annotations

import dataclasses
import re

#: Word's manual line break (vertical tab) and a page break (form feed) were meant as new lines,
#: as were Windows and old Mac line ends
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c]")
#: What XML 1.0 cannot hold, once line breaks are "\n": the other C0 controls (tab and newline
#: stay), lone surrogates, and the non-characters U+FFFE and U+FFFF
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text):
    """`text` fit for XML, as the user meant it: \\x0b, \\x0c and \\r\\n become "\\n", the rest
    XML cannot hold is removed. Anything but a string (None, a date) is returned as it is."""
    if not isinstance(text, str):
        return text
    return _ILLEGAL.sub("", _LINE_BREAKS.sub("\n", text))


def xml_safe_all(value):
    """`value` with every string in it made xml_safe: through dataclasses, tuples, lists and dicts."""
    if isinstance(value, str):
        return xml_safe(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: xml_safe_all(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if type(value) in (list, tuple):
        return type(value)(xml_safe_all(item) for item in value)
    if isinstance(value, dict):
        return {xml_safe_all(key): xml_safe_all(item) for key, item in value.items()}
    return value


def one_line(text: str) -> str:
    """`text` made xml_safe, every run of white space (line breaks too) one space: for file names."""
    return " ".join(xml_safe(text or "").split())
