// A session's User-Agent header as a person recognises it: "Firefox on
// Windows", "Safari on iPhone". Pure (test/device.test.ts): the raw header is
// still shown beside it, so a guess that is wrong misleads no one.

// Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari",
// and a headless Chrome is Chrome.
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\b(Headless)?Chrome\/|\bCriOS\/|\bChromium\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/^curl\//, "curl"],
  [/^python-requests\/|^Python-urllib\//, "Python"],
  [/^node(-fetch)?\b|^undici\b/i, "Node.js"],
];

const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

function first(table: readonly (readonly [RegExp, string])[], ua: string): string | null {
  for (const [pattern, name] of table) if (pattern.test(ua)) return name;
  return null;
}

/**
 * "Chrome on Linux", "Firefox", "iPhone", or "Unknown device" for an empty
 * header; a header it cannot read is shown as it is, shortened to 40
 * characters.
 */
export function deviceName(userAgent: string): string {
  const ua = userAgent.trim();
  if (!ua) return "Unknown device";
  const browser = first(BROWSERS, ua);
  const system = first(SYSTEMS, ua);
  if (browser && system) return `${browser} on ${system}`;
  const either = browser ?? system;
  if (either) return either;
  return ua.length > 40 ? `${ua.slice(0, 39)}…` : ua;
}
