// disclaimers: the smallest elements whose text matches one of args.patterns (regular
// expressions, case-insensitive), with what hides them and the contrast of their text.
// Fills PageFacts.disclaimers.
collectors.disclaimers = (args) => {
  const disclaimers = [];
  const regs = [];
  for (const p of args.patterns || []) {
    try { regs.push(new RegExp(p, 'iu')); } catch (e) { note(`disclaimer pattern ${p}`, e); }
  }
  if (!regs.length || !document.body) return { disclaimers };
  const norm = (s) => String(s || '').replace(/\s+/g, ' ');
  const matches = (el) => { const t = norm(el.textContent); return regs.some((r) => r.test(t)); };
  if (!matches(document.body)) return { disclaimers };
  const NOT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE', 'HEAD']);
  const found = [];
  const visit = (el, depth) => {
    if (found.length >= 20 || depth > 60) return;
    const kids = Array.from(el.children).filter((c) => !NOT.has(c.tagName) && matches(c));
    if (kids.length) { for (const k of kids) visit(k, depth + 1); return; }
    if (!NOT.has(el.tagName)) found.push(el);
  };
  visit(document.body, 0);
  for (const el of found) {
    try { disclaimers.push(track(el, disclaimerFacts(el))); } catch (e) { note('disclaimer', e); }
  }
  return { disclaimers };

  function disclaimerFacts(el) {
    const r = el.getBoundingClientRect();
    const shownBase = typeof el.checkVisibility === 'function' ? el.checkVisibility() : !!el.getClientRects().length;
    const visibilityOk = typeof el.checkVisibility === 'function' ? el.checkVisibility({ visibilityProperty: true }) : true;
    const opacityOk = typeof el.checkVisibility === 'function' ? el.checkVisibility({ opacityProperty: true }) : true;
    const docW = Math.max(document.documentElement.scrollWidth, window.innerWidth);
    const docH = Math.max(document.documentElement.scrollHeight, window.innerHeight);
    const sx = window.scrollX; const sy = window.scrollY;
    const offscreen = shownBase && (r.right + sx <= 0 || r.bottom + sy <= 0 || r.left + sx >= docW || r.top + sy >= docH);
    const rec = { selector: sel(el), html: html(el), text: clean(el.textContent, 400), in_article: root.contains(el),
      display_none: !shownBase, visibility_hidden: shownBase && !visibilityOk, opacity_zero: shownBase && visibilityOk && !opacityOk,
      zero_size: shownBase && (r.width < 2 || r.height < 2), offscreen,
      clipped: false, aria_hidden: ariaHidden(el), inert: inert(el), contrast: null };
    rec.clipped = shownBase && visibilityOk && opacityOk && !rec.zero_size && !offscreen && !onScreen(el);
    if (shownBase && visibilityOk) rec.contrast = contrastOf(el);
    return rec;
  }
  function textHolder(el) {
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
    const n = w.nextNode();
    return n && n.parentElement ? n.parentElement : el;
  }
  function parseColor(s) {
    const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?\s*\)/.exec(s || '');
    if (!m) return null;
    let a = m[4] === undefined ? 1 : (m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]));
    return { r: +m[1], g: +m[2], b: +m[3], a };
  }
  function blend(top, under) {
    const a = top.a + under.a * (1 - top.a);
    if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
    const mix = (c) => (top[c] * top.a + under[c] * under.a * (1 - top.a)) / a;
    return { r: mix('r'), g: mix('g'), b: mix('b'), a };
  }
  function luminance(c) {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  }
  function contrastOf(el) {
    const holder = textHolder(el);
    const cs = getComputedStyle(holder);
    const size = parseFloat(cs.fontSize) || 16;
    const weight = parseInt(cs.fontWeight, 10) || 400;
    const res = { font_size: size, font_weight: weight, large: size >= 24 || (size >= 18.66 && weight >= 700),
      foreground: null, background: null, ratio: null, how: null, reason: null };
    let fg = null; let bg = null;
    try {
      const c = axe.commons.color;
      bg = c.getBackgroundColor(holder, []);
      if (bg) fg = c.getForegroundColor(holder, false, bg);
      if (fg && bg) {
        res.ratio = Math.round(c.getContrast(bg, fg) * 100) / 100;
        res.foreground = fg.toHexString ? fg.toHexString() : String(fg);
        res.background = bg.toHexString ? bg.toHexString() : String(bg);
        res.how = 'axe';
        return res;
      }
      const why = c.incompleteData && c.incompleteData.get('bgColor');
      if (why) res.reason = String(why);
    } catch (e) { res.reason = `axe: ${String((e && e.message) || e).slice(0, 120)}`; }
    // Fallback: blend the ancestors' background colours; an image or gradient means unknown.
    try {
      let under = { r: 255, g: 255, b: 255, a: 1 };
      const layers = [];
      let opacity = 1;
      for (let e = holder; e && e.nodeType === 1; e = e.parentElement) {
        const s = getComputedStyle(e);
        opacity *= parseFloat(s.opacity || '1');
        if (s.backgroundImage && s.backgroundImage !== 'none') { res.reason = res.reason || 'background image'; return res; }
        const c = parseColor(s.backgroundColor);
        if (c && c.a > 0) layers.push(c);
        if (c && c.a >= 1) break;
      }
      for (const l of layers.reverse()) under = blend(l, under);
      const f = parseColor(cs.color) || { r: 0, g: 0, b: 0, a: 1 };
      f.a *= opacity;
      const fgc = blend(f, under);
      const l1 = luminance(fgc); const l2 = luminance(under);
      res.ratio = Math.round(((Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)) * 100) / 100;
      const hex = (c) => '#' + [c.r, c.g, c.b].map((x) => Math.round(x).toString(16).padStart(2, '0')).join('');
      res.foreground = hex(fgc); res.background = hex(under); res.how = 'computed styles';
    } catch (e) { res.reason = `${res.reason || ''} fallback: ${String((e && e.message) || e).slice(0, 80)}`.trim(); }
    return res;
  }
};
