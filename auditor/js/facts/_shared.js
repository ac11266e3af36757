// Shared by every page script in this folder (auditor/facts/page.py KINDS): the gatherer runs
// this helper and the scripts of the kinds it wants in ONE evaluate, as one function body
// ending in `return await collect(input);`. Each kind's script registers
// `collectors.<kind> = (args) => ({...the PageFacts fields it fills})`.
//
// The scripts measure; the rules decide. What a script knows is HTML and ARIA (visibility,
// accessible names, roles, figure, nav, aside, ...); whatever is guessed from class names or
// ids (what a caption, a byline, a player or another story's teaser looks like) arrives as
// an argument from the rules' side (rules/page_args.py).
//
// input: {article: article.js's args, elements: selectors findings may point at, kinds: [{name, args}]}
// (kinds in collection order).
// Every recorded element a rule may report carries `selector` and `html`; `order` is its
// position in document order among everything recorded (reading order), set at the end.
const errors = [];
const note = (where, e) => { if (errors.length < 50) errors.push(`${where}: ${(e && e.message) || e}`); };
const axe = window.axe;
const collectors = {};
const counts = {};
const later = []; // async work a collector leaves for after axe's teardown (fetching tracks, probing audio)
const ordered = []; // [element, record]
const track = (el, rec) => { rec.order = null; ordered.push([el, rec]); return rec; };
const figureIndex = new Map(); // figure element -> index in the figures list (filled by figures.js)
const figures = [];
const figureOf = (el) => { const f = el.closest('figure'); return f && figureIndex.has(f) ? figureIndex.get(f) : null; };
let root = null;

const clean = (s, max) => {
  const t = String(s == null ? '' : s).replace(/\s+/g, ' ').trim();
  return max && t.length > max ? t.slice(0, max) : t;
};
const abs = (u) => { if (!u) return null; try { return new URL(u, document.baseURI).href; } catch (e) { return String(u); } };
// A selector list from the rules' selectors, or null when there are none.
const anyOf = (selectors) => (selectors && selectors.length ? selectors.join(', ') : null);
const sel = (el) => {
  try { return axe.utils.getSelector(el); } catch (e) {
    return el.id ? `#${CSS.escape(el.id)}` : el.tagName.toLowerCase();
  }
};
const html = (el) => {
  let outer = '';
  try { outer = el.outerHTML || ''; } catch (e) { return `<${el.tagName.toLowerCase()}>`; }
  if (outer.length <= 300) return outer;
  const end = outer.indexOf('>');
  const start = end > 0 ? outer.slice(0, end + 1) : outer;
  return start.length <= 300 ? start + ' …' : start.slice(0, 299) + '…';
};
const classOf = (el, max) => clean(typeof el.className === 'string' ? el.className : '', max);
const vnode = (el) => { try { return axe.utils.getNodeFromTree(el); } catch (e) { return null; } };
const accName = (el) => {
  const v = vnode(el);
  try { return v ? clean(axe.commons.text.accessibleTextVirtual(v)) : clean(el.getAttribute('aria-label') || el.getAttribute('alt')); }
  catch (e) { return clean(el.getAttribute('aria-label') || el.getAttribute('alt')); }
};
const role = (el) => {
  try { const v = vnode(el); return v ? axe.commons.aria.getRole(v) : null; } catch (e) { return null; }
};
const cssShown = (el) => {
  // display, visibility and opacity along the ancestors (no layout needed for display).
  try {
    if (typeof el.checkVisibility === 'function') {
      return el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    }
  } catch (e) { /* fall through */ }
  return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
};
const onScreen = (el) => {
  try { const v = vnode(el); return v ? !!axe.commons.dom.isVisibleOnScreen(v) : cssShown(el); }
  catch (e) { return cssShown(el); }
};
const rectOf = (el) => {
  try { const r = el.getBoundingClientRect(); return { width: Math.round(r.width), height: Math.round(r.height) }; }
  catch (e) { return { width: 0, height: 0 }; }
};
const ariaHidden = (el) => !!el.closest('[aria-hidden="true" i]');
const inert = (el) => !!el.closest('[inert]');
// Text content without script and style bodies (which textContent includes), bounded.
const textOf = (el, max) => {
  const limit = max || 500;
  let t = '';
  const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement && n.parentElement.closest('script, style, noscript, template') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let n;
  while (t.length < limit * 2 && (n = w.nextNode())) t += n.nodeValue;
  return clean(t, limit);
};
const visibleText = (el, max) => { try { return clean(el.innerText, max || 500); } catch (e) { return clean(el.textContent, max || 500); } };
const idrefTexts = (el, attr) => {
  const ids = (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean);
  return ids.map((id) => {
    const ref = document.getElementById(id);
    return ref ? { id, text: visibleText(ref, 300), visible: cssShown(ref), missing: false } : { id, text: '', visible: false, missing: true };
  });
};
const closestLang = (el) => { const l = el.closest('[lang]'); return l ? clean(l.getAttribute('lang')) : ''; };

async function collect(input) {
  const opts = input || {};
  const ms = {};
  const timed = (name, fn) => {
    const t0 = performance.now();
    let result = null;
    try { result = fn(); } catch (e) { note(name, e); }
    ms[name] = Math.round(performance.now() - t0);
    return result;
  };
  // ---- the article (article.js): found first, every other script looks inside it ----------
  const article = timed('article', () => findArticle(opts.article))
    || { element: null, source: 'none', confidence: '', reason: 'finding the article failed', h1: null, textLength: 0, pageTextLength: 0 };
  root = article.element || document.body || document.documentElement;

  const out = {
    url: location.href,
    lang: clean(document.documentElement.getAttribute('lang')
      || (document.querySelector('meta[http-equiv="content-language" i]') || { content: '' }).content),
    root: { selector: 'body', html: '', source: article.source, order: null },
    kinds: (opts.kinds || []).map((k) => k.name),
  };
  timed('setup', () => axe.setup(document));
  try {
    try { out.root = track(root, describeArticle(article, (opts.article || {}).hints)); } catch (e) { note('root', e); }
    for (const { name, args } of opts.kinds || []) {
      const fields = timed(name, () => collectors[name](args || {}));
      Object.assign(out, fields || {});
    }
  } catch (e) {
    note('collector', e);
  } finally {
    try { axe.teardown(); } catch (e) { /* already torn down */ }
  }
  if (later.length) {
    const t1 = performance.now();
    await Promise.all(later.map((work) => work())).catch((e) => note('media', e));
    ms.load_media = Math.round(performance.now() - t1);
  }
  // Reading order: document order of everything recorded.
  try {
    const t2 = performance.now();
    const els = ordered.map((p, i) => [p[0], p[1], i]);
    els.sort((a, b) => {
      if (a[0] === b[0]) return a[2] - b[2];
      const pos = a[0].compareDocumentPosition(b[0]);
      if (pos & Node.DOCUMENT_POSITION_FOLLOWING) return -1;
      if (pos & Node.DOCUMENT_POSITION_PRECEDING) return 1;
      return a[2] - b[2];
    });
    let n = 0;
    let last = null;
    for (const [el, rec] of els) { if (el !== last) { n++; last = el; } rec.order = n; }
    ms.order = Math.round(performance.now() - t2);
  } catch (e) { note('order', e); }
  timed('placement', () => { out.root.elements = placements(article, opts.elements); });
  return Object.assign(out, { counts, errors, ms });
}
