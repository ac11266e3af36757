// Pages audited by the web service get no WebRTC. Chromium's IP-handling policy already
// stops every UDP datagram that does not go through the egress proxy (browser.py); this
// removes the API as well, so a newer Chromium that ignored the flag would still send none.
(() => {
  for (const name of Object.getOwnPropertyNames(window)) {
    if (/^(webkit)?RTC/.test(name)) {
      try { delete window[name]; } catch (e) { /* not configurable: leave it */ }
    }
  }
})();
