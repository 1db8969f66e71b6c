package article

import (
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// yamlV2 decodes raw with the full decoder, as decodeFrontMatter falls
// back to.
func yamlV2(raw string) (map[string]any, error) {
	var m map[string]any
	_, err := frontmatter.Parse(strings.NewReader("---\n"+raw+"\n---\n"), &m)
	return m, err
}

// sameYAML compares two decoded front matters, with NaN equal to NaN and a
// nil map equal to an empty one.
func sameYAML(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !sameYAMLValue(v, w) {
			return false
		}
	}
	return true
}

func sameYAMLValue(v, w any) bool {
	if f, ok := v.(float64); ok && math.IsNaN(f) {
		g, ok := w.(float64)
		return ok && math.IsNaN(g)
	}
	return reflect.DeepEqual(v, w)
}

var flatYAMLCases = []string{
	"title: 'A title'\ncategories: \n - 新媒体\n - ZAKER\nheadimg: 'https://x/?http://y'\nauthor: ZAKER\ncomments: false\ndate: Fri, 25 Feb 2022 16:36:54 GMT\n",
	"date: 2021-03-29 00:26:58\n",
	"date: 2021-03-29\nupdated: 2021-03-29T00:26:58Z\nshort: 2021-3-9\n",
	"title: 'It''s ''quoted'''\n",
	"title: \"double quoted\"\n",
	"n: 42\nneg: -7\nhex: 0x1F\noct: 017\nocto: 0o17\nunder: 1_000\nbig: 18446744073709551615\nhuge: 99999999999999999999\n",
	"f: 1.5\ne: 1e3\ndot: .5\nnan: .nan\ninf: -.Inf\nplus: +.inf\nbad: 1.2.3\n",
	"b1: yes\nb2: No\nb3: on\nb4: OFF\nb5: y\nb6: True\nnull1: ~\nnull2: null\nempty:\n",
	"tags:\n- a\n- b\nother: x\n",
	"tags:\n  - 1\n  - yes\n  - 'q'\n  -\n",
	"# comment\ntitle: x # not a comment in plain? it is\n",
	"title: a#b\nurl: http://x.com/a?b=c#d\n",
	"title: It's fine\nq: say \"hi\"\n",
	"nested:\n  a: b\n",
	"flow: [a, b]\n",
	"block: |\n  text\n",
	"anchor: &a x\n",
	"multi: first\n  second\n",
	"title: 'unterminated\n",
	"dup: 1\ndup: 2\n",
	"key:value\n",
	"on: x\n",
	"t: -\n",
	"t: - x\n",
	"t: :x\n",
	"t: x:\n",
	"t: a: b\n",
	"t: '@x'\n",
	"t: @x\n",
	"t: 0b101\n",
	"t: -0b11\n",
	"t: 1:30\n",
	"t: 2021-03-29 00:26\n",
	"t: +1\n",
	"t: 00\n",
	"t: 1e\n",
	"t: \"esc \\\" aped\"\n",
	"t: '  spaced  '\n",
	"t:    trailing spaces   \n",
	"",
	"\n\n# only comments\n",
	"seq_after_value: x\n- y\n",
	"a: 1\n\n\nb: 2\n",
	"ünicode: key\n",
	"k-e_y9: v\n",
	"9key: v\n",
	"t: 'x' y\n",
	// Single-quoted scalars over several lines, as RSS generators write titles.
	"title: 'Video stills\n-\nLink https___youtu.be'\ncategories: \n - a\n",
	"title: 'one\n  two  \n\n three\n\n\nfour'\n",
	"author: 'By\n\t\t\tScott'\nlang: 'en'\n",
	"t: 'a  b\t c\n d'\n",
	"t: 'it''s\n''quoted'''\n",
	"t: 'x\nkey: value\n# not a comment'\n",
	"t: 'x\n---\ny'\n",
	"t: 'x\n...\ny'\n",
	"t: 'x\n---y'\n",
	"t: 'x\n ---\ny'\n",
	"t: 'unterminated\nstill\n",
	"t: 'x\ny' tail\n",
	"t: 'x\ny'   \nn: 1\n",
	"t: 'x\ny'\n\tbad: tab\n",
	"t:\t'x'\n",
	"t: 'a\tb'\n",
	"t: '\n'\n",
	"t: '\n\n'\n",
	"t: ' \n x \n '\n",
	"t: 'x\n'\nu: 'y\n z'\n",
}

// TestFlatYAMLMatchesYAMLv2 holds the fast path to the full decoder: when it
// accepts a front matter, its result is yaml.v2's.
func TestFlatYAMLMatchesYAMLv2(t *testing.T) {
	accepted := 0
	for _, raw := range flatYAMLCases {
		got, ok := decodeFlatYAML(raw)
		if !ok {
			continue
		}
		accepted++
		want, err := yamlV2(raw)
		if !assert.NoError(t, err, "the fast path accepted what yaml.v2 rejects: %q", raw) {
			continue
		}
		assert.True(t, sameYAML(want, got), "decodeFlatYAML(%q):\n got %#v\n want %#v", raw, got, want)
	}
	assert.Greater(t, accepted, 20, "the fast path should accept the common cases")
}

// TestFlatYAMLCorpus checks the fast path on every corpus front matter, and
// that it handles nearly all of them.
func TestFlatYAMLCorpus(t *testing.T) {
	files := corpusFiles(t, "")
	fast := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		fm, _, _, _ := splitFrontMatter(string(src))
		if fm.format != fmYAML {
			continue
		}
		got, ok := decodeFlatYAML(fm.raw)
		if !ok {
			t.Logf("full decoder for %s", path)
			continue
		}
		fast++
		want, err := yamlV2(fm.raw)
		require.NoError(t, err, path)
		assert.True(t, sameYAML(want, got), "%s:\n got %#v\n want %#v", path, got, want)
	}
	t.Logf("fast path: %d of %d files", fast, len(files))
	assert.GreaterOrEqual(t, fast*100/len(files), 95)
}

func FuzzFlatYAML(f *testing.F) {
	for _, c := range flatYAMLCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if !utf8.ValidString(raw) {
			return // Parse's text is always valid UTF-8
		}
		got, ok := decodeFlatYAML(raw)
		if !ok {
			return
		}
		want, err := yamlV2(raw)
		if err != nil {
			t.Fatalf("decodeFlatYAML(%q) accepted what yaml.v2 rejects: %v", raw, err)
		}
		if !sameYAML(want, got) {
			t.Fatalf("decodeFlatYAML(%q):\n got %#v\n want %#v", raw, got, want)
		}
	})
}
