// The article collector: facts about the article that only the page can compute
// (visibility, accessible names, sizes, colours), recorded as data for the rules.
// Runs in the top frame after axe, and uses axe's own accessible-name and visibility code.
({ articleSelector }) => {
  const axe = window.axe;
  const root = (articleSelector && document.querySelector(articleSelector))
    || document.querySelector('[itemprop=articleBody]')
    || document.querySelector('article')
    || document.querySelector('main')
    || document.body;
  axe.setup(document);
  try {
    const sel = (el) => { try { return axe.utils.getSelector(el); } catch (e) { return el.tagName.toLowerCase(); } };
    return {
      lang: (document.documentElement.getAttribute('lang') || '').trim(),
      root: root ? sel(root) : null,
      root_source: root === document.body ? 'body' : 'article',
    };
  } finally {
    axe.teardown();
  }
}
