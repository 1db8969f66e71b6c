package article

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An unwrapTest is one case: rule names the built-in rule that must make
// the first step, or "" when no rule applies and in comes back unchanged.
type unwrapTest struct {
	rule, in, want string
}

// Test helpers that build the encodings some proxies use.
func hexURL(s string) string { return hex.EncodeToString([]byte(s)) }
func b64URL(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
func b64Pad(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) }

var (
	sha1Digest   = strings.Repeat("a1", 20)
	sha256Digest = strings.Repeat("0f", 32)
	imgproxySig  = "oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8"
	thumborSig   = "bDv76lTvUdX6vORS96scx7P185c="
	minifluxMAC  = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)

// imageTests go through Unwrap. Each case's URL form follows the service's
// documentation.
var imageTests = []unwrapTest{
	// Bare-query CORS workers: the whole query is the origin's.
	{"cors-worker", "https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202202/6219728b8e9f091aa2110700_1024.jpg", "http://zkres2.myzaker.com/202202/6219728b8e9f091aa2110700_1024.jpg"},
	{"cors-worker", "https://cors.example.workers.dev/?https://a.example/img.php?id=7&size=large", "https://a.example/img.php?id=7&size=large"},
	{"cors-worker", "https://cors.example.workers.dev/?https%3A%2F%2Fa.example%2Fimg%3Fx%3D1%2B2", "https://a.example/img?x=1+2"},
	{"cors-worker", "https://x.workers.dev/?url=https://a.example/p.jpg?a=1&b=2", "https://a.example/p.jpg?a=1&b=2"},
	{"cors-worker", "https://x.workers.dev/?http://a.example/sprite.svg#icon", "http://a.example/sprite.svg#icon"},
	{"cors-worker", "HTTPS://CORS.ZFOUR.WORKERS.DEV/?http://a.example/x.jpg?a=1&amp;b=2", "http://a.example/x.jpg?a=1&b=2"},
	{"corsproxy-io", "https://corsproxy.io/?https://a.example/x.png", "https://a.example/x.png"},
	{"corsproxy-io", "https://corsproxy.io/?https%3A%2F%2Fa.example%2Fx.png%3Fv%3D2", "https://a.example/x.png?v=2"},
	{"corsproxy-io", "https://corsproxy.io/?url=https://a.example/x.png?v=2&w=3", "https://a.example/x.png?v=2&w=3"},

	// Path-embedded CORS proxies: the rest of the path and the query.
	{"cors-anywhere", "https://cors-anywhere.herokuapp.com/https://a.example/x.jpg", "https://a.example/x.jpg"},
	{"cors-anywhere", "https://cors-anywhere.herokuapp.com/https://a.example/x.jpg?w=1&h=2", "https://a.example/x.jpg?w=1&h=2"},
	{"cors-anywhere", "https://cors-anywhere.herokuapp.com/a.example/x.jpg", "http://a.example/x.jpg"},
	{"cors-anywhere", "https://cors-anywhere.herokuapp.com/https:/a.example/x.jpg", "https://a.example/x.jpg"},
	{"thingproxy", "https://thingproxy.freeboard.io/fetch/https://a.example/x.jpg", "https://a.example/x.jpg"},
	{"thingproxy", "https://thingproxy.freeboard.io/fetch/https://a.example/api?img=1&fmt=png", "https://a.example/api?img=1&fmt=png"},
	{"thingproxy", "https://thingproxy.freeboard.io/fetch/http://a.example/%E5%9B%BE%3E.png", "http://a.example/%E5%9B%BE%3E.png"},
	{"cors-path", "https://proxy.example.net/https://a.example/x.jpg", "https://a.example/x.jpg"},
	{"cors-path", "https://my-cors.example.com/http://a.example/x.jpg?v=1", "http://a.example/x.jpg?v=1"},
	{"cors-path", "https://p.example/https:/a.example/x.jpg", "https://a.example/x.jpg"},

	// Single-parameter pass-throughs: a raw value is greedy.
	{"allorigins", "https://api.allorigins.win/raw?url=https%3A%2F%2Fa.example%2Fx.jpg", "https://a.example/x.jpg"},
	{"allorigins", "https://api.allorigins.win/raw?url=https://a.example/x.php?id=1&size=2", "https://a.example/x.php?id=1&size=2"},
	{"allorigins", "https://api.allorigins.win/raw?url=https%3A%2F%2Fa.example%2Fx.php%3Fid%3D1%26t%3Da%2Bb", "https://a.example/x.php?id=1&t=a+b"},
	{"codetabs", "https://api.codetabs.com/v1/proxy?quest=https://a.example/x.jpg", "https://a.example/x.jpg"},
	{"codetabs", "https://api.codetabs.com/v1/proxy/?quest=https://a.example/x.jpg?a=1&b=2", "https://a.example/x.jpg?a=1&b=2"},
	{"codetabs", "https://api.codetabs.com/v1/proxy?quest=https%3A%2F%2Fa.example%2Fx.jpg", "https://a.example/x.jpg"},

	// weserv: ssl: or // is https, no scheme is http; its options are not
	// the origin's.
	{"weserv", "https://images.weserv.nl/?url=ssl:a.example/x.jpg&w=300", "https://a.example/x.jpg"},
	{"weserv", "https://wsrv.nl/?url=a.example/x.jpg&h=200&fit=cover", "http://a.example/x.jpg"},
	{"weserv", "https://wsrv.nl/?url=//a.example/x.jpg", "https://a.example/x.jpg"},
	{"weserv", "https://wsrv.nl/?url=https%3A%2F%2Fa.example%2Fx.jpg%3Fv%3D1%26w%3D5&w=300", "https://a.example/x.jpg?v=1&w=5"},
	{"weserv", "https://wsrv.nl/?url=https://a.example/img.php?id=1&w=300&token=abc&maxage=7d", "https://a.example/img.php?id=1&token=abc"},
	{"weserv", "https://wsrv.nl/?w=300&url=a.example/x.jpg", "http://a.example/x.jpg"},
	{"weserv", "https://images.weserv.nl/?url=ssl%3Aa.example%2Fx.jpg&output=webp", "https://a.example/x.jpg"},

	// Jetpack Photon: ssl=1 is https; every query parameter is Photon's.
	{"jetpack-photon", "https://i0.wp.com/wptavern.com/wp-content/uploads/2016/07/stack-overflow.png?resize=1025%2C401&amp;ssl=1", "https://wptavern.com/wp-content/uploads/2016/07/stack-overflow.png"},
	{"jetpack-photon", "https://i2.wp.com/9to5mac.com/wp-content/uploads/sites/6/2021/09/Gary-Wipfler.jpg?resize=1200%2C628&quality=82&strip=all&ssl=1", "https://9to5mac.com/wp-content/uploads/sites/6/2021/09/Gary-Wipfler.jpg"},
	{"jetpack-photon", "https://i1.wp.com/example.com/wp-content/uploads/a.jpg?w=640", "http://example.com/wp-content/uploads/a.jpg"},
	{"jetpack-photon", "https://i3.wp.com/example.com/%E5%9B%BE%2B1.jpg?ssl=1", "https://example.com/%E5%9B%BE%2B1.jpg"},

	// GitHub camo: hex, never percent-decoded afterwards, or ?url=.
	{"github-camo", "https://camo.githubusercontent.com/" + sha1Digest + "/" + hexURL("https://a.example/x.png"), "https://a.example/x.png"},
	{"github-camo", "https://camo.githubusercontent.com/" + sha256Digest + "/" + hexURL("https://a.example/a%20b.png?v=1"), "https://a.example/a%20b.png?v=1"},
	{"github-camo", "https://camo.githubusercontent.com/" + sha1Digest + "?url=https%3A%2F%2Fa.example%2Fx.png", "https://a.example/x.png"},
	{"github-camo", "https://camo.githubusercontent.com/" + sha1Digest + "/" + strings.ToUpper(hexURL("https://a.example/x.gif")), "https://a.example/x.gif"},

	// Next.js and Vercel: the URL may be root-relative.
	{"nextjs-image", "https://site.example/_next/image?url=https%3A%2F%2Fcdn.example%2Fa.jpg&w=640&q=75", "https://cdn.example/a.jpg"},
	{"nextjs-image", "https://site.example/_next/image?url=%2Fimages%2Fa.jpg&w=640&q=75", "https://site.example/images/a.jpg"},
	{"nextjs-image", "http://localhost:3000/_next/image?url=/img/a.png&w=64&q=75", "http://localhost:3000/img/a.png"},
	{"nextjs-image", "https://site.example/_next/image?url=https%3A%2F%2Fcdn.example%2Fa.jpg%3Fsig%3Dab%252Bcd&w=1080&q=75", "https://cdn.example/a.jpg?sig=ab%2Bcd"},
	{"vercel-image", "https://site.example/_vercel/image?url=https%3A%2F%2Fcdn.example%2Fa.png&w=1080&q=75", "https://cdn.example/a.png"},
	{"vercel-image", "https://site.example/_vercel/image?url=%2Fhero.png&w=640&q=75", "https://site.example/hero.png"},
	{"vercel-image", "https://site.example/_vercel/image?url=https://cdn.example/a.png?v=3&w=640&q=75", "https://cdn.example/a.png?v=3"},

	// Nuxt IPX: /_ipx/<modifiers>/<url or path>.
	{"nuxt-ipx", "https://site.example/_ipx/w_200/images/a.jpg", "https://site.example/images/a.jpg"},
	{"nuxt-ipx", "https://site.example/_ipx/s_300x200&f_webp/https://cdn.example/a.jpg", "https://cdn.example/a.jpg"},
	{"nuxt-ipx", "https://site.example/_ipx/_/https%3A%2F%2Fcdn.example%2Fa.jpg", "https://cdn.example/a.jpg"},
	{"nuxt-ipx", "https://site.example/_ipx/w_100/https:/cdn.example/a.jpg", "https://cdn.example/a.jpg"},

	// imgproxy: /plain/<url>[@ext] or base64url, maybe split with '/'.
	{"imgproxy", "https://imgproxy.example.com/insecure/rs:fill:300:400:0/g:sm/plain/http://a.example/x.jpg@webp", "http://a.example/x.jpg"},
	{"imgproxy", "https://img.example/" + imgproxySig + "/rs:fit:300:300/" + b64URL("https://a.example/images/x.png") + ".png", "https://a.example/images/x.png"},
	{"imgproxy", "https://img.example/_/w:300/aHR0cHM6Ly9hLmV4YW1w/bGUveC5qcGc_dj0xJnc9Mg", "https://a.example/x.jpg?v=1&w=2"},
	{"imgproxy", "https://img.example/insecure/w:300/plain/https%3A%2F%2Fa.example%2Fx.jpg%3Fv%3D1@avif", "https://a.example/x.jpg?v=1"},

	// thumbor and imagor: encoded, raw, or scheme-less (http).
	{"thumbor", "https://thumbor.example.com/unsafe/300x200/smart/https%3A%2F%2Fa.example%2Fx.jpg%3Fv%3D1", "https://a.example/x.jpg?v=1"},
	{"thumbor", "https://thumbor.example.com/unsafe/fit-in/400x0/filters:quality(80)/https://a.example/x.jpg", "https://a.example/x.jpg"},
	{"thumbor", "https://thumbor.example.com/unsafe/trim/10x20:300x400/-300x200/a.example/x.jpg", "http://a.example/x.jpg"},
	{"thumbor", "https://img.example/" + thumborSig + "/500x/a.example/photos/x.jpg", "http://a.example/photos/x.jpg"},
	{"thumbor", "https://imagor.example/unsafe/fit-in/200x200/filters:watermark(https://a.example/w.png,0,0,0)/https://a.example/x.jpg", "https://a.example/x.jpg"},

	// willnorris/imageproxy: /<options>/<url>, repairing https:/.
	{"imageproxy", "https://imageproxy.example.com/100x150/https://a.example/x.jpg", "https://a.example/x.jpg"},
	{"imageproxy", "https://imageproxy.example.com/fit,r90,q80/https://a.example/x.jpg?v=1", "https://a.example/x.jpg?v=1"},
	{"imageproxy", "https://imageproxy.example.com/x/https:/a.example/x.jpg", "https://a.example/x.jpg"},
	{"imageproxy", "https://imageproxy.example.com//https://a.example/x.jpg", "https://a.example/x.jpg"},

	// Cloudinary and Substack fetch: matched on the path.
	{"yahoo-res", "https://s.yimg.com/uu/api/res/1.2/x_tcbZOygbxFrzTIs.Wb2w--/Zmk9c3RyaW07aD0zNzg7YXBwaWQ9eXRhY2h5b24-/https://media.zenfs.com/en/ap.org/a1b2.jpg", "https://media.zenfs.com/en/ap.org/a1b2.jpg"},
	{"yahoo-res", "https://s.yimg.com/ny/api/res/1.2/Ab_12--/YXBwaWQ9aGlnaGxhbmRlcjt3PTk2MA--/http://media.zenfs.com/en-US/homerun/x.jpg?v=2", "http://media.zenfs.com/en-US/homerun/x.jpg?v=2"},
	{"yahoo-res", "https://www.yahoo.com/sy/uu/api/res/1.2/x--/Zmk9-/https://s.yimg.com/lo/api/res/1.2/Osx--/YXBw/https://media.zenfs.com/en/b.jpg", "https://media.zenfs.com/en/b.jpg"},
	{"cloudinary-fetch", "https://res.cloudinary.com/demo/image/fetch/https://upload.wikimedia.org/wikipedia/commons/1/13/Benedict_Cumberbatch_2011.png", "https://upload.wikimedia.org/wikipedia/commons/1/13/Benedict_Cumberbatch_2011.png"},
	{"cloudinary-fetch", "https://res.cloudinary.com/demo/image/fetch/w_300,h_300,c_fill/f_auto/https://a.example/x.jpg?_a=BAVAEyBy0", "https://a.example/x.jpg"},
	{"cloudinary-fetch", "https://substackcdn.com/image/fetch/w_1456,c_limit,f_webp,q_auto:good,fl_progressive:steep/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2Fabc_1024x768.png", "https://substack-post-media.s3.amazonaws.com/public/images/abc_1024x768.png"},
	{"cloudinary-fetch", "https://images.example.org/image/fetch/https://a.example/x.php?id=3", "https://a.example/x.php?id=3"},

	// Cloudflare: a path is on the zone itself.
	{"cloudflare-image", "https://zone.example/cdn-cgi/image/width=80,quality=75/uploads/a.jpg", "https://zone.example/uploads/a.jpg"},
	{"cloudflare-image", "https://zone.example/cdn-cgi/image/fit=cover,width=400/https://other.example/a.jpg", "https://other.example/a.jpg"},
	{"cloudflare-image", "https://zone.example/cdn-cgi/image/format=auto/https://other.example/a.jpg?v=2", "https://other.example/a.jpg?v=2"},
	{"cloudflare-image", "https://zone.example/cdn-cgi/image/w=100/https%3A%2F%2Fother.example%2Fa.jpg", "https://other.example/a.jpg"},

	// DuckDuckGo.
	{"duckduckgo", "https://external-content.duckduckgo.com/iu/?u=https%3A%2F%2Fa.example%2Fx.jpg&f=1&nofb=1", "https://a.example/x.jpg"},
	{"duckduckgo", "https://proxy.duckduckgo.com/iu/?u=http%3A%2F%2Fa.example%2Fx.jpg%3Fv%3D1&f=1", "http://a.example/x.jpg?v=1"},
	{"duckduckgo", "https://external-content.duckduckgo.com/iu/?u=https://a.example/x.php?id=2&f=1&h=180", "https://a.example/x.php?id=2"},

	// Facebook safe_image.php.
	{"facebook-safe-image", "https://external.xx.fbcdn.net/safe_image.php?d=AQBx&w=720&h=376&url=https%3A%2F%2Fa.example%2Fog.jpg&cfs=1&_nc_hash=AQC", "https://a.example/og.jpg"},
	{"facebook-safe-image", "https://external-lhr8-1.xx.fbcdn.net/safe_image.php?url=https%3A%2F%2Fa.example%2Fog.jpg%3Fv%3D2&_nc_oe=6f1", "https://a.example/og.jpg?v=2"},
	{"facebook-safe-image", "https://www.facebook.com/safe_image.php?d=x&url=http%3A%2F%2Fa.example%2Fp.png", "http://a.example/p.png"},

	// Google AMP cache: s/ is https, and the query is the origin's.
	{"google-amp-cache", "https://www-example-com.cdn.ampproject.org/i/s/www.example.com/img/a.jpg", "https://www.example.com/img/a.jpg"},
	{"google-amp-cache", "https://example-com.cdn.ampproject.org/i/example.com/a.png?v=2", "http://example.com/a.png?v=2"},
	{"google-amp-cache", "https://example-com.cdn.ampproject.org/ii/w800/s/example.com/a.jpg", "https://example.com/a.jpg"},
	{"google-amp-cache", "https://example-com.cdn.ampproject.org/c/s/example.com/news/story.html?id=4&amp_js_v=0.1&usqp=mq331AQ", "https://example.com/news/story.html?id=4"},

	// Google gadgets proxy.
	{"google-gadgets-proxy", "https://images1-focus-opensocial.googleusercontent.com/gadgets/proxy?container=focus&refresh=2592000&url=https%3A%2F%2Fa.example%2Fx.jpg", "https://a.example/x.jpg"},
	{"google-gadgets-proxy", "https://images2-focus-opensocial.googleusercontent.com/gadgets/proxy?url=http%3A%2F%2Fa.example%2Fx.jpg%3Fa%3D1&container=focus&resize_w=200", "http://a.example/x.jpg?a=1"},
	{"google-gadgets-proxy", "https://images1-focus-opensocial.googleusercontent.com/gadgets/proxy?container=focus&url=https://a.example/x.jpg?a=1&resize_w=200&b=2", "https://a.example/x.jpg?a=1&b=2"},

	// statically, imagecdn.app.
	{"statically", "https://cdn.statically.io/img/example.com/wp-content/uploads/a.jpg", "https://example.com/wp-content/uploads/a.jpg"},
	{"statically", "https://cdn.statically.io/img/example.com/w=300,h=200/images/a.jpg", "https://example.com/images/a.jpg"},
	{"statically", "https://cdn.statically.io/img/cdn.example.org/f=auto/a.png?v=1", "https://cdn.example.org/a.png"},
	{"imagecdn", "https://imagecdn.app/v2/image/https%3A%2F%2Fimages.unsplash.com%2Fphoto-1540665569139-922f374b8657?width=200&height=400", "https://images.unsplash.com/photo-1540665569139-922f374b8657"},
	{"imagecdn", "https://imagecdn.app/v2/image/https://a.example/x.jpg?width=200", "https://a.example/x.jpg"},
	{"imagecdn", "https://imagecdn.app/v2/image/https%3A%2F%2Fa.example%2Fx.jpg%3Fauto%3Dformat%26w%3D1", "https://a.example/x.jpg?auto=format&w=1"},

	// Discord: the query segment is the origin's, the query is Discord's.
	{"discord", "https://images-ext-1.discordapp.net/external/AbC_dEf-123/https/a.example/x.png", "https://a.example/x.png"},
	{"discord", "https://images-ext-2.discordapp.net/external/AbC/%3Fsize%3D100/https/a.example/x.png?width=400&height=300", "https://a.example/x.png?size=100"},
	{"discord", "https://media.discordapp.net/external/AbC/http/a.example/dir/x.gif?format=webp", "http://a.example/dir/x.gif"},

	// Slack.
	{"slack-imgs", "https://slack-imgs.com/?c=1&o1=ro&url=https%3A%2F%2Fa.example%2Fx.png", "https://a.example/x.png"},
	{"slack-imgs", "https://slack-imgs.com/?c=1&url=https%3A%2F%2Fa.example%2Fx.png%3Fv%3D1", "https://a.example/x.png?v=1"},
	{"slack-imgs", "https://slack-imgs.com/?c=1&o1=ro&url=https://a.example/x.png?v=1&w=2&q=3", "https://a.example/x.png?v=1&q=3"},

	// Miniflux: /proxy/<base64 hmac>/<base64url url>.
	{"miniflux", "https://reader.example/proxy/" + minifluxMAC + "/" + b64Pad("https://a.example/x.jpg"), "https://a.example/x.jpg"},
	{"miniflux", "https://reader.example/proxy/" + minifluxMAC + "/" + b64URL("https://a.example/y.jpg"), "https://a.example/y.jpg"},
	{"miniflux", "https://reader.example/proxy/" + minifluxMAC + "/" + b64URL("https://a.example/x.jpg?v=1&w=2"), "https://a.example/x.jpg?v=1&w=2"},

	// Naver: EUC-KR escapes belong to the origin; quotes are not part of it.
	{"naver", "https://search.pstatic.net/common/?src=http%3A%2F%2Fblogfiles.naver.net%2F20220101_1%2Fuser%2F%25B1%25E8.jpg&type=w800", "http://blogfiles.naver.net/20220101_1/user/%B1%E8.jpg"},
	{"naver", "https://dthumb-phinf.pstatic.net/?src=%22https%3A%2F%2Fa.example%2Fx.jpg%22&type=ff500_300", "https://a.example/x.jpg"},
	{"naver", `https://dthumb-phinf.pstatic.net/?src="https://a.example/x.jpg"&type=f1`, "https://a.example/x.jpg"},
	{"naver", "https://search.pstatic.net/sunny/?src=https://a.example/x.jpg&type=sc960_832", "https://a.example/x.jpg"},

	// Baidu: the parameters sit in the path.
	{"baidu", "https://gimg2.baidu.com/image_search/src=http%3A%2F%2Fa.example%2Fx.jpg&refer=http%3A%2F%2Fa.example&app=2002&size=f9999,10000&q=a80&n=0&g=0n&fmt=jpeg?sec=1652858000&t=0d4e", "http://a.example/x.jpg"},
	{"baidu", "https://gimg2.baidu.com/image_search/src=http%3A%2F%2Fa.example%2Fx.jpg%3Fv%3D1&refer=http%3A%2F%2Fa.example&app=2002", "http://a.example/x.jpg?v=1"},
	{"baidu", "https://gimg2.baidu.com/image_search/src=http://a.example/x.jpg&refer=http://a.example&app=2002", "http://a.example/x.jpg"},

	// Wayback: only the im_ (image) form.
	{"wayback-image", "https://web.archive.org/web/20200101000000im_/https://a.example/x.jpg", "https://a.example/x.jpg"},
	{"wayback-image", "https://web.archive.org/web/2015im_/http:/a.example/x.jpg?v=1", "http://a.example/x.jpg?v=1"},
	{"wayback-image", "https://web.archive.org/web/20200101im_/a.example/x.jpg", "http://a.example/x.jpg"},

	// Decode exactly once: escapes that belong to the origin survive.
	{"weserv", "https://wsrv.nl/?url=https%3A%2F%2Fa.example%2Fa%252Bb.jpg", "https://a.example/a%2Bb.jpg"},
	{"cors-worker", "https://c.workers.dev/?https://acct.blob.core.windows.net/c/x.jpg?se=2022-01-01T00%3A00%3A00Z&sig=ab%2Bcd%3D", "https://acct.blob.core.windows.net/c/x.jpg?se=2022-01-01T00%3A00%3A00Z&sig=ab%2Bcd%3D"},
	{"nextjs-image", "https://s.example/_next/image?url=https%3A%2F%2Facct.blob.core.windows.net%2Fc%2Fx.jpg%3Fse%3D2022-01-01T00%253A00%253A00Z%26sig%3Dab%252Bcd%253D&w=64&q=75", "https://acct.blob.core.windows.net/c/x.jpg?se=2022-01-01T00%3A00%3A00Z&sig=ab%2Bcd%3D"},
	{"weserv", "https://wsrv.nl/?url=https%3A%2F%2Fa.example%2Fa+b.jpg%3Fq%3Dc%2B%2B", "https://a.example/a+b.jpg?q=c++"},

	// Input normalisation: entities, collapsed and upper-case schemes,
	// scheme-relative URLs, IDN hosts.
	{"duckduckgo", "https://external-content.duckduckgo.com/iu/?f=1&#38;u=https%3A%2F%2Fa.example%2Fx.jpg", "https://a.example/x.jpg"},
	{"weserv", "https:/wsrv.nl/?url=a.example/x.jpg", "http://a.example/x.jpg"},
	{"weserv", "//wsrv.nl/?url=a.example/x.jpg", "http://a.example/x.jpg"},
	{"weserv", "Https://WSRV.NL/?url=a.example/x.jpg", "http://a.example/x.jpg"},
	{"weserv", "https://ｗｓｒｖ．ｎｌ/?url=a.example/x.jpg", "http://a.example/x.jpg"},
	{"cors-worker", "https://c.workers.dev/?http://bücher.example/ä b.jpg", "http://xn--bcher-kva.example/%C3%A4%20b.jpg"},
	{"cors-worker", "  https://c.workers.dev/?http://a.example/x.jpg\n", "http://a.example/x.jpg"},

	// Nested proxies unwrap to a fixed point.
	{"duckduckgo", "https://external-content.duckduckgo.com/iu/?u=" + url.QueryEscape("https://wsrv.nl/?url=ssl:a.example/x.jpg&w=300") + "&f=1", "https://a.example/x.jpg"},
	{"weserv", "https://wsrv.nl/?url=" + url.QueryEscape("https://i0.wp.com/a.example/x.jpg?ssl=1") + "&w=100", "https://a.example/x.jpg"},
	{"cors-worker", "https://c.workers.dev/?https://external-content.duckduckgo.com/iu/?u=" + url.QueryEscape("https://wsrv.nl/?url=a.example/x.jpg") + "&f=1", "http://a.example/x.jpg"},
}

// linkTests go through UnwrapLink.
var linkTests = []unwrapTest{
	{"outlook-safelinks", "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fa.example%2Fpage%3Fid%3D1&data=05%7C01%7C&sdata=abc%3D&reserved=0", "https://a.example/page?id=1"},
	{"outlook-safelinks", "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Facct.blob.core.windows.net%2Fc%2Fx.pdf%3Fse%3D2022-01-01T00%253A00%253A00Z%26sig%3Dab%252Bcd%253D&data=05&reserved=0", "https://acct.blob.core.windows.net/c/x.pdf?se=2022-01-01T00%3A00%3A00Z&sig=ab%2Bcd%3D"},
	{"outlook-safelinks", "https://eur01.safelinks.protection.outlook.com/?url=https://a.example/p?x=1&data=05&sdata=s&reserved=0", "https://a.example/p?x=1"},
	{"google-url", "https://www.google.com/url?q=https://a.example/page&sa=D&source=editors&ust=1650000000&usg=AOvVaw", "https://a.example/page"},
	{"google-url", "https://www.google.co.uk/url?sa=t&rct=j&url=https%3A%2F%2Fa.example%2Fp%3Fa%3Db&ved=2ahUKE&usg=AOv", "https://a.example/p?a=b"},
	{"google-url", "https://google.de/url?q=https%3A%2F%2Fa.example%2Fsearch%3Fq%3Dc%2B%2B", "https://a.example/search?q=c++"},
	{"google-url", "https://www.google.com/url?q=https://a.example/?q=a+b&sa=D", "https://a.example/?q=a+b"},
	{"facebook-l", "https://l.facebook.com/l.php?u=https%3A%2F%2Fa.example%2Fstory%3Ffbclid%3DIw&h=AT0", "https://a.example/story?fbclid=Iw"},
	{"facebook-l", "https://lm.facebook.com/l.php?u=http%3A%2F%2Fa.example%2F&h=AT1&s=1", "http://a.example/"},
	{"facebook-l", "https://l.messenger.com/l.php?u=https%3A%2F%2Fa.example%2Fx&h=AT2", "https://a.example/x"},
	{"instagram-l", "https://l.instagram.com/?u=https%3A%2F%2Fa.example%2F&e=ATM", "https://a.example/"},
	{"instagram-l", "https://l.instagram.com/?u=https%3A%2F%2Fa.example%2Fshop%3Fid%3D3%26utm_source%3Dig&e=AT", "https://a.example/shop?id=3&utm_source=ig"},
	{"instagram-l", "https://l.instagram.com/?u=http%3A%2F%2Fa.example%2Fbio&e=AT&s=1", "http://a.example/bio"},
	{"youtube-redirect", "https://www.youtube.com/redirect?event=video_description&redir_token=QUFF&q=https%3A%2F%2Fa.example%2F&v=dQw4w9WgXcQ", "https://a.example/"},
	{"youtube-redirect", "https://www.youtube.com/redirect?q=https%3A%2F%2Fa.example%2Fx%3Fa%3D1&event=comments", "https://a.example/x?a=1"},
	{"youtube-redirect", "https://m.youtube.com/redirect?q=http://a.example/y&redir_token=QU", "http://a.example/y"},
	{"vk-away", "https://vk.com/away.php?to=https%3A%2F%2Fa.example%2F&cc_key=", "https://a.example/"},
	{"vk-away", "https://vk.com/away.php?utf=1&to=https%3A%2F%2Fa.example%2Fp%3Fid%3D5", "https://a.example/p?id=5"},
	{"vk-away", "https://m.vk.com/away.php?to=http://a.example/x&post=-1_2", "http://a.example/x"},
	{"steam-linkfilter", "https://steamcommunity.com/linkfilter/?url=https://a.example/", "https://a.example/"},
	{"steam-linkfilter", "https://steamcommunity.com/linkfilter/?url=https%3A%2F%2Fa.example%2Fguide%3Fid%3D1", "https://a.example/guide?id=1"},
	{"steam-linkfilter", "https://steamcommunity.com/linkfilter/?url=http://a.example/x?y=1&z=2", "http://a.example/x?y=1&z=2"},
	{"linkedin-redirect", "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fa.example%2F&urlhash=abc&trk=public_profile", "https://a.example/"},
	{"linkedin-redirect", "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fa.example%2Fjobs%3Fid%3D9&urlhash=x", "https://a.example/jobs?id=9"},
	{"linkedin-redirect", "https://linkedin.com/redir/redirect?url=http://a.example/p?k=v&urlhash=x&trk=y", "http://a.example/p?k=v"},
	{"slack-redir", "https://slack-redir.net/link?url=https%3A%2F%2Fa.example%2F&v=3", "https://a.example/"},
	{"slack-redir", "https://slack-redir.net/link?url=https%3A%2F%2Fa.example%2Fdoc%3Fid%3D2", "https://a.example/doc?id=2"},
	{"slack-redir", "https://slack-redir.net/link?url=http://a.example/x?a=1&b=2&v=3", "http://a.example/x?a=1&b=2"},
	{"reddit-out", "https://out.reddit.com/t3_abc123?url=https%3A%2F%2Fa.example%2Fx&token=AQ&app_name=reddit.com", "https://a.example/x"},
	{"reddit-out", "https://out.reddit.com/t3_abc?url=https%3A%2F%2Fa.example%2Fy%3Fz%3D1&token=AQ", "https://a.example/y?z=1"},
	{"reddit-out", "https://out.reddit.com/t1_def?url=http://a.example/z&app_name=web", "http://a.example/z"},
	{"href-li", "https://href.li/?https://a.example/", "https://a.example/"},
	{"href-li", "https://href.li/?https://a.example/p?x=1&y=2", "https://a.example/p?x=1&y=2"},
	{"href-li", "https://href.li/?http%3A%2F%2Fa.example%2Fq", "http://a.example/q"},

	// A link to a proxied image leads to the image; a redirector inside a
	// proxy, or around one, unwraps fully.
	{"weserv", "https://wsrv.nl/?url=a.example/full.jpg&w=1200", "http://a.example/full.jpg"},
	{"google-url", "https://www.google.com/url?q=" + url.QueryEscape("https://i0.wp.com/a.example/x.jpg?ssl=1") + "&sa=D", "https://a.example/x.jpg"},
	{"outlook-safelinks", "https://nam12.safelinks.protection.outlook.com/?url=" + url.QueryEscape("https://www.google.com/url?q=https://a.example/p&sa=D") + "&reserved=0", "https://a.example/p"},
}

// notProxies are URLs that no rule may change, in Unwrap or UnwrapLink:
// they hold a URL, or look like a proxy, but are not one.
var notProxies = []string{
	// ?url= and /http that are not proxies.
	"https://img.shields.io/badge/dynamic/json?url=https://api.example.com/v.json&label=version&query=$.v",
	"https://img.shields.io/endpoint?url=https%3A%2F%2Fa.example%2Fbadge.json",
	"https://s0.wp.com/mshots/v1/https%3A%2F%2Fa.example%2F?w=600",
	"https://s0.wordpress.com/mshots/v1/https://a.example/?w=600",
	"https://api.qrserver.com/v1/create-qr-code/?size=150x150&data=https://a.example/",
	"https://chart.googleapis.com/chart?cht=qr&chs=200x200&chl=https%3A%2F%2Fa.example%2F",
	"https://quickchart.io/qr?text=https://a.example/",
	"https://www.google.com/s2/favicons?domain=https://a.example&sz=64",
	"https://icons.duckduckgo.com/ip3/a.example.ico",
	"https://external-content.duckduckgo.com/ip3/a.example.ico",
	"https://t1.gstatic.com/faviconV2?client=SOCIAL&type=FAVICON&url=https://a.example&size=64",
	"https://raw.githubusercontent.com/user/repo/main/http/server.png",
	"https://raw.githubusercontent.com/user/repo/master/docs/https-setup.png",
	"https://www.gravatar.com/avatar/205e460b479e2e5b48aec07710c08d50?s=80&d=https%3A%2F%2Fa.example%2Fdefault.png",
	"https://example.com/share?url=https://a.example/",
	"https://example.com/docs/plain/text.html",
	"https://example.com/unsafe/page.html",
	"https://example.com/proxy/settings",
	"https://example.com/100/200/photo.jpg",
	// Opaque proxies that hold no origin.
	"https://lh3.googleusercontent.com/proxy/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGh=s0-d",
	"https://tse1.mm.bing.net/th?id=OIP.abc123&pid=Api&w=300",
	"https://th.bing.com/th/id/OIP.abc?w=200&h=150&c=7",
	// Proxy hosts and paths without a usable origin.
	"https://my-app.workers.dev/api/items?page=2",
	"https://i0.wp.com/no-dot-segment/x.jpg?ssl=1",
	"https://camo.githubusercontent.com/abc/68747470733a2f2f612e6578616d706c652f782e706e67",
	"https://camo.githubusercontent.com/" + sha1Digest + "/" + hexURL("javascript:alert(1)"),
	"https://site.example/_next/image?w=640",
	"https://site.example/_next/static/media/a.png",
	"https://res.cloudinary.com/demo/image/upload/w_300/sample.jpg",
	"https://web.archive.org/web/20200101000000/https://a.example/page",
	"https://api.allorigins.win/get?url=https%3A%2F%2Fa.example%2F",
	"https://wsrv.nl/?url=javascript:alert(1)",
	"https://wsrv.nl/?url=javascript%3Aalert(1)",
	"https://c.workers.dev/?javascript:alert(1)",
	"https://c.workers.dev/?data:image/gif;base64,R0lGODlhAQABAAAAACw=",
	"https://site.example/_next/image?url=javascript%3Aalert(1)&w=64",
	"https://img.example/insecure/" + b64URL("javascript:alert(1)"),
	"https://reader.example/proxy/" + minifluxMAC + "/" + b64Pad("file:///etc/passwd"),
	"https://corsproxy.io/?ftp://a.example/x.jpg",
	"https://wsrv.nl/?url=https://user:pass@a.example/x.jpg",
	// Not absolute http(s) URLs at all.
	"",
	"/images/a.jpg",
	"images/a.jpg",
	"data:image/gif;base64,R0lGODlhAQABAAAAACw=",
	"javascript:alert(1)",
	"ftp://wsrv.nl/?url=a.example/x.jpg",
	"  https://example.com/a.jpg  ",
}

func TestUnwrap(t *testing.T) {
	for _, tt := range imageTests {
		assert.Equalf(t, tt.want, Unwrap(tt.in), "Unwrap(%q)", tt.in)
	}
}

func TestUnwrapLink(t *testing.T) {
	for _, tt := range linkTests {
		assert.Equalf(t, tt.want, UnwrapLink(tt.in), "UnwrapLink(%q)", tt.in)
	}
}

func TestUnwrapNotProxy(t *testing.T) {
	require.GreaterOrEqual(t, len(notProxies), 15)
	for _, in := range notProxies {
		if got := Unwrap(in); got != in {
			t.Errorf("Unwrap(%q):\n got %q\n want it unchanged", in, got)
		}
		if got := UnwrapLink(in); got != in {
			t.Errorf("UnwrapLink(%q):\n got %q\n want it unchanged", in, got)
		}
	}
}

// TestUnwrapCaseRule checks that each case's first step is made by the rule
// it names, so that a case cannot pass through a different rule by accident.
func TestUnwrapCaseRule(t *testing.T) {
	check := func(tests []unwrapTest, kind UnwrapKind) {
		for _, tt := range tests {
			_, r, ok := builtinSet.step(tt.in, kind)
			if !assert.Truef(t, ok, "no rule applies to %q, want %s", tt.in, tt.rule) {
				continue
			}
			assert.Equalf(t, tt.rule, r.Name, "rule for %q", tt.in)
		}
	}
	check(imageTests, ForImages)
	check(linkTests, ForLinks)
}

// TestUnwrapEveryRuleTested checks that every built-in rule has at least
// three cases of its own.
func TestUnwrapEveryRuleTested(t *testing.T) {
	count := map[string]int{}
	for _, tt := range imageTests {
		count[tt.rule]++
	}
	for _, tt := range linkTests {
		count[tt.rule]++
	}
	for _, r := range builtinRules {
		assert.GreaterOrEqualf(t, count[r.Name], 3, "cases for rule %q", r.Name)
	}
}

// TestUnwrapResultIsHTTP checks the first guarantee on every case: the
// result is a canonical absolute http(s) URL, or the input unchanged.
func TestUnwrapResultIsHTTP(t *testing.T) {
	var inputs []string
	for _, tt := range slices.Concat(imageTests, linkTests) {
		inputs = append(inputs, tt.in)
	}
	inputs = append(inputs, notProxies...)
	for _, in := range inputs {
		for name, f := range map[string]func(string) string{"Unwrap": Unwrap, "UnwrapLink": UnwrapLink} {
			if got := f(in); got != in {
				assert.NoErrorf(t, checkAbsoluteHTTP(got), "%s(%q) = %q", name, in, got)
			}
		}
	}
}

// checkAbsoluteHTTP returns an error unless s is an absolute http(s) URL
// with a host, already in the canonical form canonicalURL gives.
func checkAbsoluteHTTP(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("scheme %q", u.Scheme)
	}
	if u.Host == "" || u.Opaque != "" || u.User != nil {
		return fmt.Errorf("host %q, opaque %q, user %v", u.Host, u.Opaque, u.User)
	}
	if c, ok := canonicalURL(s); !ok || c != s {
		return fmt.Errorf("not canonical: %q", c)
	}
	return nil
}

func TestUnwrapIdempotent(t *testing.T) {
	for _, tt := range slices.Concat(imageTests, linkTests) {
		once := Unwrap(tt.in)
		assert.Equalf(t, once, Unwrap(once), "Unwrap(Unwrap(%q))", tt.in)
		once = UnwrapLink(tt.in)
		assert.Equalf(t, once, UnwrapLink(once), "UnwrapLink(UnwrapLink(%q))", tt.in)
	}
}

// nestWorkers wraps origin in n bare-query CORS workers.
func nestWorkers(origin string, n int) string {
	for i := 0; i < n; i++ {
		origin = "https://c" + fmt.Sprint(i) + ".workers.dev/?" + url.QueryEscape(origin)
	}
	return origin
}

func TestUnwrapDepthCap(t *testing.T) {
	const origin = "https://a.example/x.jpg?v=1"
	in := nestWorkers(origin, maxUnwrapDepth)
	assert.Equal(t, origin, Unwrap(in), "nested %d deep", maxUnwrapDepth)
	in = nestWorkers(origin, maxUnwrapDepth+1)
	assert.Equal(t, in, Unwrap(in), "nested %d deep: past the cap, unchanged", maxUnwrapDepth+1)
	assert.Equal(t, Unwrap(in), Unwrap(Unwrap(in)), "idempotent past the cap")
}

// TestUnwrapNoPlusToSpace guards against url.Query on inner URLs.
func TestUnwrapNoPlusToSpace(t *testing.T) {
	for _, in := range []string{
		"https://wsrv.nl/?url=https://a.example/c++.png?q=a+b",
		"https://wsrv.nl/?url=https%3A%2F%2Fa.example%2Fc%2B%2B.png%3Fq%3Da+b",
		"https://c.workers.dev/?https://a.example/a+b.jpg",
		"https://site.example/_next/image?url=%2Fa+b.jpg&w=64&q=75",
	} {
		got := Unwrap(in)
		assert.NotEqualf(t, in, got, "Unwrap(%q) did nothing", in)
		assert.NotContainsf(t, got, " ", "Unwrap(%q) = %q", in, got)
		assert.NotContainsf(t, got, "%20", "Unwrap(%q) = %q", in, got)
		assert.Containsf(t, got, "+", "Unwrap(%q) = %q", in, got)
	}
}

func TestUnwrapKinds(t *testing.T) {
	// Link redirectors do not apply to images.
	in := "https://www.google.com/url?q=https://a.example/x.jpg"
	assert.Equal(t, in, Unwrap(in))
	assert.Equal(t, "https://a.example/x.jpg", UnwrapLink(in))
	// The generic path-embedded form applies to images only: for links,
	// it is how archive and reader services address pages.
	in = "https://archive.ph/https://a.example/story"
	assert.Equal(t, "https://a.example/story", Unwrap(in))
	assert.Equal(t, in, UnwrapLink(in))
}

func TestUnwrapperZeroValue(t *testing.T) {
	var u Unwrapper
	var names []string
	for _, r := range builtinRules {
		names = append(names, r.Name)
	}
	assert.Equal(t, names, u.Rules())
	in := "https://wsrv.nl/?url=a.example/x.jpg"
	assert.Equal(t, "http://a.example/x.jpg", u.Unwrap(in))
	// A nil *Unwrapper uses the built-in rules too.
	var nilU *Unwrapper
	assert.Equal(t, names, nilU.Rules())
	assert.Equal(t, "http://a.example/x.jpg", nilU.Unwrap(in))
	assert.Equal(t, "http://a.example/x.jpg", nilU.UnwrapLink(in))
}

func TestUnwrapperDisable(t *testing.T) {
	var u Unwrapper
	in := "https://wsrv.nl/?url=a.example/x.jpg"
	u.Disable("weserv", "no-such-rule")
	assert.Equal(t, in, u.Unwrap(in))
	assert.NotContains(t, u.Rules(), "weserv")
	assert.Contains(t, u.Rules(), "jetpack-photon")
	assert.Len(t, u.Rules(), len(builtinRules)-1)
	// Others still work, and the defaults are untouched.
	assert.Equal(t, "https://a.example/x.jpg", u.Unwrap("https://i0.wp.com/a.example/x.jpg?ssl=1"))
	assert.Equal(t, "http://a.example/x.jpg", Unwrap(in))
	// Nested: with weserv off, DuckDuckGo unwraps to the weserv URL.
	nested := "https://external-content.duckduckgo.com/iu/?u=" + url.QueryEscape(in)
	assert.Equal(t, in, u.Unwrap(nested))
}

func TestUnwrapperAdd(t *testing.T) {
	var u Unwrapper
	// A host rule: https://img.corp.example/p/<hex>.
	u.Add(UnwrapRule{
		Name:  "corp-hex",
		Hosts: []string{"img.corp.example"},
		Path:  "/p/",
		Decode: func(v *url.URL) (string, bool) {
			b, err := hex.DecodeString(strings.TrimPrefix(v.EscapedPath(), "/p/"))
			return string(b), err == nil
		},
	})
	// A path rule on any host, with a wildcard segment.
	u.Add(UnwrapRule{
		Name: "resizer",
		Kind: ForImages | ForLinks,
		Path: "/*/resize/",
		Decode: func(v *url.URL) (string, bool) {
			_, after, ok := strings.Cut(v.EscapedPath(), "/resize/")
			if !ok {
				return "", false
			}
			s, err := url.PathUnescape(after)
			return s, err == nil
		},
	})
	assert.Equal(t, []string{"corp-hex", "resizer"}, u.Rules()[:2])
	assert.Equal(t, "https://a.example/x.png", u.Unwrap("https://img.corp.example/p/"+hexURL("https://a.example/x.png")))
	assert.Equal(t, "https://a.example/y.png", u.UnwrapLink("https://cdn.example/tenant1/resize/https%3A%2F%2Fa.example%2Fy.png"))
	// Kind defaults to images only.
	in := "https://img.corp.example/p/" + hexURL("https://a.example/x.png")
	assert.Equal(t, in, u.UnwrapLink(in))
	// Results that are not absolute http(s) are refused.
	for _, bad := range []string{"javascript:alert(1)", "data:image/png;base64,AAAA", "ftp://a.example/x", "/relative.png", "mailto:a@a.example"} {
		in := "https://img.corp.example/p/" + hexURL(bad)
		assert.Equalf(t, in, u.Unwrap(in), "custom rule result %q", bad)
	}
	// Built-in rules still apply, after the added ones.
	assert.Equal(t, "http://a.example/x.jpg", u.Unwrap("https://wsrv.nl/?url=a.example/x.jpg"))
	// The package defaults are untouched.
	assert.Equal(t, in, Unwrap(in))
}

func TestUnwrapperAddReplaces(t *testing.T) {
	var u Unwrapper
	u.Disable("weserv")
	u.Add(UnwrapRule{Name: "weserv", Hosts: []string{"wsrv.nl"}, Decode: func(*url.URL) (string, bool) {
		return "https://replaced.example/", true
	}})
	assert.Equal(t, "https://replaced.example/", u.Unwrap("https://wsrv.nl/?url=a.example/x.jpg"))
	assert.Len(t, u.Rules(), len(builtinRules))
	assert.Equal(t, "weserv", u.Rules()[0])
}

func TestUnwrapperAddPanics(t *testing.T) {
	decode := func(*url.URL) (string, bool) { return "", false }
	for _, r := range []UnwrapRule{
		{Hosts: []string{"a.example"}, Decode: decode},
		{Name: "no-decode", Hosts: []string{"a.example"}},
		{Name: "everything", Decode: decode},
	} {
		assert.Panicsf(t, func() { new(Unwrapper).Add(r) }, "Add(%+v)", r)
	}
}

// TestUnwrapperConcurrent runs Unwrap from many goroutines while the set
// changes; run it with -race.
func TestUnwrapperConcurrent(t *testing.T) {
	var u Unwrapper
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				tt := imageTests[i%len(imageTests)]
				got := u.Unwrap(tt.in)
				if got != tt.want && got != tt.in && !strings.HasPrefix(got, "http") {
					t.Errorf("Unwrap(%q) = %q", tt.in, got)
				}
			}
		}()
	}
	u.Disable("thumbor")
	u.Add(UnwrapRule{Name: "x", Hosts: []string{"x.example"}, Decode: func(*url.URL) (string, bool) { return "", false }})
	wg.Wait()
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://a.example/x", "https://a.example/x"},
		{"HTTP://A.Example:8080/X?Y#Z", "http://a.example:8080/X?Y#Z"},
		{"https:/a.example", "https://a.example"},
		{"https:///a.example/x", "https://a.example/x"},
		{"//a.example/x", "https://a.example/x"},
		{"https://a.example/a b\"<>^`{|}\\", "https://a.example/a%20b%22%3C%3E%5E%60%7B%7C%7D%5C"},
		{"https://a.example/100%.jpg?p=50%", "https://a.example/100%25.jpg?p=50%25"},
		{"https://a.example/%B1%E8.jpg", "https://a.example/%B1%E8.jpg"},
		{"https://a.example/x#a#b", "https://a.example/x#a%23b"},
		{"https://a.example:/x", "https://a.example/x"},
		{"https://[::1]:80/x", "https://[::1]:80/x"},
		{"https://bücher.example/", "https://xn--bcher-kva.example/"},
		{"https://a.example\\evil.example/", "https://a.example/%5Cevil.example/"},
	}
	for _, tt := range tests {
		got, ok := canonicalURL(tt.in)
		if !ok || got != tt.want {
			t.Errorf("canonicalURL(%q):\n got %q, %v\n want %q", tt.in, got, ok, tt.want)
		}
		again, _ := canonicalURL(got)
		assert.Equal(t, got, again, "canonicalURL is idempotent on %q", tt.in)
	}
	for _, in := range []string{"", "a.example/x", "ftp://a.example", "javascript:alert(1)", "https://", "https://user@a.example/",
		"https://a..example/", "https://a.example:http/", "https://a_b%20c/", "http:a.example"} {
		if got, ok := canonicalURL(in); ok {
			t.Errorf("canonicalURL(%q) = %q, want failure", in, got)
		}
	}
}

func TestDecodeEntities(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a=1&amp;b=2", "a=1&b=2"},
		{"a=1&AMP;b=2&#38;c=3&#x26;d=4", "a=1&b=2&c=3&d=4"},
		{"a=1&amp;amp;b=2", "a=1&amp;b=2"}, // once
		{"&quot;x&quot;&lt;&gt;&apos;", `"x"<>'`},
		{"a=1&copy=2&amp", "a=1&copy=2&amp"},
		{"&#0;&#x110000;&#;&#x;", "&#0;&#x110000;&#;&#x;"},
		{"&#20013;", "中"},
	}
	for _, tt := range tests {
		if got := decodeEntities(tt.in); got != tt.want {
			t.Errorf("decodeEntities(%q):\n got %q\n want %q", tt.in, got, tt.want)
		}
	}
}

func TestHasPathPattern(t *testing.T) {
	tests := []struct {
		path, pattern string
		want          bool
	}{
		{"/_next/image", "/_next/image", true},
		{"/_next/static/a.png", "/_next/image", false},
		{"/demo/image/fetch/x", "/*/image/fetch/", true},
		{"//image/fetch/x", "/*/image/fetch/", false},
		{"/demo/image/upload/x", "/*/image/fetch/", false},
		{"/a", "", true},
		{"", "/", false},
	}
	for _, tt := range tests {
		assert.Equalf(t, tt.want, hasPathPattern(tt.path, tt.pattern), "hasPathPattern(%q, %q)", tt.path, tt.pattern)
	}
}

// TestUnwrapNoMatchAllocs pins the speed guarantee's allocation half: a URL
// that matches no rule allocates nothing. The time half is in the
// benchmarks.
func TestUnwrapNoMatchAllocs(t *testing.T) {
	for _, in := range noMatchURLs {
		n := testing.AllocsPerRun(100, func() { Unwrap(in) })
		assert.Zerof(t, n, "allocs per Unwrap(%q)", in)
		n = testing.AllocsPerRun(100, func() { UnwrapLink(in) })
		assert.Zerof(t, n, "allocs per UnwrapLink(%q)", in)
	}
}

func ExampleUnwrap() {
	fmt.Println(Unwrap("https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202202/a_1024.jpg"))
	fmt.Println(Unwrap("https://i0.wp.com/example.com/wp-content/uploads/a.png?resize=1025%2C401&amp;ssl=1"))
	fmt.Println(Unwrap("https://wsrv.nl/?url=example.com/a.jpg&w=300"))
	fmt.Println(Unwrap("https://example.com/a.jpg?url=https://other.example/"))
	// Output:
	// http://zkres2.myzaker.com/202202/a_1024.jpg
	// https://example.com/wp-content/uploads/a.png
	// http://example.com/a.jpg
	// https://example.com/a.jpg?url=https://other.example/
}

func ExampleUnwrapLink() {
	fmt.Println(UnwrapLink("https://www.google.com/url?q=https://example.com/page&sa=D&ust=1650000000"))
	// Output:
	// https://example.com/page
}

func ExampleUnwrapper_Disable() {
	var u Unwrapper
	u.Disable("jetpack-photon")
	fmt.Println(u.Unwrap("https://i0.wp.com/example.com/a.png?ssl=1"))
	// Output:
	// https://i0.wp.com/example.com/a.png?ssl=1
}

func ExampleUnwrapper_Add() {
	var u Unwrapper
	// https://img.example.net/fetch?src=<encoded url>&w=300
	u.Add(UnwrapRule{
		Name:  "example-fetch",
		Hosts: []string{"img.example.net"},
		Path:  "/fetch",
		Decode: func(p *url.URL) (string, bool) {
			for _, kv := range strings.Split(p.RawQuery, "&") {
				if v, ok := strings.CutPrefix(kv, "src="); ok {
					s, err := url.PathUnescape(v) // not QueryUnescape: keep '+'
					return s, err == nil
				}
			}
			return "", false
		},
	})
	fmt.Println(u.Unwrap("https://img.example.net/fetch?src=https%3A%2F%2Fexample.com%2Fc%2B%2B.png&w=300"))
	fmt.Println(u.Rules()[0])
	// Output:
	// https://example.com/c++.png
	// example-fetch
}
