// Page-coordinate boxes of the top-frame elements the findings point at,
// so the report can crop them out of one full-page screenshot.
(selectors) => selectors.map((sel) => {
  try {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
  } catch (e) {
    return null;
  }
})
