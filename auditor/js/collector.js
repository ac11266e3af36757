// The article collector: facts about the article that only the page can compute
// (visibility, accessible names, sizes, colours, whether a caption track loads),
// recorded as plain data. The judgement stays in Python (rules/); this script only
// measures. It runs in the top frame after axe, and uses axe's own accessible-name,
// role and colour code.
//
// Argument: {articleSelector, disclaimerPatterns: [regex source], partnerSelectors: [css],
//            openCaptionSelectors: [css]} (see rules/runner.py collector_args).
//
// Result (every element a rule may report carries `selector` and `html`; `order` is the
// element's position in document order among everything recorded, i.e. reading order):
//   lang, url, root {selector, source, order}, article_start (order of the first text block)
//   meta {canonical[], og_url, og_site_name, original_source[], syndication_source[], jsonld[]}
//   images[]   img / input[type=image] / svg[role=img] / [role=img] inside the article
//   figures[]  figure elements inside the article, with figcaption and media
//   videos[]   video elements with their tracks (each track fetched: state, cue count)
//   audios[]   audio elements
//   frames[]   iframes / embeds / objects and player placeholders (the rules match hosts)
//   headings[], controls[], transcript_blocks[]  texts for transcript / described-version links
//   text {start, blocks[], bylines[]}  bounded article text for datelines and credits
//   partner_blocks[]  elements matching the configured partner selectors
//   disclaimers[]     smallest elements whose text matches a disclaimer pattern, with
//                     visibility, aria-hidden/inert and contrast facts
//   counts {...}  how many were found (lists are bounded), errors[]  what failed, per item
async (args) => {
  const opts = args || {};
  const LIMITS = { images: 300, figures: 150, videos: 30, audios: 30, frames: 150, headings: 200,
    controls: 600, firstBlocks: 12, lastBlocks: 8, bylines: 30, partnerBlocks: 30, disclaimers: 20,
    jsonld: 12, tracks: 40 };
  const TRACK_TIMEOUT_MS = 3000;
  const PROBE_MS = 450;
  const errors = [];
  const note = (where, e) => { if (errors.length < 50) errors.push(`${where}: ${(e && e.message) || e}`); };
  const axe = window.axe;
  const ordered = []; // [element, record]: `order` is assigned from document order at the end
  const track = (el, rec) => { ordered.push([el, rec]); return rec; };
  const figureIndex = new Map(); // figure element -> index in out.figures
  const videoElements = new Map(); // video record -> element, for the audio probe
  const pendingTracks = []; // [track element, record, media element]
  const KINDS = ['subtitles', 'captions', 'descriptions', 'chapters', 'metadata'];
  const figureOf = (el) => { const f = el.closest('figure'); return f && figureIndex.has(f) ? figureIndex.get(f) : null; };

  const clean = (s, max) => {
    const t = String(s == null ? '' : s).replace(/\s+/g, ' ').trim();
    return max && t.length > max ? t.slice(0, max) : t;
  };
  const abs = (u) => { if (!u) return null; try { return new URL(u, document.baseURI).href; } catch (e) { return String(u); } };
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
      return ref ? { id, text: visibleText(ref, 300), visible: cssShown(ref) } : { id, text: '', visible: false, missing: true };
    });
  };
  const closestLang = (el) => { const l = el.closest('[lang]'); return l ? clean(l.getAttribute('lang')) : ''; };

  // ---- the article -------------------------------------------------------------------
  let root = null;
  let rootSource = 'body';
  const tryRoot = (selector, source) => {
    if (root || !selector) return;
    try { const found = document.querySelector(selector); if (found) { root = found; rootSource = source; } }
    catch (e) { note(`article selector ${selector}`, e); }
  };
  tryRoot(opts.articleSelector, 'configured');
  tryRoot('[itemprop=articleBody]', 'itemprop');
  tryRoot('article', 'article');
  tryRoot('main', 'main');
  root = root || document.body || document.documentElement;

  const out = {
    version: 1,
    url: location.href,
    lang: clean(document.documentElement.getAttribute('lang')
      || (document.querySelector('meta[http-equiv="content-language" i]') || { content: '' }).content),
    root: null, article_start: null,
    meta: {}, images: [], figures: [], videos: [], audios: [], frames: [],
    headings: [], controls: [], transcript_blocks: [],
    text: { start: '', blocks: [], bylines: [] },
    partner_blocks: [], disclaimers: [], counts: {}, errors,
  };

  const ms = {};
  const timed = (name, fn) => {
    const t0 = performance.now();
    try { fn(); } catch (e) { note(name, e); }
    ms[name] = Math.round(performance.now() - t0);
  };
  out.ms = ms;
  timed('setup', () => axe.setup(document));
  try {
    out.root = { selector: 'body', html: '', source: rootSource };
    try { out.root = track(root, { selector: sel(root), html: html(root), source: rootSource }); } catch (e) { note('root', e); }
    timed('meta', collectMeta);
    timed('figures', collectFigures);
    timed('images', collectImages);
    timed('media', collectMedia);
    timed('frames', collectFrames);
    timed('texts', collectTexts);
    timed('partners', collectPartners);
    timed('disclaimers', collectDisclaimers);
  } catch (e) {
    note('collector', e);
  } finally {
    try { axe.teardown(); } catch (e) { /* already torn down */ }
  }
  const t1 = performance.now();
  await Promise.all([loadTracks(), probeAudio()]).catch((e) => note('media', e));
  ms.load_media = Math.round(performance.now() - t1);

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
    const first = out.text.blocks.find((b) => b.where === 'start');
    out.article_start = first ? first.order : out.root.order;
    ms.order = Math.round(performance.now() - t2);
  } catch (e) { note('order', e); }
  return out;

  // ---- page metadata -----------------------------------------------------------------
  function collectMeta() {
    const m = out.meta;
    const attrs = (selector, attr) => Array.from(document.querySelectorAll(selector)).map((e) => abs(e.getAttribute(attr))).filter(Boolean).slice(0, 5);
    try {
      m.canonical = attrs('link[rel~="canonical" i]', 'href');
      const og = document.querySelector('meta[property="og:url" i], meta[name="og:url" i]');
      m.og_url = og ? abs(og.getAttribute('content')) : null;
      const site = document.querySelector('meta[property="og:site_name" i], meta[name="og:site_name" i]');
      m.og_site_name = site ? clean(site.getAttribute('content'), 200) : null;
      m.original_source = attrs('meta[name="original-source" i]', 'content').concat(attrs('link[rel~="original-source" i]', 'href'));
      m.syndication_source = attrs('meta[name="syndication-source" i]', 'content').concat(attrs('link[rel~="syndication-source" i]', 'href'));
    } catch (e) { note('meta', e); }
    m.jsonld = [];
    const KEEP = new Set(['@type', '@id', '@graph', 'name', 'legalName', 'alternateName', 'url', 'publisher', 'author',
      'creator', 'sourceOrganization', 'isBasedOn', 'isBasedOnUrl', 'provider', 'copyrightHolder', 'mainEntityOfPage']);
    const reduce = (v, depth) => {
      if (depth > 5 || v == null) return null;
      if (typeof v === 'string') return v.slice(0, 300);
      if (typeof v === 'number' || typeof v === 'boolean') return v;
      if (Array.isArray(v)) return v.slice(0, 10).map((x) => reduce(x, depth + 1)).filter((x) => x != null);
      if (typeof v === 'object') {
        const o = {};
        for (const k of Object.keys(v)) if (KEEP.has(k)) { const r = reduce(v[k], depth + 1); if (r != null) o[k] = r; }
        return Object.keys(o).length ? o : null;
      }
      return null;
    };
    for (const s of Array.from(document.querySelectorAll('script[type="application/ld+json" i]')).slice(0, LIMITS.jsonld)) {
      try {
        const body = s.textContent.replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[/, '').replace(/(?:\/\/\s*)?\]\]>\s*$/, '');
        const r = reduce(JSON.parse(body), 0);
        if (r != null) m.jsonld.push(r);
      } catch (e) { note('json-ld', e); }
    }
  }

  // ---- figures -----------------------------------------------------------------------
  function mediaKind(el) {
    const t = el.tagName.toLowerCase();
    if (t === 'input') return 'img';
    return t;
  }
  function collectFigures() {
    const all = root.querySelectorAll('figure');
    out.counts.figures = all.length;
    const CAPTIONISH = '[class*="caption" i], [class*="legend" i], [class*="cutline" i], [itemprop="caption"]';
    for (const fig of Array.from(all).slice(0, LIMITS.figures)) {
      try {
        const rec = { selector: sel(fig), html: html(fig), visible: cssShown(fig), aria_hidden: ariaHidden(fig),
          role: fig.getAttribute('role'), in_link: !!fig.closest('a[href]'),
          in_nav: !!fig.closest('nav, [role=navigation], [role=menu], [role=menubar]'), aria_label: clean(fig.getAttribute('aria-label'), 300),
          labelledby: idrefTexts(fig, 'aria-labelledby'), describedby: idrefTexts(fig, 'aria-describedby'),
          figcaption: null, caption_like: null, text: '', media: [] };
        const own = (e) => e.closest('figure') === fig;
        const cap = Array.from(fig.querySelectorAll('figcaption')).find(own);
        if (cap) {
          rec.figcaption = track(cap, { selector: sel(cap), html: html(cap), text: clean(cap.textContent, 500),
            visible_text: cssShown(cap) ? visibleText(cap) : '', visible: cssShown(cap) });
        } else {
          const like = Array.from(fig.querySelectorAll(CAPTIONISH)).find((e) => own(e) && !e.querySelector('img, video, iframe, svg'));
          if (like) rec.caption_like = { selector: sel(like), text: cssShown(like) ? visibleText(like) : '' };
        }
        const r = rectOf(fig);
        rec.width = r.width; rec.height = r.height;
        rec.text = rec.visible ? visibleText(fig, 300) : '';
        const media = Array.from(fig.querySelectorAll('img, input[type=image i], svg, canvas, video, audio, iframe, embed, object, [role=img]'))
          .filter((e) => own(e) && !(e.tagName.toLowerCase() !== 'svg' && e.closest('svg')));
        for (const m of media.slice(0, 20)) {
          const mr = rectOf(m);
          rec.media.push({ kind: mediaKind(m), visible: cssShown(m), width: mr.width, height: mr.height,
            natural_width: m.tagName === 'IMG' && m.complete ? m.naturalWidth : null,
            natural_height: m.tagName === 'IMG' && m.complete ? m.naturalHeight : null,
            lazy: m.tagName === 'IMG' ? !!(m.getAttribute('data-src') || m.getAttribute('data-srcset') || m.getAttribute('data-lazy-src')
              || m.getAttribute('data-original') || m.getAttribute('srcset') || m.closest('picture')) : null,
            named: m.tagName === 'IMG' ? !!((m.getAttribute('alt') || '').trim() || (m.getAttribute('aria-label') || '').trim()) : null,
            hidden_from_at: ariaHidden(m) || ['presentation', 'none'].includes(role(m) || '') || (m.tagName === 'IMG' && m.getAttribute('alt') === '' && !m.hasAttribute('aria-label')),
            src: abs(m.getAttribute('src') || m.getAttribute('data-src')) });
        }
        out.figures.push(track(fig, rec));
        figureIndex.set(fig, out.figures.length - 1);
      } catch (e) { note('figure', e); }
    }
  }

  // ---- images ------------------------------------------------------------------------
  function srcsetUrls(value) {
    if (!value) return [];
    return value.split(/,(?=\s*\S)/).map((c) => c.trim().split(/\s+/)[0]).filter(Boolean).map(abs);
  }
  function besideCaption(img) {
    // The caption of an image outside a figure: a caption-like element in the smallest
    // container that holds this image and no other.
    const CAPTIONISH = 'figcaption, [class*="caption" i], [class*="legend" i], [class*="cutline" i], [itemprop="caption"]';
    let box = img.parentElement;
    for (let level = 0; box && level < 4; level++, box = box.parentElement) {
      if (box.querySelectorAll('img, svg, video, picture').length > (img.closest('picture') ? 2 : 1)) return null;
      const cap = Array.from(box.querySelectorAll(CAPTIONISH)).find((c) => !c.contains(img) && !c.querySelector('img'));
      if (cap) return { selector: sel(cap), text: cssShown(cap) ? visibleText(cap) : '', source: 'beside' };
      if (box === root) return null;
    }
    return null;
  }
  function collectImages() {
    const all = root.querySelectorAll('img, input[type=image i], svg[role=img i], [role=img i]');
    out.counts.images = all.length;
    for (const img of Array.from(all).slice(0, LIMITS.images)) {
      try {
        const tag = img.tagName.toLowerCase();
        const r = rectOf(img);
        const rec = { selector: sel(img), html: html(img), tag: tag === 'img' || tag === 'input' || tag === 'svg' ? tag : 'other',
          explicit_role: img.getAttribute('role'), role: role(img),
          alt: img.hasAttribute('alt') ? img.getAttribute('alt') : null,
          aria_label: img.getAttribute('aria-label'), title: img.getAttribute('title'),
          name: accName(img), aria_hidden: ariaHidden(img), css_shown: cssShown(img), on_screen: false,
          width: r.width, height: r.height, lang: closestLang(img) };
        rec.on_screen = rec.css_shown && onScreen(img);
        if (tag === 'img' || tag === 'input') {
          rec.src = abs(img.getAttribute('src'));
          rec.current_src = img.currentSrc || null;
          rec.lazy_src = abs(img.getAttribute('data-src') || img.getAttribute('data-lazy-src') || img.getAttribute('data-original') || img.getAttribute('data-lazy'));
          rec.srcset = srcsetUrls(img.getAttribute('srcset') || img.getAttribute('data-srcset')).slice(0, 12);
          rec.complete = !!img.complete;
          rec.natural_width = img.naturalWidth || 0;
          rec.natural_height = img.naturalHeight || 0;
          rec.attr_width = parseInt(img.getAttribute('width'), 10) || null;
          rec.attr_height = parseInt(img.getAttribute('height'), 10) || null;
          const pic = img.parentElement && img.parentElement.tagName === 'PICTURE' ? img.parentElement : null;
          rec.picture_sources = pic ? Array.from(pic.querySelectorAll('source')).flatMap((s) => srcsetUrls(s.getAttribute('srcset') || s.getAttribute('data-srcset'))).slice(0, 12) : [];
        }
        // An image that failed to load (e.g. blocked) is laid out as 0x0 when alt is empty;
        // it would be visible if it loaded, so `visible` only asks CSS and clipping.
        const broken = (tag === 'img' || tag === 'input') && (!img.complete || !img.naturalWidth);
        rec.visible = rec.css_shown && (rec.on_screen || (broken && r.width * r.height === 0));
        const link = img.closest('a[href], [role=link]');
        if (link) {
          rec.link = { href: abs(link.getAttribute('href')), download: link.hasAttribute('download'), name: accName(link),
            named_from_author: link.hasAttribute('aria-label') || link.hasAttribute('aria-labelledby'),
            text: clean(link.textContent, 200) };
        }
        const named = img.parentElement && img.parentElement.closest('button[aria-label], button[aria-labelledby], [role][aria-label], [role][aria-labelledby], a[aria-label], a[aria-labelledby]');
        rec.named_ancestor = !!named;
        rec.describedby = idrefTexts(img, 'aria-describedby');
        const figIdx = figureOf(img);
        if (figIdx !== null) {
          rec.figure = figIdx;
          const f = out.figures[rec.figure];
          const capText = f.figcaption ? f.figcaption.visible_text : (f.caption_like ? f.caption_like.text : '');
          rec.caption = capText ? { text: capText, source: f.figcaption ? 'figcaption' : 'caption-like',
            selector: f.figcaption ? f.figcaption.selector : f.caption_like.selector } : null;
        } else {
          rec.figure = null;
          const c = besideCaption(img);
          rec.caption = c && c.text ? c : null;
        }
        out.images.push(track(img, rec));
      } catch (e) { note('image', e); }
    }
  }

  // ---- video and audio ---------------------------------------------------------------
  function mediaBase(el) {
    const r = rectOf(el);
    return { selector: sel(el), html: html(el), visible: cssShown(el) && r.width > 0 && r.height > 0, css_shown: cssShown(el),
      width: r.width, height: r.height, aria_hidden: ariaHidden(el),
      src: abs(el.getAttribute('src')), current_src: el.currentSrc || null,
      sources: Array.from(el.querySelectorAll('source')).slice(0, 10).map((s) => ({ src: abs(s.getAttribute('src')), type: s.getAttribute('type') })),
      controls: el.hasAttribute('controls'), autoplay: el.hasAttribute('autoplay'), loop: el.hasAttribute('loop'),
      muted_attr: el.hasAttribute('muted'), muted: !!el.muted,
      ready_state: el.readyState, network_state: el.networkState, error: el.error ? el.error.code : null,
      video_width: el.videoWidth === undefined ? null : el.videoWidth,
      duration: Number.isFinite(el.duration) ? el.duration : (Number.isNaN(el.duration) ? null : 'infinite'),
      in_figure: figureOf(el),
      describedby: idrefTexts(el, 'aria-describedby'), tracks: [] };
  }
  function collectMedia() {
    const videos = root.querySelectorAll('video');
    const audios = root.querySelectorAll('audio');
    out.counts.videos = videos.length;
    out.counts.audios = audios.length;
    const openSelectors = ['[data-captions="open" i]'].concat(opts.openCaptionSelectors || []);
    for (const [list, dest, limit] of [[videos, out.videos, LIMITS.videos], [audios, out.audios, LIMITS.audios]]) {
      for (const el of Array.from(list).slice(0, limit)) {
        try {
          const rec = mediaBase(el);
          if (el.tagName === 'VIDEO') {
            rec.poster = abs(el.getAttribute('poster'));
            rec.open_captions = null;
            for (const s of openSelectors) {
              try { if (el.matches(s) || el.closest(s)) { rec.open_captions = s; break; } } catch (e) { note(`open caption selector ${s}`, e); }
            }
            rec.audio = { has_audio: null, how: null };
            videoElements.set(rec, el);
          }
          for (const t of Array.from(el.querySelectorAll('track'))) {
            const kindAttr = t.getAttribute('kind');
            const kind = kindAttr == null ? 'subtitles' : (KINDS.includes(kindAttr.toLowerCase()) ? kindAttr.toLowerCase() : 'metadata');
            const tr = { selector: sel(t), html: html(t), kind, kind_attr: kindAttr, srclang: t.getAttribute('srclang'),
              label: t.getAttribute('label'), src: abs(t.getAttribute('src')), default: t.hasAttribute('default'),
              state: 'not-checked', http_status: null, content_type: null, cues: null, browser_state: null, header: null,
              same_origin: null };
            try { tr.same_origin = tr.src ? new URL(tr.src).origin === location.origin : null; } catch (e) { tr.same_origin = null; }
            rec.tracks.push(track(t, tr));
            if (['captions', 'subtitles', 'descriptions'].includes(kind) && pendingTracks.length < LIMITS.tracks) pendingTracks.push([t, tr, el]);
          }
          dest.push(track(el, rec));
        } catch (e) { note(el.tagName.toLowerCase(), e); }
      }
    }
  }
  async function loadTracks() {
    await Promise.all(pendingTracks.map(([t, tr, media]) => loadTrack(t, tr, media).catch((e) => { tr.state = 'error'; note('track', e); })));
  }
  async function loadTrack(t, tr, media) {
    if (!tr.src) { tr.state = 'no-src'; return; }
    // 1. The file itself: status, type, WebVTT signature and cue count.
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), TRACK_TIMEOUT_MS);
    try {
      const cors = media.getAttribute('crossorigin');
      const resp = await fetch(tr.src, { signal: ctrl.signal, credentials: cors === 'use-credentials' || tr.same_origin ? 'include' : 'omit' });
      tr.http_status = resp.status;
      tr.content_type = resp.headers.get('content-type');
      const body = resp.ok ? await resp.text() : '';
      tr.header = body.slice(0, 40);
      tr.cues = (body.match(/-->/g) || []).length;
      if (!resp.ok) tr.state = 'http-error';
      else if (!/^\uFEFF?WEBVTT(?:[ \t]|\r|\n|$)/.test(body)) tr.state = 'not-webvtt';
      else if (tr.cues === 0) tr.state = 'empty';
      else tr.state = 'ok';
    } catch (e) {
      tr.state = ctrl.signal.aborted ? 'timeout' : 'network-error';
      tr.fetch_error = String((e && e.message) || e).slice(0, 200);
    } finally { clearTimeout(timer); }
    // 2. What the browser makes of it (its own WebVTT parser and CORS rules).
    try {
      const tt = t.track;
      const before = tt.mode;
      if (tt.mode === 'disabled') tt.mode = 'hidden';
      if (t.readyState < 2) {
        await new Promise((resolve) => {
          const done = () => resolve();
          t.addEventListener('load', done, { once: true });
          t.addEventListener('error', done, { once: true });
          setTimeout(done, TRACK_TIMEOUT_MS);
        });
      }
      tr.browser_state = ['none', 'loading', 'loaded', 'error'][t.readyState] || null;
      if (t.readyState === 2 && tt.cues) tr.browser_cues = tt.cues.length;
      if (before === 'disabled') tt.mode = 'disabled';
    } catch (e) { note('track element', e); }
  }
  async function probeAudio() {
    // Does the video carry sound? Chromium reports decoded audio bytes only while playing, so
    // each loaded video plays muted for a moment and is put back. Unknown stays null.
    await Promise.all(Array.from(videoElements.entries()).map(async ([v, el]) => {
      try {
        if (el.audioTracks && typeof el.audioTracks.length === 'number') {
          v.audio = { has_audio: el.audioTracks.length > 0, how: 'audioTracks' };
          return;
        }
        if (typeof el.mozHasAudio === 'boolean') { v.audio = { has_audio: el.mozHasAudio, how: 'mozHasAudio' }; return; }
        if (typeof el.webkitAudioDecodedByteCount !== 'number' || el.readyState < 2 || el.error) {
          v.audio = { has_audio: null, how: el.readyState < 2 ? 'not loaded' : 'not reported' };
          return;
        }
        const wasPaused = el.paused;
        const wasMuted = el.muted;
        const time = el.currentTime;
        if (wasPaused) {
          el.muted = true;
          try { await el.play(); } catch (e) { /* autoplay refused: read what we have */ }
        }
        await new Promise((r) => setTimeout(r, PROBE_MS));
        const a = el.webkitAudioDecodedByteCount;
        const vb = el.webkitVideoDecodedByteCount;
        if (wasPaused) { el.pause(); try { el.currentTime = time; } catch (e) { /* live stream */ } el.muted = wasMuted; }
        if (a > 0) v.audio = { has_audio: true, how: 'decoded audio bytes' };
        else if (vb > 0) v.audio = { has_audio: false, how: 'video decoded, no audio decoded' };
        else v.audio = { has_audio: null, how: 'nothing decoded' };
      } catch (e) { note('audio probe', e); }
    }));
  }

  // ---- embedded players --------------------------------------------------------------
  function collectFrames() {
    const MARKERS = 'video-js, .video-js, .jwplayer, [class*="wistia_embed"], .brightcove-player, blockquote.tiktok-embed, '
      + '.fb-video, blockquote.twitter-video, blockquote.instagram-media, [data-video-id], [data-embed-src]';
    const all = Array.from(root.querySelectorAll('iframe, embed, object'));
    let markers = [];
    try { markers = Array.from(root.querySelectorAll(MARKERS)).filter((m) => m.tagName !== 'VIDEO' && !m.closest('iframe')); } catch (e) { note('frames', e); }
    out.counts.frames = all.length + markers.length;
    for (const el of all.concat(markers).slice(0, LIMITS.frames)) {
      try {
        const tag = el.tagName.toLowerCase();
        const r = rectOf(el);
        const src = el.getAttribute('src') || el.getAttribute('data-src') || el.getAttribute('data-lazy-src')
          || el.getAttribute('data') || el.getAttribute('data-embed-src') || el.getAttribute('cite') || el.getAttribute('data-href')
          || el.getAttribute('data-instgrm-permalink') || '';
        out.frames.push(track(el, { selector: sel(el), html: html(el), tag, marker: !["iframe", "embed", "object"].includes(tag),
          has_video: !!el.querySelector("video"),
          src: abs(src), title: clean(el.getAttribute('title'), 200), class: clean(typeof el.className === 'string' ? el.className : '', 200),
          data: clean([el.getAttribute('data-account'), el.getAttribute('data-video-id'), el.getAttribute('data-player')].filter(Boolean).join(' '), 200),
          visible: cssShown(el), width: r.width, height: r.height, aria_hidden: ariaHidden(el),
          in_figure: figureOf(el) }));
      } catch (e) { note('frame', e); }
    }
  }

  // ---- texts: headings, links/buttons, datelines, bylines ----------------------------
  function collectTexts() {
    try {
      const hs = root.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]');
      out.counts.headings = hs.length;
      for (const h of Array.from(hs).slice(0, LIMITS.headings)) {
        const text = clean(h.textContent, 200);
        if (text) out.headings.push(track(h, { text }));
      }
      const cs = root.querySelectorAll('a[href], button, summary, [role=button], [role=tab], [role=link]');
      out.counts.controls = cs.length;
      for (const c of Array.from(cs).slice(0, LIMITS.controls)) {
        const text = clean(c.textContent, 150) || clean(c.getAttribute('aria-label') || c.getAttribute('title'), 150);
        if (text) out.controls.push(track(c, { text, href: c.getAttribute('href') ? abs(c.getAttribute('href')) : null, tag: c.tagName.toLowerCase() }));
      }
      for (const b of Array.from(root.querySelectorAll('[id*="transcri" i], [class*="transcri" i], [id*="transkri" i], [class*="transkri" i], [id*="trascri" i], [class*="trascri" i]')).slice(0, 20)) {
        out.transcript_blocks.push(track(b, { selector: sel(b), tag: b.tagName.toLowerCase(),
          id_class: clean(`${b.id} ${typeof b.className === 'string' ? b.className : ''}`, 150), text_length: clean(b.textContent).length }));
      }
    } catch (e) { note('headings/links', e); }

    // Captions and photo credits are left out: a wire photo is not wire text. So are lists of other stories
    // (related, recommended, promoted), whose datelines and credits are not this article's.
    const ELSEWHERE = '[class*="related" i], [id*="related" i], [class*="recommend" i], [id*="recommend" i], '
      + '[class*="promo" i], [class*="sponsor" i]';
    const SKIP = 'script, style, noscript, template, figure, figcaption, nav, aside, [role=navigation], [role=complementary], '
      + '[aria-hidden="true" i], [class*="caption" i], [class*="credit" i], ' + ELSEWHERE;
    try {
      // The first characters of the article text (datelines sit there), captions left out.
      let start = '';
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement && n.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      let n;
      while (start.length < 800 && (n = walker.nextNode())) start += n.nodeValue + ' ';
      out.text.start = clean(start, 800);
    } catch (e) { note('start text', e); }
    try {
      // The site's footer (outside any <article>) holds boilerplate such as "AP articles: Copyright ...".
      const siteFooter = (e) => { const f = e.closest('footer, [role=contentinfo], [id*="footer" i], [class*="footer" i]'); return !!f && !f.closest('article'); };
      const isBlock = (e) => {
        if (e.closest(SKIP) || siteFooter(e)) return false;
        if (e.tagName === 'DIV') return Array.from(e.childNodes).some((c) => c.nodeType === 3 && c.nodeValue.trim().length > 20);
        return true;
      };
      const cands = Array.from(root.querySelectorAll('p, li, blockquote, pre, dd, h2, h3, h4, h5, h6, address, div'));
      const push = (e, where) => {
        const text = textOf(e, 500);
        if (!text) return false;
        out.text.blocks.push(track(e, { selector: sel(e), html: html(e), tag: e.tagName.toLowerCase(), text, where, visible: cssShown(e) }));
        return true;
      };
      const firsts = new Set();
      for (const e of cands) {
        if (firsts.size >= LIMITS.firstBlocks) break;
        if (isBlock(e) && !Array.from(firsts).some((f) => f.contains(e) || e.contains(f)) && push(e, 'start')) firsts.add(e);
      }
      let lasts = 0;
      for (let i = cands.length - 1; i >= 0 && lasts < LIMITS.lastBlocks; i--) {
        const e = cands[i];
        if (firsts.has(e) || !isBlock(e) || Array.from(firsts).some((f) => f.contains(e) || e.contains(f))) continue;
        if (push(e, 'end')) lasts++;
      }
    } catch (e) { note('text blocks', e); }
    try {
      const scope = root.closest('article') || root;
      // Not [class*=credit]: on news pages those are photo and chart credits. Not [class*=syndicat]: that marks
      // paid items in recommendation widgets.
      const BYLINE = '[itemprop~="author" i], [rel~="author" i], [class*="byline" i], [class*="author" i], [class*="dateline" i], '
        + '[class*="source" i], [class*="agency" i], address';
      const seen = [];
      for (const b of Array.from(scope.querySelectorAll(BYLINE))) {
        if (out.text.bylines.length >= LIMITS.bylines) break;
        if (b.closest('figure, figcaption, nav, aside, script, style, [role=navigation], [role=complementary]') || b.closest(ELSEWHERE)) continue;
        const cls = typeof b.className === 'string' ? b.className : '';
        if (/image|photo|img|pic|caption|media/i.test(cls)) continue;
        if (seen.some((s) => s.contains(b))) continue; // the outer byline element already holds this one
        const text = textOf(b, 300);
        if (!text || text.length > 200) continue;
        seen.push(b);
        out.text.bylines.push(track(b, { selector: sel(b), html: html(b), text, visible: cssShown(b) }));
      }
    } catch (e) { note('bylines', e); }
  }

  // ---- configured partner blocks -----------------------------------------------------
  function collectPartners() {
    for (const s of opts.partnerSelectors || []) {
      try {
        for (const el of Array.from(document.querySelectorAll(s)).slice(0, LIMITS.partnerBlocks)) {
          if (out.partner_blocks.length >= LIMITS.partnerBlocks) return;
          out.partner_blocks.push(track(el, { selector: sel(el), html: html(el), matched: s, text: cssShown(el) ? visibleText(el, 200) : clean(el.textContent, 200),
            visible: cssShown(el), in_article: root.contains(el) }));
        }
      } catch (e) { note(`partner selector ${s}`, e); }
    }
  }

  // ---- disclaimers -------------------------------------------------------------------
  function collectDisclaimers() {
    const regs = [];
    for (const p of opts.disclaimerPatterns || []) {
      try { regs.push(new RegExp(p, 'iu')); } catch (e) { note(`disclaimer pattern ${p}`, e); }
    }
    if (!regs.length || !document.body) return;
    const norm = (s) => String(s || '').replace(/\s+/g, ' ');
    const matches = (el) => { const t = norm(el.textContent); return regs.some((r) => r.test(t)); };
    if (!matches(document.body)) return;
    const NOT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE', 'HEAD']);
    const found = [];
    const visit = (el, depth) => {
      if (found.length >= LIMITS.disclaimers || depth > 60) return;
      const kids = Array.from(el.children).filter((c) => !NOT.has(c.tagName) && matches(c));
      if (kids.length) { for (const k of kids) visit(k, depth + 1); return; }
      if (!NOT.has(el.tagName)) found.push(el);
    };
    visit(document.body, 0);
    for (const el of found) {
      try { out.disclaimers.push(track(el, disclaimerFacts(el))); } catch (e) { note('disclaimer', e); }
    }
  }
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
      const v = vnode(holder);
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
      void v;
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
}
