// meta: the page's metadata about itself (canonical and source links, Open Graph, JSON-LD
// reduced to the organisation and authorship keys). Fills PageFacts.meta.
collectors.meta = () => {
  const m = { canonical: [], og_url: null, og_site_name: null, original_source: [], syndication_source: [], jsonld: [] };
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
  for (const s of Array.from(document.querySelectorAll('script[type="application/ld+json" i]')).slice(0, 12)) {
    try {
      const body = s.textContent.replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[/, '').replace(/(?:\/\/\s*)?\]\]>\s*$/, '');
      const r = reduce(JSON.parse(body), 0);
      if (r != null) m.jsonld.push(r);
    } catch (e) { note('json-ld', e); }
  }
  return { meta: m };
};
