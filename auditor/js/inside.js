// For each element selector, the ignore selectors it sits inside (el.closest), so
// `[[ignore]] selector = ".ad-slot"` covers findings on the slot and everything in it.
({ selectors, ignores }) => {
  const out = {};
  for (const sel of selectors) {
    let el = null;
    try { el = document.querySelector(sel); } catch (e) { el = null; }
    if (!el) continue;
    const hits = ignores.filter((ig) => { try { return !!el.closest(ig); } catch (e) { return false; } });
    if (hits.length) out[sel] = hits;
  }
  return out;
}
