package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// page is one vector in one mode, as the browser loads it.
type page struct {
	vector int
	mode   string
	html   string // the body content under test
}

// outcome is what the browser reported for a page.
type outcome struct {
	Hits   []string `json:"-"`     // executions and requests to __xss paths
	Done   bool     `json:"-"`     // the page posted its checks
	End    bool     `json:"end"`   // the script after the content ran
	Flags  []string `json:"flags"` // dangerous DOM found by the page's checks
	Clicks int      `json:"clicks"`
}

// harness serves batch pages of vector pages and records what they report.
type harness struct {
	pages      []page
	embedHosts []string

	mu        sync.Mutex
	out       map[int]*outcome // by page index
	stray     []string         // findings no page could be blamed for
	lastEvent time.Time
}

func newHarness(pages []page, embedHosts []string) *harness {
	h := &harness{pages: pages, embedHosts: embedHosts, out: map[int]*outcome{}, lastEvent: time.Now()}
	for i := range pages {
		h.out[i] = &outcome{}
	}
	return h
}

func (h *harness) record(i int, f func(*outcome)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lastEvent = time.Now()
	if o, ok := h.out[i]; ok {
		f(o)
	}
}

func (h *harness) strayFinding(s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lastEvent = time.Now()
	h.stray = append(h.stray, s)
}

// pageIndex reads the page index from a path /p/<index>/...
func pageIndex(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, "/p/")
	if !ok {
		return 0, false
	}
	n, _, _ := strings.Cut(rest, "/")
	i, err := strconv.Atoi(n)
	return i, err == nil
}

func (h *harness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case path == "/batch":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, h.batchPage())
	case strings.HasPrefix(path, "/hit/"):
		how := r.URL.Query().Get("how")
		if i, err := strconv.Atoi(strings.TrimPrefix(path, "/hit/")); err == nil {
			h.record(i, func(o *outcome) { o.Hits = append(o.Hits, how) })
		} else {
			h.strayFinding("top page: " + how)
		}
	case strings.HasPrefix(path, "/result/"):
		i, err := strconv.Atoi(strings.TrimPrefix(path, "/result/"))
		var res outcome
		if err == nil && json.NewDecoder(r.Body).Decode(&res) == nil {
			h.record(i, func(o *outcome) { o.Done, o.End, o.Flags, o.Clicks = true, res.End, res.Flags, res.Clicks })
		}
	case strings.Contains(path, "__req"):
		if i, ok := pageIndex(path); ok {
			h.record(i, func(o *outcome) { o.Hits = append(o.Hits, "request "+path) })
		} else {
			h.strayFinding("request " + path + " from " + r.Referer())
		}
		http.NotFound(w, r)
	case strings.HasSuffix(path, "/") && strings.HasPrefix(path, "/p/"):
		i, ok := pageIndex(path)
		if !ok || i < 0 || i >= len(h.pages) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, h.vectorPage(i))
	default:
		http.NotFound(w, r)
	}
}

// batchPage holds one iframe per page. It attributes "xss" messages posted
// to it to the frame they came from.
func (h *harness) batchPage() string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>batch</title><script>
function __report(how){ fetch('/hit/top?how=' + encodeURIComponent(how)); }
window.__xss = function(){ __report('marker on the batch page'); };
window.alert = window.confirm = window.prompt = function(){ __report('dialog on the batch page'); };
addEventListener('message', function(e){
  if (e.data !== 'xss') return;
  var frames = document.getElementsByTagName('iframe');
  for (var w = e.source; w && w !== window; w = w.parent) {
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === w) { fetch('/hit/' + frames[i].dataset.page + '?how=message'); return; }
    }
    if (w.parent === w) break;
  }
  __report('message from an unknown frame');
});
</script><style>iframe{width:240px;height:80px;border:1px solid #ccc}</style></head><body>
`)
	for i := range h.pages {
		fmt.Fprintf(&b, "<iframe data-page=\"%d\" src=\"/p/%d/\"></iframe>\n", i, i)
	}
	b.WriteString("</body></html>")
	return b.String()
}

// vectorPage is the page of one vector: the marker functions, the content
// under test, a script after it that shows the content did not swallow the
// rest of the page, and, after load, the DOM checks.
func (h *harness) vectorPage(i int) string {
	hosts, _ := json.Marshal(h.embedHosts)
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html><head><meta charset="utf-8" data-h><title data-h>page %d</title><script data-h>
(function(){
  var id = %d, hosts = %s;
  function hit(how){ try { fetch('/hit/' + id + '?how=' + encodeURIComponent(how)); } catch (e) {} }
  window.__xss = function(){ hit('marker'); };
  window.alert = window.confirm = window.prompt = function(){ hit('dialog'); };
  addEventListener('message', function(e){ if (e.data === 'xss') hit('message'); });
  var xhtml = 'http://www.w3.org/1999/xhtml';
  var badElements = ['script','style','template','object','embed','applet','form','input','button','select',
    'option','optgroup','textarea','datalist','output','meta','link','base','frame','frameset','noscript',
    'noembed','noframes','svg','math','canvas','dialog','marquee','xmp','plaintext','listing','title','isindex','keygen'];
  var badAttrs = ['style','srcdoc','formaction','action','xlink:href','background','dynsrc','lowsrc','autofocus','tabindex'];
  var urlAttrs = ['href','src','action','formaction','poster','cite','data','xlink:href','background','codebase','ping'];
  function scheme(v){ try { return new URL(v, document.baseURI).protocol; } catch (e) { return 'invalid:'; } }
  function check(){
    var flags = [], clicks = 0;
    var els = document.getElementsByTagName('*');
    for (var k = 0; k < els.length; k++) {
      var el = els[k];
      if (el.hasAttribute('data-h') || el.id === '__vector') continue;
      var name = el.localName;
      if (name === 'html' || name === 'head' || name === 'body') {
        if (el.attributes.length) flags.push('attributes on <' + name + '>');
        continue;
      }
      if (el.namespaceURI !== xhtml) flags.push('foreign element <' + name + '>');
      else if (badElements.indexOf(name) >= 0) flags.push('element <' + name + '>');
      for (var a = 0; a < el.attributes.length; a++) {
        var at = el.attributes[a], an = at.name.toLowerCase();
        if (an.indexOf('on') === 0) {
          flags.push('event handler ' + an + ' on <' + name + '>');
          // Fire it, as a user or the page would, whatever the element.
          try { el.dispatchEvent(new Event(an.slice(2))); } catch (e) {}
        }
        if (badAttrs.indexOf(an) >= 0) flags.push('attribute ' + an + ' on <' + name + '>');
        var urls = [];
        if (urlAttrs.indexOf(an) >= 0) urls.push(at.value);
        if (an === 'srcset') at.value.split(',').forEach(function(c){ c = c.trim().split(/\s+/)[0]; if (c) urls.push(c); });
        urls.forEach(function(u){
          var s = scheme(u);
          if (s !== 'http:' && s !== 'https:' && !(s === 'mailto:' && an === 'href')) flags.push('URL ' + an + ' with scheme ' + s + ' on <' + name + '>');
          if (s === 'javascript:' && (an === 'href' || an === 'xlink:href')) {
            clicks++;
            try {
              if (typeof el.click === 'function') el.click();
              else el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
            } catch (e) {}
          }
        });
      }
      if (name === 'iframe') {
        var host = '';
        try { host = new URL(el.getAttribute('src') || 'about:blank', document.baseURI).hostname; } catch (e) {}
        var ok = hosts.some(function(h){ return host === h || (h[0] === '.' && host.endsWith(h)); });
        if (!ok) flags.push('iframe from host ' + JSON.stringify(host));
        var sb = el.getAttribute('sandbox');
        if (sb === null) flags.push('iframe without sandbox');
        else if (/allow-top-navigation|allow-forms|allow-modals/.test(sb)) flags.push('iframe sandbox ' + sb);
      }
    }
    setTimeout(function(){
      fetch('/result/' + id, {method: 'POST', body: JSON.stringify({end: !!window.__end, flags: flags, clicks: clicks})});
    }, 400);
  }
  addEventListener('load', function(){ setTimeout(check, 300); });
})();
</script></head><body><div id="__vector">
`, i, i, hosts)
	b.WriteString(h.pages[i].html)
	b.WriteString("\n</div><script data-h>window.__end = true;</script></body></html>\n")
	return b.String()
}

// findChromium returns the browser to run, or "".
func findChromium() string {
	if p := os.Getenv("ARTICLE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// results are the outcomes of a set of pages, by page index, over every
// attempt.
type results struct {
	out   map[int]*outcome
	stray []string
}

// runAll runs the pages, then runs again, in a fresh browser, the pages
// that did not report, up to retries times: on a loaded machine a batch of
// hundreds of frames can starve a page of the time it needs. The hits and
// flags of every attempt are kept, so a finding is never retried away; a
// page that never reports stays a finding.
func runAll(t *testing.T, chromium string, pages []page, embedHosts []string, retries int) results {
	t.Helper()
	r := results{out: map[int]*outcome{}}
	todo := make([]int, len(pages))
	for i := range todo {
		todo[i] = i
	}
	for attempt := 0; attempt <= retries && len(todo) > 0; attempt++ {
		sub := make([]page, len(todo))
		for k, i := range todo {
			sub[k] = pages[i]
		}
		h := newHarness(sub, embedHosts)
		h.run(t, chromium, 5*time.Second, 120*time.Second)
		var missing []int
		for k, i := range todo {
			o := h.out[k]
			if prev := r.out[i]; prev != nil {
				o.Hits = append(prev.Hits, o.Hits...)
				o.Flags = append(prev.Flags, o.Flags...)
			}
			r.out[i] = o
			if !o.Done {
				missing = append(missing, i)
			}
		}
		r.stray = append(r.stray, h.stray...)
		if len(missing) > 0 && attempt < retries {
			t.Logf("%d of %d pages did not report; running them again in a new browser", len(missing), len(todo))
		}
		todo = missing
	}
	return r
}

// run loads the batch page in headless Chromium and waits until every page
// has reported, or nothing has happened for quiet, or timeout.
func (h *harness) run(t *testing.T, chromium string, quiet, timeout time.Duration) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), timeout+10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--mute-audio", "--no-default-browser-check",
		"--disable-renderer-backgrounding", "--disable-background-timer-throttling",
		"--disable-backgrounding-occluded-windows", "--window-size=1600,4000",
		"--user-data-dir="+t.TempDir(),
		srv.URL+"/batch")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}()

	start := time.Now()
	h.mu.Lock()
	h.lastEvent = start
	h.mu.Unlock()
	for {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("chromium exited early (%v):\n%s", err, lastLines(stderr.String(), 20))
		case <-time.After(100 * time.Millisecond):
		}
		h.mu.Lock()
		done := 0
		for _, o := range h.out {
			if o.Done {
				done++
			}
		}
		idle := time.Since(h.lastEvent)
		h.mu.Unlock()
		elapsed := time.Since(start)
		if done == len(h.pages) && idle > time.Second || elapsed > 30*time.Second && idle > quiet || elapsed > timeout {
			t.Logf("%d of %d pages reported in %v", done, len(h.pages), elapsed.Round(100*time.Millisecond))
			return
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
