#!/usr/bin/env python3
"""Black-box tests of the `sse` command-line contract (meson suite `cli`).

Usage: test_cli.py PATH_TO_SSE [EXPECTED_VERSION]

Every test runs the real binary and checks what a script would see: stdout, stderr
and the exit status. Rule numbers refer to docs/protocol.md.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import vectors

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "samples" / "demo.sse"
GOLDEN = HERE / "demo.expected.jsonl"
VECTORS = HERE.parent.parent / "tests" / "data" / "vectors.txt"

SSE = None               # set from argv in main
EXPECTED_VERSION = None  # optional second argument


def run(*args, stdin=b""):
    """Run `sse ARGS...` and return the CompletedProcess (bytes in, bytes out)."""
    return subprocess.run([SSE, *args], input=stdin, capture_output=True, timeout=60)


def parse_stdin(data, *args):
    """`sse parse [ARGS]` with DATA on standard input; the run must succeed."""
    proc = run("parse", *args, stdin=data)
    if proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    return proc


def json_lines(stdout):
    """Decode JSON Lines output; every line must be one complete JSON object."""
    text = stdout.decode("utf-8")  # also fails the test if the output is not UTF-8
    assert text.endswith("\n"), "output must end with a newline"
    # Split at LF only: str.splitlines() would also split at U+2028, U+0085 etc.,
    # which the output rightly carries raw inside strings.
    return [json.loads(line) for line in text.split("\n")[:-1]]


class SampleStream(unittest.TestCase):
    def test_json_output_of_the_sample_matches_the_golden_file_exactly(self):
        proc = run("parse", str(SAMPLE))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, GOLDEN.read_bytes())
        self.assertEqual(proc.stderr, b"")

    def test_json_is_the_default_format(self):
        self.assertEqual(run("parse", str(SAMPLE)).stdout,
                         run("parse", str(SAMPLE), "--format", "json").stdout)

    def test_chunk_sizes_1_7_and_65536_give_identical_output(self):  # P10
        outputs = {n: run("parse", str(SAMPLE), "--chunk-size", str(n), "--comments").stdout
                   for n in (1, 7, 65536)}
        self.assertEqual(outputs[1], outputs[65536])
        self.assertEqual(outputs[7], outputs[65536])

    def test_chunking_does_not_split_crlf_bom_or_characters(self):  # P3 P4 P6
        # A BOM, CRLF terminators and 2-, 3- and 4-byte characters: every chunk size
        # from 1 to 9 cuts some of them apart, and the result must not change.
        stream = "\ufeffid: é1\r\ndata: ✔ 🚀 Zoë\r\n\r\ndata: 2\r\r".encode()
        expected = [
            {"type": "message", "data": "✔ 🚀 Zoë", "id": "é1"},
            {"type": "message", "data": "2", "id": "é1"},
            {"last_event_id": "é1"},
        ]
        for n in range(1, 10):
            with self.subTest(chunk_size=n):
                proc = parse_stdin(stream, "--chunk-size", str(n))
                self.assertEqual(json_lines(proc.stdout), expected)

    def test_standard_input_is_read_when_no_file_is_given(self):
        proc = parse_stdin(SAMPLE.read_bytes())
        self.assertEqual(proc.stdout, GOLDEN.read_bytes())

    def test_dash_means_standard_input(self):
        proc = parse_stdin(SAMPLE.read_bytes(), "-")
        self.assertEqual(proc.stdout, GOLDEN.read_bytes())


class JsonStrings(unittest.TestCase):
    def only_event(self, stream, *args):
        lines = json_lines(parse_stdin(stream, *args).stdout)
        events = [line for line in lines if "data" in line]
        self.assertEqual(len(events), 1, lines)
        return events[0]

    def test_quote_backslash_and_control_characters_are_escaped(self):  # P29
        proc = parse_stdin(b'data: a"b\\c\x00d\x01e\x1ff\te\x7fz\ndata: two\n\n')
        first = proc.stdout.split(b"\n")[0]
        self.assertEqual(
            first,
            b'{"type":"message","data":"a\\"b\\\\c\\u0000d\\u0001e\\u001ff\\u0009e\x7fz'
            b'\\u000atwo","id":""}')

    def test_control_characters_use_lowercase_hex(self):
        proc = parse_stdin(b"data: \x1b[1m\x0b\n\n")
        self.assertIn(b'"\\u001b[1m\\u000b"', proc.stdout)

    def test_non_ascii_is_written_as_raw_utf8(self):
        proc = parse_stdin("event: ümlaut\ndata: 東京 🚀 \u2028\n\n".encode())
        self.assertIn("ümlaut".encode(), proc.stdout)
        self.assertIn("東京 🚀 \u2028".encode(), proc.stdout)
        self.assertNotIn(b"\\u", proc.stdout)

    def test_invalid_utf8_becomes_replacement_characters(self):  # P2
        cases = {
            b"\xc0\x80": "\ufffd\ufffd",              # overlong: two
            b"\xed\xa0\x80": "\ufffd" * 3,            # surrogate: three
            b"\xf4\x90\x80\x80": "\ufffd" * 4,        # above U+10FFFF: four
            b"\xe2\x82": "\ufffd",                    # truncated before LF: one
            b"a\xffb": "a\ufffdb",
        }
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                event = self.only_event(b"data: " + raw + b"\n\n")
                self.assertEqual(event["data"], expected)

    def test_invalid_utf8_in_type_and_id_becomes_replacement_characters(self):  # P2
        event = self.only_event(b"event: t\xfe\nid: i\x80\ndata\n\n")
        self.assertEqual(event, {"type": "t\ufffd", "data": "", "id": "i\ufffd"})

    def test_nul_in_an_id_field_is_ignored_by_the_parser(self):  # P18
        event = self.only_event(b"id: ok\n\nid: a\x00b\ndata: x\n\n")
        self.assertEqual(event["id"], "ok")


class Records(unittest.TestCase):
    def test_every_record_kind_in_stream_order(self):  # P12 P19 P21 P24
        stream = b": hello\nretry: 250\nid: 7\nevent: tick\ndata: x\n\n: bye\n"
        lines = json_lines(parse_stdin(stream, "--comments").stdout)
        self.assertEqual(lines, [
            {"comment": "hello"},
            {"retry": 250},
            {"type": "tick", "data": "x", "id": "7"},
            {"comment": "bye"},
            {"last_event_id": "7"},
        ])

    def test_comments_are_hidden_without_the_flag(self):
        lines = json_lines(parse_stdin(b": hidden\ndata: x\n\n").stdout)
        self.assertEqual(lines, [{"type": "message", "data": "x", "id": ""},
                                 {"last_event_id": ""}])

    def test_comment_loses_exactly_one_leading_space(self):  # P12 as the C API reports it
        lines = json_lines(parse_stdin(b":  two spaces\n:none\n", "--comments").stdout)
        self.assertEqual(lines[:2], [{"comment": " two spaces"}, {"comment": "none"}])

    def test_huge_retry_is_clamped_to_uint64_max(self):  # P19 note (b)
        lines = json_lines(parse_stdin(b"retry: 99999999999999999999999\n").stdout)
        self.assertEqual(lines[0], {"retry": 2**64 - 1})

    def test_last_event_id_seed_appears_in_events_without_an_id(self):  # M11
        stream = b"data: a\n\nid: 9\ndata: b\n\ndata: c\n\n"
        lines = json_lines(parse_stdin(stream, "--last-event-id", "resume-41").stdout)
        self.assertEqual([line.get("id") for line in lines[:3]], ["resume-41", "9", "9"])
        self.assertEqual(lines[3], {"last_event_id": "9"})

    def test_last_event_id_seed_is_reported_at_the_end_when_untouched(self):
        lines = json_lines(parse_stdin(b"", "--last-event-id=é").stdout)
        self.assertEqual(lines, [{"last_event_id": "é"}])

    def test_unterminated_last_event_is_dropped_and_its_id_ignored(self):  # P27
        lines = json_lines(parse_stdin(b"id: 1\ndata: a\n\nid: 2\ndata: b\n").stdout)
        self.assertEqual(lines, [{"type": "message", "data": "a", "id": "1"},
                                 {"last_event_id": "1"}])

    def test_oversized_event_is_reported_in_stream_and_parsing_goes_on(self):
        stream = b"data: small\n\ndata: " + b"x" * 200 + b"\n\ndata: after\n\n"
        proc = parse_stdin(stream, "--max-event-bytes", "64")
        lines = json_lines(proc.stdout)
        self.assertEqual(lines[0], {"type": "message", "data": "small", "id": ""})
        self.assertEqual(lines[1]["error"], "ELIMIT")
        self.assertIsInstance(lines[1]["message"], str)
        self.assertTrue(lines[1]["message"])
        self.assertEqual(lines[2], {"type": "message", "data": "after", "id": ""})
        self.assertEqual(lines[3], {"last_event_id": ""})
        self.assertEqual(proc.stderr, b"")

    def test_oversized_event_goes_to_stderr_in_count_format(self):
        stream = b"data: " + b"x" * 200 + b"\n\ndata: ok\n\n"
        proc = parse_stdin(stream, "--max-event-bytes", "64", "--format", "count")
        self.assertEqual(proc.stdout, b"events=1\n")
        self.assertRegex(proc.stderr.decode(), r"^sse: skipped event: .+\n$")


class OtherFormats(unittest.TestCase):
    def test_count_prints_only_the_number_of_events(self):
        proc = run("parse", str(SAMPLE), "--format", "count", "--comments")
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, b"events=5\n", b""))

    def test_count_of_an_empty_stream_is_zero(self):
        self.assertEqual(parse_stdin(b"", "--format", "count").stdout, b"events=0\n")

    def test_text_shows_blocks_with_indented_data_lines(self):
        stream = b"retry: 5\n: note\nid: 4\nevent: up\ndata: one\ndata:\ndata: \x1b!\n\ndata: x\n\n"
        proc = parse_stdin(stream, "--format", "text", "--comments")
        self.assertEqual(proc.stdout.decode(), (
            "retry: 5 ms\n\n"
            "comment: note\n\n"
            "event: up\nid: 4\n  one\n  \n  \\u001b!\n\n"
            "event: message\nid: 4\n  x\n\n"
            "end of stream: 2 events, last event id: 4\n"))

    def test_text_omits_an_empty_id(self):
        proc = parse_stdin(b"data: x\n\n", "--format", "text")
        self.assertEqual(proc.stdout.decode(),
                         "event: message\n  x\n\nend of stream: 1 event, no last event id\n")


class SharedVectors(unittest.TestCase):
    """Every case of tests/data/vectors.txt through the CLI, whole and byte by byte:
    the JSON lines must be exactly the case's records, then its last_id."""

    @staticmethod
    def text(raw):
        return raw.decode("utf-8", "replace")  # U+FFFD per maximal subpart, as P2

    def expected(self, case):
        lines = []
        for kind, *values in case.records:
            if kind == "event":
                lines.append(dict(zip(("type", "data", "id"), map(self.text, values))))
            elif kind == "comment":
                lines.append({"comment": self.text(values[0])})
            elif kind == "retry":
                lines.append({"retry": values[0]})
            else:
                lines.append({"error": values[0]})
        if case.last_id is not None:
            lines.append({"last_event_id": self.text(case.last_id)})
        return lines

    def actual(self, case, chunk_size):
        args = ["--comments", "--chunk-size", str(chunk_size)]
        if case.seed is not None:
            args += [b"--last-event-id", case.seed]
        if case.max_event_bytes is not None:
            args += ["--max-event-bytes", str(case.max_event_bytes)]
        lines = json_lines(parse_stdin(case.input, *args).stdout)
        for line in lines:
            if "error" in line:  # the message is free text: present, but not compared
                self.assertTrue(line.pop("message"))
        if case.last_id is None:
            lines.pop()
        return lines

    def test_every_shared_vector_whole_and_one_byte_at_a_time(self):
        cases = vectors.load(VECTORS)
        self.assertGreater(len(cases), 0)
        for case in cases:
            for chunk_size in (65536, 1):
                with self.subTest(case=case.name, chunk_size=chunk_size):
                    self.assertEqual(self.actual(case, chunk_size), self.expected(case))


class UsageErrors(unittest.TestCase):
    def assert_usage_error(self, *args, mentions):
        proc = run(*args)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(proc.stdout, b"")
        lines = proc.stderr.decode().splitlines()
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(lines[0].startswith("sse: "), lines)
        self.assertIn(mentions, lines[0])
        self.assertIn("sse --help", lines[1])

    def test_missing_subcommand(self):
        self.assert_usage_error(mentions="missing command")

    def test_unknown_subcommand(self):
        self.assert_usage_error("frobnicate", mentions="frobnicate")

    def test_unknown_flag(self):
        self.assert_usage_error("parse", str(SAMPLE), "--colour", mentions="--colour")

    def test_unknown_short_flag(self):
        self.assert_usage_error("parse", "-x", mentions="-x")

    def test_bad_format(self):
        self.assert_usage_error("parse", "--format", "xml", mentions="xml")

    def test_chunk_size_zero(self):
        self.assert_usage_error("parse", "--chunk-size", "0", mentions="'0'")

    def test_chunk_size_not_numeric(self):
        for bad in ("abc", "12k", "-5", "+5", " 5", "1.5", ""):
            with self.subTest(value=bad):
                self.assert_usage_error("parse", "--chunk-size", bad, mentions="chunk size")

    def test_chunk_size_overflowing(self):
        self.assert_usage_error("parse", "--chunk-size=99999999999999999999999",
                                mentions="chunk size")

    def test_max_event_bytes_zero(self):
        self.assert_usage_error("parse", "--max-event-bytes", "0", mentions="max event bytes")

    def test_option_missing_its_value(self):
        self.assert_usage_error("parse", "--format", mentions="needs a value")

    def test_flag_given_a_value(self):
        self.assert_usage_error("parse", "--comments=yes", mentions="--comments")

    def test_two_input_files(self):
        self.assert_usage_error("parse", "a.sse", "b.sse", mentions="b.sse")

    def test_nothing_is_read_after_a_usage_error(self):
        proc = run("parse", "--bogus", stdin=b"data: x\n\n")
        self.assertEqual((proc.returncode, proc.stdout), (2, b""))


class InputOutputErrors(unittest.TestCase):
    def test_missing_file_exits_1_naming_the_file_and_the_reason(self):
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "nope.sse")
            proc = run("parse", missing)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, b"")
        self.assertEqual(proc.stderr.decode(),
                         f"sse: cannot open '{missing}': No such file or directory\n")

    def test_directory_exits_1(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = run("parse", tmp)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(tmp, proc.stderr.decode())
        self.assertIn("Is a directory", proc.stderr.decode())

    def test_failed_write_exits_1(self):  # /dev/full: every write fails with ENOSPC
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([SSE, "parse", str(SAMPLE)], stdout=full,
                                  stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"cannot write output", proc.stderr)

    def test_double_dash_ends_the_options(self):
        # After "--" a name starting with '-' is a file, not an option.
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "-odd.sse"
            path.write_bytes(b"data: dash\n\n")
            proc = subprocess.run([SSE, "parse", "--format", "count", "--", "-odd.sse"],
                                  cwd=tmp, capture_output=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stdout), (0, b"events=1\n"), proc.stderr)


class HelpAndVersion(unittest.TestCase):
    def test_help_goes_to_stdout_and_exits_0(self):
        for args in (["--help"], ["-h"], ["parse", "--help"]):
            with self.subTest(args=args):
                proc = run(*args)
                self.assertEqual(proc.returncode, 0)
                self.assertEqual(proc.stderr, b"")
                text = proc.stdout.decode()
                self.assertIn("sse parse [FILE]", text)
                for option in ("--format", "--chunk-size", "--last-event-id",
                               "--max-event-bytes", "--comments"):
                    self.assertIn(option, text)

    def test_help_wins_over_the_input(self):
        proc = run("parse", "/nonexistent/file", "--help")
        self.assertEqual(proc.returncode, 0)

    def test_version(self):
        proc = run("--version")
        self.assertEqual(proc.returncode, 0)
        self.assertRegex(proc.stdout.decode(), r"^sse \(libsse\) \d+\.\d+\.\d+\n$")
        if EXPECTED_VERSION:
            self.assertEqual(proc.stdout.decode(), f"sse (libsse) {EXPECTED_VERSION}\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    SSE = os.path.abspath(sys.argv[1])
    EXPECTED_VERSION = sys.argv[2] if len(sys.argv) > 2 else None
    unittest.main(argv=[sys.argv[0], "-v"])
