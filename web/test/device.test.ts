// A session's User-Agent as a device name (src/components/profile/device.ts).

import assert from "node:assert/strict";
import { test } from "node:test";

import { deviceName } from "../src/components/profile/device.js";

const UA = {
  chromeLinux:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  headless:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.0 Safari/537.36",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
  firefoxMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  safariMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  chromeIpad:
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
  samsungAndroid:
    "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
  operaWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0",
  firefoxAndroid: "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
};

test("a browser on a system", () => {
  assert.equal(deviceName(UA.chromeLinux), "Chrome on Linux");
  assert.equal(deviceName(UA.headless), "Chrome on Linux");
  assert.equal(deviceName(UA.firefoxMac), "Firefox on macOS");
  assert.equal(deviceName(UA.safariMac), "Safari on macOS");
});

test("browsers that also say Chrome or Safari are told apart", () => {
  assert.equal(deviceName(UA.edgeWindows), "Edge on Windows");
  assert.equal(deviceName(UA.operaWindows), "Opera on Windows");
  assert.equal(deviceName(UA.samsungAndroid), "Samsung Internet on Android");
  assert.equal(deviceName(UA.chromeIpad), "Chrome on iPad");
});

test("phones before the desktop systems their headers also name", () => {
  assert.equal(deviceName(UA.safariIphone), "Safari on iPhone"); // says "Mac OS X" too
  assert.equal(deviceName(UA.firefoxAndroid), "Firefox on Android"); // Android is Linux too
});

test("programs, and headers it cannot read", () => {
  assert.equal(deviceName("curl/8.5.0"), "curl");
  assert.equal(deviceName("python-requests/2.31.0"), "Python");
  assert.equal(deviceName("node"), "Node.js");
  assert.equal(deviceName(""), "Unknown device");
  assert.equal(deviceName("   "), "Unknown device");
  assert.equal(deviceName("Acme-Sync/1.0"), "Acme-Sync/1.0");
  const long = "X".repeat(60);
  assert.equal(deviceName(long), "X".repeat(39) + "…");
});
