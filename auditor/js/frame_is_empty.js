// True for a frame with nothing to audit (an empty ad slot, a blocked embed), so axe is not injected there.
() => !document.body || (document.body.childElementCount === 0 && !document.body.textContent.trim())
