// partners: elements anywhere on the page matching the configured partner selectors
// (args.selectors), in the order of the selectors. Fills PageFacts.partner_blocks.
collectors.partners = (args) => {
  const blocks = [];
  for (const s of args.selectors || []) {
    try {
      for (const el of Array.from(document.querySelectorAll(s)).slice(0, 30)) {
        if (blocks.length >= 30) return { partner_blocks: blocks };
        blocks.push(track(el, { selector: sel(el), html: html(el), matched: s, text: cssShown(el) ? visibleText(el, 200) : clean(el.textContent, 200),
          visible: cssShown(el), in_article: root.contains(el) }));
      }
    } catch (e) { note(`partner selector ${s}`, e); }
  }
  return { partner_blocks: blocks };
};
