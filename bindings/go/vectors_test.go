package sse

// The shared parser vectors (tests/data/vectors.txt, format in tests/data/README.md),
// run the way every language suite runs them: each case whole and one byte at a
// time, comparing the exact callback sequence and the last event ID after Finish.

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type vectorCase struct {
	name          string
	line          int
	rules         []string
	maxEventBytes int
	seed          *string
	input         string
	want          []item
	lastID        *string
}

// unescapeToken decodes one token of the vectors format.
func unescapeToken(tok string) (string, error) {
	if tok == `\e` {
		return "", nil
	}
	var b strings.Builder
	for i := 0; i < len(tok); i++ {
		if tok[i] != '\\' {
			b.WriteByte(tok[i])
			continue
		}
		if i+1 >= len(tok) {
			return "", fmt.Errorf("token %q ends in a lone backslash", tok)
		}
		i++
		switch tok[i] {
		case '\\':
			b.WriteByte('\\')
		case 's':
			b.WriteByte(' ')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '0':
			b.WriteByte(0)
		case 'x':
			if i+2 >= len(tok) {
				return "", fmt.Errorf("token %q: \\x needs two hex digits", tok)
			}
			v, err := strconv.ParseUint(tok[i+1:i+3], 16, 8)
			if err != nil {
				return "", fmt.Errorf("token %q: bad \\x escape", tok)
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			return "", fmt.Errorf("token %q: unknown escape \\%c", tok, tok[i])
		}
	}
	return b.String(), nil
}

// parseVectors reads the whole file; any deviation from the format is an error, so
// a format change cannot silently skip cases.
func parseVectors(path string) ([]vectorCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []vectorCase
	var cur *vectorCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for lineNo := 1; sc.Scan(); lineNo++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words := strings.Split(line, " ")
		key, args := words[0], words[1:]
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", path, lineNo, fmt.Sprintf(format, a...))
		}
		toks := make([]string, len(args))
		for i, a := range args {
			if key == "case" || key == "rules" || key == "option" || key == "retry" || key == "error" {
				toks[i] = a
				continue
			}
			if toks[i], err = unescapeToken(a); err != nil {
				return nil, fail("%v", err)
			}
		}
		want := func(n int) error {
			if len(toks) != n {
				return fail("%s takes %d word(s), got %d", key, n, len(toks))
			}
			return nil
		}
		if key == "case" {
			if cur != nil {
				return nil, fail("case %s starts before case %s ended", args, cur.name)
			}
			if err := want(1); err != nil {
				return nil, err
			}
			cur = &vectorCase{name: toks[0], line: lineNo}
			continue
		}
		if cur == nil {
			return nil, fail("%q outside a case", key)
		}
		switch key {
		case "rules":
			if len(toks) == 0 {
				return nil, fail("rules needs at least one rule")
			}
			cur.rules = toks
		case "option":
			if err := want(2); err != nil {
				return nil, err
			}
			if toks[0] != "max_event_bytes" {
				return nil, fail("unknown option %q", toks[0])
			}
			n, err := strconv.Atoi(toks[1])
			if err != nil || n <= 0 {
				return nil, fail("bad max_event_bytes %q", toks[1])
			}
			cur.maxEventBytes = n
		case "seed":
			if err := want(1); err != nil {
				return nil, err
			}
			cur.seed = &toks[0]
		case "input":
			if err := want(1); err != nil {
				return nil, err
			}
			cur.input += toks[0]
		case "event":
			if err := want(3); err != nil {
				return nil, err
			}
			cur.want = append(cur.want, item{kind: "event", a: toks[0], b: toks[1], c: toks[2]})
		case "comment":
			if err := want(1); err != nil {
				return nil, err
			}
			cur.want = append(cur.want, item{kind: "comment", a: toks[0]})
		case "retry":
			if err := want(1); err != nil {
				return nil, err
			}
			ms, err := strconv.ParseUint(toks[0], 10, 64)
			if err != nil {
				return nil, fail("bad retry value %q", toks[0])
			}
			// WithRetry reports a Duration, saturating where the C value is clamped.
			cur.want = append(cur.want, item{kind: "retry", a: retryDuration(ms).String()})
		case "error":
			if err := want(1); err != nil {
				return nil, err
			}
			if _, ok := codeByName(toks[0]); !ok {
				return nil, fail("unknown error code %q", toks[0])
			}
			cur.want = append(cur.want, item{kind: "error", a: toks[0]})
		case "last_id":
			if err := want(1); err != nil {
				return nil, err
			}
			cur.lastID = &toks[0]
		case "end":
			if err := want(0); err != nil {
				return nil, err
			}
			if len(cur.rules) == 0 {
				return nil, fail("case %s cites no rules", cur.name)
			}
			cases = append(cases, *cur)
			cur = nil
		default:
			return nil, fail("unknown keyword %q", key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if cur != nil {
		return nil, fmt.Errorf("%s: case %s has no end", path, cur.name)
	}
	return cases, nil
}

// vectorsPath finds the vectors: $SSE_VECTORS (set by meson test), else
// tests/data/vectors.txt in a parent directory (a build dir inside the source tree).
func vectorsPath(t *testing.T) string {
	if p := os.Getenv("SSE_VECTORS"); p != "" {
		return p
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "tests", "data", "vectors.txt")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("vectors.txt not found: set SSE_VECTORS to tests/data/vectors.txt")
		}
		dir = parent
	}
}

// runVector feeds the input in chunks of the given size (0 = whole) and returns the
// recorded callbacks and the last event ID after Finish.
func runVector(t *testing.T, c vectorCase, chunk int) ([]item, string) {
	var opts []Option
	if c.maxEventBytes > 0 {
		opts = append(opts, WithMaxEventBytes(c.maxEventBytes))
	}
	if c.seed != nil {
		opts = append(opts, WithLastEventID(*c.seed))
	}
	var r recorder
	p := newRecordingParser(t, &r, opts...)
	in := c.input
	if chunk == 0 {
		chunk = len(in)
	}
	for len(in) > 0 {
		n := min(chunk, len(in))
		mustWrite(t, p, in[:n])
		in = in[n:]
	}
	if err := p.Finish(); err != nil {
		t.Fatalf("Finish: %v", err)
	}
	return r.items, p.LastEventID()
}

func TestSharedVectors(t *testing.T) {
	path := vectorsPath(t)
	cases, err := parseVectors(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s holds no cases", path)
	}
	t.Logf("%d cases from %s", len(cases), path)
	for _, c := range cases {
		for _, mode := range []struct {
			name  string
			chunk int
		}{{"whole", 0}, {"bytewise", 1}, {"chunk7", 7}, {"chunk64", 64}} {
			t.Run(c.name+"/"+mode.name, func(t *testing.T) {
				got, lastID := runVector(t, c, mode.chunk)
				if d := diffItems(got, c.want); d != "" {
					t.Errorf("case %s (line %d, rules %v): callbacks differ:%s",
						c.name, c.line, c.rules, d)
				}
				if c.lastID != nil && lastID != *c.lastID {
					t.Errorf("case %s (rules %v): last id after finish = %q, want %q",
						c.name, c.rules, lastID, *c.lastID)
				}
			})
		}
	}
}

func TestUnescapeToken(t *testing.T) {
	for tok, want := range map[string]string{
		`\e`:           "",
		`a\sb`:         "a b",
		`\\\n\r\t\0`:   "\\\n\r\t\x00",
		`\xEF\xbb\xBF`: "\xef\xbb\xbf",
		`é`:            "é",
	} {
		got, err := unescapeToken(tok)
		if err != nil || got != want {
			t.Errorf("unescapeToken(%q) = %q, %v; want %q", tok, got, err, want)
		}
	}
	for _, bad := range []string{`\`, `\q`, `\x4`, `\xZZ`} {
		if _, err := unescapeToken(bad); err == nil {
			t.Errorf("unescapeToken(%q) accepted a bad escape", bad)
		}
	}
}
