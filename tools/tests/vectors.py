"""Reader for the shared parser vectors (tests/data/vectors.txt, format in its README)."""
import re
from dataclasses import dataclass, field

_ESCAPES = {"\\": b"\\", "s": b" ", "n": b"\n", "r": b"\r", "t": b"\t", "0": b"\0"}


def decode_token(token):
    """A token of the vector format -> the bytes it stands for."""
    if token == "\\e":
        return b""
    out = bytearray()
    i = 0
    while i < len(token):
        ch = token[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
        elif token[i + 1] == "x":
            out.append(int(token[i + 2:i + 4], 16))
            i += 4
        else:
            out += _ESCAPES[token[i + 1]]
            i += 2
    return bytes(out)


@dataclass
class Case:
    name: str
    input: bytes = b""
    seed: bytes = None
    max_event_bytes: int = None
    records: list = field(default_factory=list)  # ("event", type, data, id) etc., bytes
    last_id: bytes = None


def load(path):
    cases = []
    case = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            keyword, *words = line.split(" ")
            if keyword == "case":
                case = Case(words[0])
            elif keyword == "end":
                cases.append(case)
                case = None
            elif keyword == "input":
                case.input += b"".join(decode_token(w) for w in words)
            elif keyword == "seed":
                case.seed = decode_token(words[0])
            elif keyword == "option" and words[0] == "max_event_bytes":
                case.max_event_bytes = int(words[1])
            elif keyword == "event":
                case.records.append(("event", *(decode_token(w) for w in words)))
            elif keyword == "comment":
                case.records.append(("comment", decode_token(words[0])))
            elif keyword == "retry":
                case.records.append(("retry", int(words[0])))
            elif keyword == "error":
                case.records.append(("error", words[0]))
            elif keyword == "last_id":
                case.last_id = decode_token(words[0])
            elif keyword != "rules":
                raise ValueError(f"{path}: unknown line {line!r}")
    if case is not None:
        raise ValueError(f"{path}: case {case.name} has no end")
    return cases
