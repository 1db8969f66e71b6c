package article

// The built-in rules, in the order they are tried among rules that match the
// same URL. Host rules are tried before rules that match any host. Each
// rule's comment gives the URL form it decodes and who owns the inner query.
// The decoders are in unwrap_decode.go; docs/unwrap.md lists the rules for
// users.
var builtinRules = []UnwrapRule{
	// --- bare-query and path-embedded CORS proxies ---

	// https://cors.example.workers.dev/?http://origin/a.jpg, raw or
	// encoded, or ?url=<url>: the whole query is the origin's.
	{Name: "cors-worker", Kind: ForImages | ForLinks, Hosts: []string{".workers.dev"}, Decode: decodeBareQuery},
	// https://corsproxy.io/?<url> or ?url=<url>, raw or encoded.
	{Name: "corsproxy-io", Kind: ForImages | ForLinks, Hosts: []string{"corsproxy.io"}, Decode: decodeBareQuery},
	// https://cors-anywhere.herokuapp.com/https://origin/a.jpg?q: the rest
	// of the path and the query. No scheme means http.
	{Name: "cors-anywhere", Kind: ForImages | ForLinks, Hosts: corsAnywhereHosts, Path: "/", Decode: pathEmbedded("/", "http")},
	// https://thingproxy.freeboard.io/fetch/https://origin/a.jpg?q
	{Name: "thingproxy", Kind: ForImages | ForLinks, Hosts: []string{"thingproxy.freeboard.io"}, Path: "/fetch/", Decode: pathEmbedded("/fetch/", "")},
	// Any host whose path starts with an http(s) URL, as self-hosted
	// cors-anywhere instances are: https://proxy.example/https://origin/a.jpg.
	// Images only: archive and reader services address pages this way.
	{Name: "cors-path", Kind: ForImages, keys: &pathKeys{first: []string{"http:", "https:"}}, Decode: pathEmbedded("/", "")},
	// https://api.allorigins.win/raw?url=<url>: a single-parameter
	// pass-through, so a raw value takes the rest of the query.
	{Name: "allorigins", Kind: ForImages | ForLinks, Hosts: []string{"api.allorigins.win", "allorigins.win"}, Path: "/raw", Decode: queryParam("url", nil, "")},
	// https://api.codetabs.com/v1/proxy?quest=<url>, likewise greedy.
	{Name: "codetabs", Kind: ForImages | ForLinks, Hosts: []string{"api.codetabs.com"}, Path: "/v1/proxy", Decode: queryParam("quest", nil, "")},

	// --- image proxies and CDNs ---

	// https://wsrv.nl/?url=<url>&w=300: "ssl:" or "//" means https, no
	// scheme means http; weserv's own options are never the origin's.
	{Name: "weserv", Kind: ForImages | ForLinks, Hosts: []string{"images.weserv.nl", "wsrv.nl", "images.wsrv.nl"}, Decode: decodeWeserv},
	// https://i0.wp.com/origin.example/a.jpg?w=300&ssl=1: ssl=1 means
	// https, otherwise http; every query parameter is Photon's.
	{Name: "jetpack-photon", Kind: ForImages | ForLinks, Hosts: []string{"i0.wp.com", "i1.wp.com", "i2.wp.com", "i3.wp.com"}, Path: "/", Decode: decodePhoton},
	// https://camo.githubusercontent.com/<digest>/<hex url> or
	// /<digest>?url=<url>.
	{Name: "github-camo", Kind: ForImages | ForLinks, Hosts: []string{"camo.githubusercontent.com"}, Path: "/", Decode: decodeCamo},
	// https://site/_next/image?url=<url or /path>&w=640&q=75
	{Name: "nextjs-image", Kind: ForImages | ForLinks, Path: "/_next/image", Decode: nextImage("/_next/image")},
	// https://site/_vercel/image?url=<url or /path>&w=640&q=75
	{Name: "vercel-image", Kind: ForImages | ForLinks, Path: "/_vercel/image", Decode: nextImage("/_vercel/image")},
	// https://site/_ipx/w_200&f_webp/<url or path>
	{Name: "nuxt-ipx", Kind: ForImages | ForLinks, Path: "/_ipx/", Decode: decodeIPX},
	// https://host/<signature|insecure>/<options>/plain/<url>[@ext] or
	// /<signature>/<options>/<base64url url>[.ext].
	{Name: "imgproxy", Kind: ForImages | ForLinks, keys: &pathKeys{first: []string{"insecure", "_"}, firstLen: []int{43}, second: []string{"plain"}}, match: isImgproxyPath, Decode: decodeImgproxy},
	// https://host/<unsafe|hmac>/<options>/<url>: encoded, raw or
	// scheme-less (http). Thumbor and imagor.
	{Name: "thumbor", Kind: ForImages | ForLinks, keys: &pathKeys{first: []string{"unsafe"}, firstLen: []int{28}}, match: isThumborPath, Decode: decodeThumbor},
	// https://host/<options>/<url>: willnorris/imageproxy, options such as
	// 200x, fit, r90, q80 or a signature.
	{Name: "imageproxy", Kind: ForImages | ForLinks, keys: &pathKeys{second: []string{"http:", "https:"}}, match: isImageproxyPath, Decode: decodeImageproxy},
	// https://res.cloudinary.com/<cloud>/image/fetch/<transforms>/<url>, and
	// https://substackcdn.com/image/fetch/<transforms>/<url>: matched on the
	// path, since customers use their own host names.
	{Name: "cloudinary-fetch", Kind: ForImages | ForLinks, keys: &pathKeys{first: []string{"image"}, second: []string{"image"}}, match: isFetchPath, Decode: decodeFetch},
	// https://s.yimg.com/uu/api/res/1.2/<b64 options>/<b64 app>/<url>, and
	// the /ny/ and /sy/uu/ forms: Yahoo's resizer, on its own and on news
	// sites' hosts, so matched on the path. The query is the origin's.
	{Name: "yahoo-res", Kind: ForImages | ForLinks, keys: &pathKeys{first: []string{"uu", "ny", "lo", "os", "sy"}}, match: isYahooResPath, Decode: decodeYahooRes},
	// https://zone/cdn-cgi/image/<options>/<url or path>
	{Name: "cloudflare-image", Kind: ForImages | ForLinks, Path: "/cdn-cgi/image/", Decode: decodeCloudflare},
	// https://external-content.duckduckgo.com/iu/?u=<url>&f=1&h=180
	{Name: "duckduckgo", Kind: ForImages | ForLinks, Hosts: []string{"external-content.duckduckgo.com", "proxy.duckduckgo.com"}, Path: "/iu", Decode: queryParam("u", duckduckgoParams, "")},
	// https://external.xx.fbcdn.net/safe_image.php?d=…&url=<url>&_nc_hash=…
	{Name: "facebook-safe-image", Kind: ForImages | ForLinks, Hosts: []string{".fbcdn.net", "www.facebook.com", "facebook.com", "m.facebook.com"}, Path: "/safe_image.php", Decode: queryParam("url", facebookParams, "")},
	// https://origin-example.cdn.ampproject.org/i/s/origin.example/a.jpg:
	// s/ means https, and the query is the origin's.
	{Name: "google-amp-cache", Kind: ForImages | ForLinks, Hosts: []string{".cdn.ampproject.org", "cdn.ampproject.org"}, Path: "/", Decode: decodeAMP},
	// https://images1-focus-opensocial.googleusercontent.com/gadgets/proxy?container=focus&url=<url>
	{Name: "google-gadgets-proxy", Kind: ForImages | ForLinks, Hosts: []string{".googleusercontent.com"}, Path: "/gadgets/proxy", Decode: queryParam("url", gadgetsParams, "")},
	// https://cdn.statically.io/img/<host>/[<options>/]<path>
	{Name: "statically", Kind: ForImages | ForLinks, Hosts: []string{"cdn.statically.io"}, Path: "/img/", Decode: decodeStatically},
	// https://imagecdn.app/v2/image/<url>?width=200
	{Name: "imagecdn", Kind: ForImages | ForLinks, Hosts: []string{"imagecdn.app"}, Path: "/v2/image/", Decode: decodeImagecdn},
	// https://images-ext-1.discordapp.net/external/<hash>/[<query>/]<scheme>/<host>/<path>
	{Name: "discord", Kind: ForImages | ForLinks, Hosts: []string{"images-ext-1.discordapp.net", "images-ext-2.discordapp.net", "media.discordapp.net"}, Path: "/external/", Decode: decodeDiscord},
	// https://slack-imgs.com/?c=1&o1=ro&url=<url>
	{Name: "slack-imgs", Kind: ForImages | ForLinks, Hosts: []string{"slack-imgs.com"}, Decode: queryParam("url", slackParams, "")},
	// https://reader.example/proxy/<base64 hmac>/<base64url url>
	{Name: "miniflux", Kind: ForImages | ForLinks, Path: "/proxy/", match: isMinifluxPath, Decode: decodeMiniflux},
	// https://search.pstatic.net/common/?src=<url>&type=w800
	{Name: "naver", Kind: ForImages | ForLinks, Hosts: []string{"search.pstatic.net", "dthumb-phinf.pstatic.net"}, Decode: decodeNaver},
	// https://gimg2.baidu.com/image_search/src=<url>&refer=…&app=2002?sec=…
	{Name: "baidu", Kind: ForImages | ForLinks, Hosts: []string{".baidu.com"}, Path: "/image_search/", Decode: decodeBaidu},
	// https://web.archive.org/web/20200101000000im_/https://origin/a.jpg
	{Name: "wayback-image", Kind: ForImages | ForLinks, Hosts: []string{"web.archive.org"}, Path: "/web/", Decode: decodeWayback},

	// --- link redirectors ---

	// https://nam12.safelinks.protection.outlook.com/?url=<url>&data=…&sdata=…&reserved=0
	{Name: "outlook-safelinks", Kind: ForLinks, Hosts: []string{".safelinks.protection.outlook.com", "safelinks.protection.outlook.com"}, Decode: queryParam("url", safelinksParams, "")},
	// https://www.google.com/url?q=<url>&sa=D&ust=…, or ?url=, on any
	// google.<tld>.
	{Name: "google-url", Kind: ForLinks, keys: &pathKeys{first: []string{"url"}}, match: isGoogleRedirect, Decode: decodeGoogleRedirect},
	// https://l.facebook.com/l.php?u=<url>&h=…, and Messenger's.
	{Name: "facebook-l", Kind: ForLinks, Hosts: []string{"l.facebook.com", "lm.facebook.com", "m.facebook.com", "www.facebook.com", "facebook.com", "l.messenger.com"}, Path: "/l.php", Decode: queryParam("u", facebookParams, "")},
	// https://l.instagram.com/?u=<url>&e=…
	{Name: "instagram-l", Kind: ForLinks, Hosts: []string{"l.instagram.com"}, Decode: queryParam("u", facebookParams, "")},
	// https://www.youtube.com/redirect?event=…&redir_token=…&q=<url>
	{Name: "youtube-redirect", Kind: ForLinks, Hosts: []string{"www.youtube.com", "youtube.com", "m.youtube.com"}, Path: "/redirect", Decode: queryParam("q", youtubeParams, "")},
	// https://vk.com/away.php?to=<url>&cc_key=
	{Name: "vk-away", Kind: ForLinks, Hosts: []string{"vk.com", "m.vk.com"}, Path: "/away.php", Decode: queryParam("to", vkParams, "")},
	// https://steamcommunity.com/linkfilter/?url=<url>
	{Name: "steam-linkfilter", Kind: ForLinks, Hosts: []string{"steamcommunity.com"}, Path: "/linkfilter/", Decode: queryParam("url", params{"u"}, "")},
	// https://www.linkedin.com/redir/redirect?url=<url>&urlhash=…
	{Name: "linkedin-redirect", Kind: ForLinks, Hosts: []string{"www.linkedin.com", "linkedin.com"}, Path: "/redir/redirect", Decode: queryParam("url", linkedinParams, "")},
	// https://slack-redir.net/link?url=<url>
	{Name: "slack-redir", Kind: ForLinks, Hosts: []string{"slack-redir.net"}, Path: "/link", Decode: queryParam("url", params{"v"}, "")},
	// https://out.reddit.com/t3_abc?url=<url>&token=…&app_name=…
	{Name: "reddit-out", Kind: ForLinks, Hosts: []string{"out.reddit.com"}, Decode: queryParam("url", redditParams, "")},
	// https://href.li/?https://origin/: a bare-query anonymiser.
	{Name: "href-li", Kind: ForLinks, Hosts: []string{"href.li"}, Decode: decodeBareQuery},
}

// Hosts of public cors-anywhere instances.
var corsAnywhereHosts = []string{
	"cors-anywhere.herokuapp.com", "cors.bridged.cc", "proxy.cors.sh", "cors.eu.org", "crossorigin.me",
}

// The proxies' own query parameters: a raw inner URL never takes them.
var (
	weservParams = params{
		"url", "w", "h", "dpr", "fit", "we", "a", "fpx", "fpy", "cx", "cy", "cw", "ch", "precrop",
		"trim", "mtrim", "flip", "flop", "ro", "bg", "rbg", "blur", "sharp", "sharpf", "sharpj",
		"con", "gam", "mod", "sat", "hue", "tint", "filter", "q", "l", "af", "il", "n", "page",
		"output", "maxage", "default", "filename", "encoding", "errorredirect", "lb", "t", "crop",
	}
	nextParams       = params{"url", "w", "q", "dpl"}
	cloudinaryParams = params{"_a"}
	duckduckgoParams = params{"u", "f", "h", "w", "nofb", "image_host"}
	facebookParams   = params{
		"u", "url", "h", "s", "e", "d", "w", "c", "cfs", "upscale", "fallback", "prefix", "sx", "sy", "sw", "sh",
		"ext", "crop", "strip", "ccb", "oh", "oe", "__tn__", "__cft__*", "__xts__*", "_nc_*", "fbclid",
	}
	ampParams       = params{"amp_js_v", "amp_gsa", "usqp", "amp_r"}
	gadgetsParams   = params{"url", "container", "refresh", "resize_w", "resize_h", "no_expand", "rewriteMime", "gadget"}
	imagecdnParams  = params{"width", "height", "format", "fit", "quality"}
	slackParams     = params{"url", "c", "o1", "o2", "w", "h", "ssl"}
	naverParams     = params{"src", "type", "size"}
	baiduParams     = params{"src", "refer", "app", "size", "q", "n", "g", "fmt", "sec", "t"}
	safelinksParams = params{"url", "data", "sdata", "reserved"}
	googleParams    = params{
		"q", "url", "sa", "ved", "usg", "source", "rct", "esrc", "cd", "cad", "uact", "opi", "ust",
		"sqi", "ei", "bvm", "psig", "frm",
	}
	youtubeParams  = params{"q", "event", "redir_token", "v", "html_redirect", "stzid"}
	vkParams       = params{"to", "cc_key", "post", "el", "utf"}
	linkedinParams = params{"url", "urlhash", "trk", "isSdui"}
	redditParams   = params{"url", "token", "app_name"}
)
