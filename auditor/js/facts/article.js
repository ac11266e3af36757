// article: which element holds the article's own content (PageFacts.root), found before every
// other script runs (they look inside `root`); then the regions inside it that may be the
// site's, and where each element a finding may point at sits. Which regions are not the
// article is auditor/scope.py's decision: this script only measures.
//
// args: {selector: the configured article_selector or null,
//        hints: [{name, pattern}]: regular expressions tested against each id and class token}
// Order of evidence: the configured selector, [itemprop=articleBody], an <article> element,
// the main region, JSON-LD articleBody text, then text density (the Readability kind). Markup
// is believed only when it holds most of the page's densest prose: a teaser's <article> in a
// rail is not the story.
const PROSE_SKIP = 'script, style, noscript, template, nav, aside, footer, form, [role=navigation], '
  + '[role=complementary], [role=contentinfo], [role=search], [aria-hidden="true" i]';
const LANDMARKS = 'header, footer, nav, aside, form, [role=banner], [role=navigation], [role=contentinfo], '
  + '[role=complementary], [role=search], [role=form]';
const MIN_ARTICLE_PROSE = 400; // characters of paragraph text below which density finds no article
const HOLDS = 0.6; // share of the densest block's prose a markup candidate must hold
const MAX_REGIONS = 300;
const MAX_PLACED = 5000;

const linkTextOf = (el) => {
  let n = 0;
  for (const a of el.querySelectorAll('a')) n += clean(a.textContent).length;
  return n;
};

// Paragraph text on the page: per element, the prose inside it, and the Readability-like score
// of the elements that hold paragraphs directly.
const measureProse = () => {
  const prose = new Map();
  const score = new Map();
  let total = 0;
  const paras = document.body ? document.body.querySelectorAll('p, pre, blockquote, div') : [];
  for (const p of paras) {
    if (p.closest(PROSE_SKIP)) continue;
    let text;
    if (p.tagName === 'DIV') { // a div that is itself a paragraph: text of its own, no block children
      const own = Array.from(p.childNodes).filter((c) => c.nodeType === 3).map((c) => c.nodeValue).join(' ');
      if (clean(own).length < 80 || p.querySelector('p, div, pre, blockquote, ul, ol, table')) continue;
      text = clean(p.textContent);
    } else {
      text = clean(p.textContent);
    }
    if (text.length < 25) continue;
    const links = linkTextOf(p);
    if (links > text.length * 0.5) continue;
    const len = text.length - links;
    total += len;
    for (let up = p; up && up !== document.documentElement; up = up.parentElement) prose.set(up, (prose.get(up) || 0) + len);
    const points = 1 + (text.match(/[,，、]/g) || []).length + Math.min(3, Math.floor(text.length / 100));
    let level = 0;
    // The body scores only for the paragraphs it holds itself: a bare page with its text straight
    // in <body> has that body as its article, a page with a content block never does.
    for (let up = p.parentElement; up && level < 3 && up !== document.documentElement; up = up.parentElement, level++) {
      if (up === document.body && level > 0) break;
      score.set(up, (score.get(up) || 0) + points / (level === 0 ? 1 : level * 2));
    }
  }
  return { prose, score, total };
};

const densest = (m) => {
  // Readability's choice: the best raw scores, weighed down by their share of link text.
  const top = Array.from(m.score).sort((x, y) => y[1] - x[1]).slice(0, 10);
  let best = null;
  let bestScore = 0;
  for (const [el, s] of top) {
    const text = clean(el.textContent).length || 1;
    const adjusted = s * (1 - Math.min(1, linkTextOf(el) / text));
    if (adjusted > bestScore) { best = el; bestScore = adjusted; }
  }
  if (!best) return null;
  // The article's text split over sibling blocks: take the parent that holds much more of it.
  for (let up = best.parentElement; up && up !== document.body && up !== document.documentElement; up = up.parentElement) {
    const more = (m.prose.get(up) || 0) >= 1.5 * (m.prose.get(best) || 0);
    const text = clean(up.textContent).length || 1;
    if (!more || linkTextOf(up) / text > 0.4) break;
    best = up;
  }
  return best;
};

const jsonLdBodies = () => {
  const out = [];
  const walk = (v, depth) => {
    if (!v || depth > 6 || out.length > 5) return;
    if (Array.isArray(v)) { v.forEach((x) => walk(x, depth + 1)); return; }
    if (typeof v === 'object') {
      if (typeof v.articleBody === 'string' && v.articleBody.length > 200) out.push(clean(v.articleBody).toLowerCase());
      for (const k of Object.keys(v)) if (k !== 'articleBody') walk(v[k], depth + 1);
    }
  };
  for (const s of document.querySelectorAll('script[type="application/ld+json" i]')) {
    try { walk(JSON.parse(s.textContent), 0); } catch (e) { /* a broken block says nothing */ }
  }
  return out;
};

// The element whose paragraphs are the JSON-LD articleBody's text: their nearest common ancestor.
const jsonLdArticle = () => {
  const bodies = jsonLdBodies();
  if (!bodies.length) return null;
  const hits = [];
  for (const p of document.querySelectorAll('p')) {
    const t = clean(p.textContent).toLowerCase();
    if (t.length >= 40 && bodies.some((b) => b.includes(t.slice(0, 120)))) hits.push(p);
    if (hits.length >= 40) break;
  }
  if (hits.length < 2) return null;
  let common = hits[0].parentElement;
  while (common && !hits.every((h) => common.contains(h))) common = common.parentElement;
  return common && common !== document.documentElement ? common : null;
};

const headlineOf = (el) => {
  const all = Array.from(document.querySelectorAll('h1')).filter((h) => clean(h.textContent) && cssShown(h));
  if (!all.length) return null;
  if (el) {
    const inside = all.find((h) => el.contains(h));
    if (inside) return inside;
    const before = all.filter((h) => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (before.length) return before[before.length - 1];
  }
  return all[0];
};

// The article's body found, its headline may sit just above it (a story header): take the
// common ancestor when it adds little text and few links, never the page's own wrapper.
const withHeadline = (el, h1) => {
  if (!el || !h1 || el.contains(h1)) return el;
  let common = el.parentElement;
  while (common && !common.contains(h1)) common = common.parentElement;
  if (!common || common === document.body || common === document.documentElement) return el;
  const extra = clean(common.textContent).length - clean(el.textContent).length;
  const links = common.querySelectorAll('a[href]').length - el.querySelectorAll('a[href]').length;
  return extra <= Math.max(1500, 0.25 * clean(el.textContent).length) && links <= 30 ? common : el;
};

function findArticle(args) {
  const a = args || {};
  const m = measureProse();
  const dense = densest(m);
  const denseProse = dense ? (m.prose.get(dense) || 0) : 0;
  const proseIn = (el) => m.prose.get(el) || 0;
  const holds = (el) => !!el && (denseProse === 0 ? proseIn(el) > 0 : proseIn(el) >= HOLDS * denseProse);
  const outside = (el) => !!el.closest('nav, aside, footer, [role=navigation], [role=complementary], [role=contentinfo]');
  let el = null;
  let source = 'none';
  let reason = '';
  if (a.selector) {
    try { el = document.querySelector(a.selector); } catch (e) { note(`article selector ${a.selector}`, e); }
    if (el) { source = 'configured'; reason = `the configured article_selector ${a.selector}`; }
    else reason = `the configured article_selector ${a.selector} matched nothing; `;
  }
  const smallest = (els) => els.filter(holds).sort((x, y) => clean(x.textContent).length - clean(y.textContent).length)[0] || null;
  const tries = [
    ['itemprop', () => smallest(Array.from(document.querySelectorAll('[itemprop~="articleBody" i]')))],
    ['article', () => smallest(Array.from(document.querySelectorAll('article, [role=article]')).filter((x) => !outside(x)))],
    ['main', () => smallest(Array.from(document.querySelectorAll('main, [role=main]')))],
    ['json-ld', () => { const j = jsonLdArticle(); return holds(j) ? j : null; }],
    ['density', () => (denseProse >= MIN_ARTICLE_PROSE ? dense : null)],
  ];
  for (const [name, find] of tries) {
    if (el) break;
    try { el = find(); } catch (e) { note(`article ${name}`, e); el = null; }
    if (el) source = name;
  }
  let confidence = '';
  if (!el) {
    reason += `no element holds article text (${m.total} characters of paragraph text on the page, `
      + `the densest block ${denseProse})`;
  } else if (source === 'configured') {
    confidence = 'high';
  } else if (source === 'density') {
    confidence = denseProse >= 0.5 * m.total ? 'medium' : 'low';
    reason += `the block with the densest paragraph text (${denseProse} of ${m.total} characters); no article markup holds it`;
  } else {
    const agrees = dense && (el === dense || el.contains(dense));
    confidence = agrees && source !== 'main' ? 'high' : 'medium';
    reason += `${source === 'main' ? 'the main region' : source === 'json-ld' ? 'the paragraphs of the JSON-LD articleBody'
      : source === 'itemprop' ? 'the itemprop=articleBody element' : 'an article element'}`
      + (agrees ? ', which holds the densest paragraph text' : `, which holds ${proseIn(el)} of the densest block's ${denseProse} characters`);
  }
  const h1 = headlineOf(el);
  if (el && source !== 'configured') {
    const grown = withHeadline(el, h1);
    if (grown !== el) { el = grown; reason += '; widened to take in the headline above it'; }
  }
  return { element: el, source, confidence, reason, h1,
    textLength: el ? proseIn(el) : 0, pageTextLength: m.total };
}

// The record of the article, once axe can name elements (after setup).
const describeArticle = (found, hints) => {
  const box = found.element;
  const rec = { selector: sel(root), html: html(root), source: found.source,
    confidence: found.confidence, reason: clean(found.reason, 500),
    headline: found.h1 ? clean(found.h1.textContent, 200) : '',
    text_length: found.textLength, page_text_length: found.pageTextLength, regions: [], elements: {} };
  found.regionIndex = new Map();
  if (!box) return rec;
  const patterns = (hints || []).map((h) => { try { return [h.name, new RegExp(h.pattern, 'i')]; } catch (e) { note(`hint ${h.name}`, e); return null; } })
    .filter(Boolean);
  const hintOf = (e) => {
    // camelCase names split like hyphenated ones: "relatedContent" is "related-Content".
    const tokens = `${e.id || ''} ${typeof e.className === 'string' ? e.className : ''}`.split(/\s+/).filter(Boolean)
      .map((t) => t.replace(/([a-z0-9])([A-Z])/g, '$1-$2'));
    for (const [name, re] of patterns) if (tokens.some((t) => re.test(t))) return name;
    return '';
  };
  const seen = box.querySelectorAll('*');
  let looked = 0;
  for (const e of seen) {
    if (rec.regions.length >= MAX_REGIONS || ++looked > 40000) break;
    const landmark = e.matches(LANDMARKS);
    const hint = landmark ? '' : hintOf(e);
    if (!landmark && !hint) continue;
    let within = null;
    for (let up = e.parentElement; up && up !== box && within === null; up = up.parentElement) {
      if (found.regionIndex.has(up)) within = found.regionIndex.get(up);
    }
    // One comment thread is one region, not a region per comment.
    if (hint && within !== null && rec.regions[within].hint === hint) continue;
    const text = clean(e.textContent);
    found.regionIndex.set(e, rec.regions.length);
    rec.regions.push({ selector: sel(e), tag: e.tagName.toLowerCase(), role: clean(e.getAttribute('role'), 40), hint,
      id_class: clean(`${e.id || ''} ${typeof e.className === 'string' ? e.className : ''}`, 200),
      text_length: text.length, link_text_length: linkTextOf(e), links: e.querySelectorAll('a[href]').length,
      has_headline: !!found.h1 && e.contains(found.h1), within });
  }
  counts.article_regions = rec.regions.length;
  return rec;
};

const LANDMARK_OF = 'header, footer, nav, aside, main, form, [role=banner], [role=contentinfo], [role=navigation], '
  + '[role=complementary], [role=main], [role=search], [role=form]';
const LANDMARK_ROLES = { banner: 'header', contentinfo: 'footer', navigation: 'nav', complementary: 'aside', main: 'main',
  search: 'search', form: 'form' };
const landmarkOf = (e) => {
  const l = e.closest(LANDMARK_OF);
  return l ? LANDMARK_ROLES[(l.getAttribute('role') || '').toLowerCase()] || l.tagName.toLowerCase() : '';
};

// Where each element sits: inside the article, inside which of its regions, under which landmark.
const placements = (found, selectors) => {
  const out = {};
  const box = found.element;
  const bySelector = new Map();
  for (const [el, rec] of ordered) if (rec.selector && !bySelector.has(rec.selector)) bySelector.set(rec.selector, el);
  const all = Array.from(new Set([...(selectors || []), ...bySelector.keys()])).slice(0, MAX_PLACED);
  counts.placed = all.length;
  for (const s of all) {
    let e = bySelector.get(s) || null;
    if (!e) { try { e = document.querySelector(s); } catch (err) { e = null; } }
    if (!e) { out[s] = { in_article: false, regions: [], landmark: '', found: false }; continue; }
    const regions = [];
    for (let up = e; up && up !== box; up = up.parentElement) {
      if (found.regionIndex && found.regionIndex.has(up)) regions.push(found.regionIndex.get(up));
    }
    out[s] = { in_article: !!box && box.contains(e), regions: regions.reverse(), landmark: landmarkOf(e), found: true };
  }
  return out;
};
