package browser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlekit/article"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const vectorFile = "../../testdata/xss/vectors.txt"

// TestBrowserVectors loads every vector in Chromium unsanitized, through
// Sanitize, and through Parse. The unsanitized vectors marked live must
// run their payload: they prove that the harness sees execution. No
// sanitized vector may run anything, request an __xss path, or leave
// dangerous DOM, and each must let the page finish.
func TestBrowserVectors(t *testing.T) {
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("ARTICLE_BROWSER_REQUIRED") != "" {
			t.Fatal("chromium not found, and ARTICLE_BROWSER_REQUIRED is set: install it (apt-get install chromium) or set ARTICLE_CHROMIUM")
		}
		t.Skip("chromium not found: install it (apt-get install chromium) or set ARTICLE_CHROMIUM; skipping the browser vectors")
	}
	vectors, err := LoadVectors(filepath.FromSlash(vectorFile))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(vectors), 60)

	var raw, clean []page
	for i, v := range vectors {
		raw = append(raw, page{vector: i, mode: "raw", html: v.HTML})
		clean = append(clean, page{vector: i, mode: "Sanitize", html: article.Sanitize(v.HTML)})
		a, err := article.ParseBytes([]byte(v.HTML))
		require.NoError(t, err, v.Name)
		clean = append(clean, page{vector: i, mode: "Parse", html: a.HTML()})
	}

	// The two runs are separate browsers, so that an unsanitized vector
	// cannot disturb the sanitized ones.
	var rawH, cleanH results
	done := make(chan struct{})
	go func() {
		defer close(done)
		rawH = runAll(t, chromium, raw, article.DefaultEmbedHosts, 0) // some unsanitized vectors never report, by design
	}()
	cleanH = runAll(t, chromium, clean, article.DefaultEmbedHosts, 2)
	<-done

	t.Run("positive controls", func(t *testing.T) {
		live, ran, flagged := 0, 0, 0
		var alsoRan []string
		for i, p := range raw {
			v := vectors[p.vector]
			o := rawH.out[i]
			if len(o.Hits) > 0 {
				ran++
				if !v.Live {
					alsoRan = append(alsoRan, v.Name)
				}
			}
			if len(o.Flags) > 0 {
				flagged++
			}
			if v.Live {
				live++
				assert.NotEmpty(t, o.Hits, "%s: marked live, but its payload did not run unsanitized: the harness cannot see it\n%s", v.Name, v.HTML)
			}
		}
		t.Logf("unsanitized: %d of %d vectors ran their payload (%d marked live), %d left dangerous DOM", ran, len(raw), live, flagged)
		if len(alsoRan) > 0 {
			t.Logf("ran unsanitized though not marked live: %s", strings.Join(alsoRan, ", "))
		}
	})

	for _, mode := range []string{"Sanitize", "Parse"} {
		t.Run(mode, func(t *testing.T) {
			findings := 0
			for i, p := range clean {
				if p.mode != mode {
					continue
				}
				v := vectors[p.vector]
				o := cleanH.out[i]
				ok := assert.Empty(t, o.Hits, "%s: the payload ran", v.Name) &&
					assert.Empty(t, o.Flags, "%s: dangerous DOM", v.Name) &&
					assert.True(t, o.Done, "%s: the page did not report its checks", v.Name) &&
					assert.True(t, o.End, "%s: the content swallowed the rest of the page", v.Name)
				if !ok {
					findings++
					t.Logf("%s\n  input:  %q\n  output: %q", v.Name, v.HTML, p.html)
				}
			}
			t.Logf("%s: %d vectors, %d with findings", mode, len(vectors), findings)
		})
	}
	assert.Empty(t, cleanH.stray, "findings on the batch page of the sanitized run")
	if len(rawH.stray) > 0 {
		t.Logf("unsanitized run, findings on the batch page: %v", rawH.stray)
	}
}
