package article

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json files whose output changed")

// goldenOptions gives the options for a golden case, by name prefix.
func goldenOptions(name string) []Option {
	switch {
	case strings.HasPrefix(name, "tz-"):
		loc, _ := time.LoadLocation("Asia/Shanghai")
		return []Option{WithDefaultLocation(loc)}
	case strings.HasPrefix(name, "base-option-"):
		return []Option{WithBaseURL("https://blog.example.com/posts/")}
	case strings.HasPrefix(name, "body-markdown-"):
		return []Option{WithBodyFormat(BodyMarkdown)}
	case strings.HasPrefix(name, "body-html-"):
		return []Option{WithBodyFormat(BodyHTML)}
	case strings.HasPrefix(name, "dedupe-exact-"):
		return []Option{WithDedupe(DedupeExact)}
	case strings.HasPrefix(name, "dedupe-near-"):
		return []Option{WithDedupe(DedupeNear)}
	}
	return nil
}

// TestGolden parses each testdata/<case>.md and compares the article's JSON
// with testdata/<case>.golden.json. Run with -update to rewrite the golden
// files that differ, and read every changed file in the diff.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(inputs), 30, "golden cases")
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			require.NoError(t, err)
			a, err := ParseBytes(src, goldenOptions(name)...)
			require.NoError(t, err)
			got := goldenJSON(t, a)

			goldenPath := strings.TrimSuffix(in, ".md") + ".golden.json"
			want, err := os.ReadFile(goldenPath)
			if *update && (err != nil || !bytes.Equal(want, got)) {
				require.NoError(t, os.WriteFile(goldenPath, got, 0o644))
				t.Logf("updated %s", goldenPath)
				return
			}
			require.NoError(t, err, "missing golden file; run go test -run TestGolden -update")
			assert.Equal(t, string(want), string(got))

			// Every golden article also holds the invariants.
			checkArticle(t, a, src)
		})
	}
}

func goldenJSON(t *testing.T, a *Article) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(a))
	return buf.Bytes()
}
