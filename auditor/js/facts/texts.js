// texts: what the transcript and external-content rules read in the article's text.
//   headings, controls (links, buttons, ...) with their text; transcript_blocks: elements whose
//   id or class contains one of args.transcriptMarkers.
//   start: the first 800 characters of article text; blocks: its first and last paragraph-like
//   elements; bylines: byline candidates (args.bylines selectors) for the rules to choose from.
// Article text leaves out scripts, figures, navigation, asides, aria-hidden, the rules'
// args.notArticle (captions, credits) and args.elsewhere (other stories' teasers); blocks also
// leave out the site's footer (footer, contentinfo, args.siteFooter) outside any <article>.
collectors.texts = (args) => {
  const out = { start: '', blocks: [], bylines: [], headings: [], controls: [], transcript_blocks: [] };
  try {
    const hs = root.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]');
    counts.headings = hs.length;
    for (const h of Array.from(hs).slice(0, 200)) {
      const text = clean(h.textContent, 200);
      if (text) out.headings.push(track(h, { text }));
    }
    const cs = root.querySelectorAll('a[href], button, summary, [role=button], [role=tab], [role=link]');
    counts.controls = cs.length;
    for (const c of Array.from(cs).slice(0, 600)) {
      const text = clean(c.textContent, 150) || clean(c.getAttribute('aria-label') || c.getAttribute('title'), 150);
      if (text) out.controls.push(track(c, { text, href: c.getAttribute('href') ? abs(c.getAttribute('href')) : null, tag: c.tagName.toLowerCase() }));
    }
    const quoted = (m) => `"${String(m).replace(/["\\]/g, '\\$&')}" i`;
    const MARKED = anyOf((args.transcriptMarkers || []).flatMap((m) => [`[id*=${quoted(m)}]`, `[class*=${quoted(m)}]`]));
    for (const b of MARKED ? Array.from(root.querySelectorAll(MARKED)).slice(0, 20) : []) {
      out.transcript_blocks.push(track(b, { selector: sel(b), tag: b.tagName.toLowerCase(),
        id_class: clean(`${b.id} ${typeof b.className === 'string' ? b.className : ''}`, 150), text_length: clean(b.textContent).length }));
    }
  } catch (e) { note('headings/links', e); }

  const ELSEWHERE = anyOf(args.elsewhere);
  const SKIP = ['script, style, noscript, template, figure, figcaption, nav, aside, [role=navigation], [role=complementary], '
    + '[aria-hidden="true" i]', ...(args.notArticle || []), ...(args.elsewhere || [])].join(', ');
  try {
    // The first characters of the article text (datelines sit there).
    let start = '';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement && n.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    let n;
    while (start.length < 800 && (n = walker.nextNode())) start += n.nodeValue + ' ';
    out.start = clean(start, 800);
  } catch (e) { note('start text', e); }
  try {
    const FOOTER = ['footer, [role=contentinfo]', ...(args.siteFooter || [])].join(', ');
    const siteFooter = (e) => { const f = e.closest(FOOTER); return !!f && !f.closest('article'); };
    const isBlock = (e) => {
      if (e.closest(SKIP) || siteFooter(e)) return false;
      if (e.tagName === 'DIV') return Array.from(e.childNodes).some((c) => c.nodeType === 3 && c.nodeValue.trim().length > 20);
      return true;
    };
    const cands = Array.from(root.querySelectorAll('p, li, blockquote, pre, dd, h2, h3, h4, h5, h6, address, div'));
    const push = (e, where) => {
      const text = textOf(e, 500);
      if (!text) return false;
      out.blocks.push(track(e, { selector: sel(e), html: html(e), tag: e.tagName.toLowerCase(), text, where, visible: cssShown(e) }));
      return true;
    };
    const firsts = new Set();
    for (const e of cands) {
      if (firsts.size >= 12) break;
      if (isBlock(e) && !Array.from(firsts).some((f) => f.contains(e) || e.contains(f)) && push(e, 'start')) firsts.add(e);
    }
    let lasts = 0;
    for (let i = cands.length - 1; i >= 0 && lasts < 8; i--) {
      const e = cands[i];
      if (firsts.has(e) || !isBlock(e) || Array.from(firsts).some((f) => f.contains(e) || e.contains(f))) continue;
      if (push(e, 'end')) lasts++;
    }
  } catch (e) { note('text blocks', e); }
  try {
    const BYLINES = anyOf(args.bylines);
    const scope = root.closest('article') || root;
    const all = BYLINES ? Array.from(scope.querySelectorAll(BYLINES)) : [];
    counts.bylines = all.length;
    const index = new Map(); // candidate element -> its index, for `within`
    for (const b of all) {
      if (out.bylines.length >= 100) break;
      if (b.closest('figure, figcaption, nav, aside, script, style, [role=navigation], [role=complementary]')
        || (ELSEWHERE && b.closest(ELSEWHERE))) continue;
      let within = null;
      for (let up = b.parentElement; up && within === null; up = up.parentElement) if (index.has(up)) within = index.get(up);
      index.set(b, out.bylines.length);
      out.bylines.push(track(b, { selector: sel(b), text: textOf(b, 300), visible: cssShown(b), class_name: classOf(b, 500), within }));
    }
  } catch (e) { note('bylines', e); }
  return { texts: out };
};
