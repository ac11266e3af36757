// images: img, input[type=image], svg[role=img] and [role=img] inside the article, with their
// accessible name, sources, link and caption (the figure's, else a figcaption or caption-like
// element, args.captionLike, beside it). Fills PageFacts.images (and graphics: every svg and canvas); runs after figures.
collectors.images = (args) => {
  const srcsetUrls = (value) => {
    if (!value) return [];
    return value.split(/,(?=\s*\S)/).map((c) => c.trim().split(/\s+/)[0]).filter(Boolean).map(abs);
  };
  const CAPTIONISH = anyOf(['figcaption', ...(args.captionLike || [])]);
  // The caption of an image outside a figure: a caption-like element in the smallest
  // container that holds this image and no other.
  const besideCaption = (img) => {
    let box = img.parentElement;
    for (let level = 0; box && level < 4; level++, box = box.parentElement) {
      if (box.querySelectorAll('img, svg, video, picture').length > (img.closest('picture') ? 2 : 1)) return null;
      const cap = Array.from(box.querySelectorAll(CAPTIONISH)).find((c) => !c.contains(img) && !c.querySelector('img'));
      if (cap) return { selector: sel(cap), text: cssShown(cap) ? visibleText(cap) : '', source: 'beside' };
      if (box === root) return null;
    }
    return null;
  };
  const images = [];
  const all = root.querySelectorAll('img, input[type=image i], svg[role=img i], [role=img i]');
  counts.images = all.length;
  for (const img of Array.from(all).slice(0, 300)) {
    try {
      const tag = img.tagName.toLowerCase();
      const r = rectOf(img);
      const rec = { selector: sel(img), html: html(img), tag: tag === 'img' || tag === 'input' || tag === 'svg' ? tag : 'other',
        explicit_role: img.getAttribute('role'), role: role(img),
        alt: img.hasAttribute('alt') ? img.getAttribute('alt') : null,
        aria_label: img.getAttribute('aria-label'), title: img.getAttribute('title'),
        name: accName(img), aria_hidden: ariaHidden(img), css_shown: cssShown(img), on_screen: false,
        width: r.width, height: r.height, lang: closestLang(img),
        src: null, current_src: null, lazy_src: null, srcset: [], complete: null, natural_width: null, natural_height: null,
        attr_width: null, attr_height: null, picture_sources: [] };
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
      rec.link = link ? { href: abs(link.getAttribute('href')), download: link.hasAttribute('download'), name: accName(link),
        named_from_author: link.hasAttribute('aria-label') || link.hasAttribute('aria-labelledby'),
        text: clean(link.textContent, 200) } : null;
      const named = img.parentElement && img.parentElement.closest('button[aria-label], button[aria-labelledby], [role][aria-label], [role][aria-labelledby], a[aria-label], a[aria-labelledby]');
      rec.named_ancestor = !!named;
      rec.describedby = idrefTexts(img, 'aria-describedby');
      const figIdx = figureOf(img);
      if (figIdx !== null) {
        rec.figure = figIdx;
        const f = figures[rec.figure];
        const capText = f.figcaption ? f.figcaption.visible_text : (f.caption_like ? f.caption_like.text : '');
        rec.caption = capText ? { text: capText, source: f.figcaption ? 'figcaption' : 'caption-like',
          selector: f.figcaption ? f.figcaption.selector : f.caption_like.selector } : null;
      } else {
        rec.figure = null;
        const c = besideCaption(img);
        rec.caption = c && c.text ? c : null;
      }
      images.push(track(img, rec));
    } catch (e) { note('image', e); }
  }
  // Every svg (outermost) and canvas, whatever its role: the ACT image rules judge them all.
  const graphics = [];
  const NAMED = 'button[aria-label], button[aria-labelledby], [role][aria-label], [role][aria-labelledby], a[aria-label], a[aria-labelledby]';
  const blankCanvas = (c) => {
    try {
      if (!c.width || !c.height) return true;
      const w = Math.min(c.width, 400), h = Math.min(c.height, 400);
      const data = c.getContext('2d').getImageData(0, 0, w, h).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return false;
      return true;
    } catch (e) { return null; } // a WebGL canvas, or one tainted by another origin's image
  };
  const gs = Array.from(root.querySelectorAll('svg, canvas')).filter((g) => !(g.tagName.toLowerCase() === 'svg' && g.parentElement && g.parentElement.closest('svg')));
  counts.graphics = gs.length;
  for (const g of gs.slice(0, 300)) {
    try {
      const tag = g.tagName.toLowerCase();
      const r = rectOf(g);
      const rec = { selector: sel(g), html: html(g), tag, explicit_role: g.getAttribute('role'), role: role(g), name: accName(g),
        aria_hidden: ariaHidden(g), css_shown: cssShown(g), on_screen: false, width: r.width, height: r.height,
        named_ancestor: !!(g.parentElement && g.parentElement.closest(NAMED)), blank: tag === 'canvas' ? blankCanvas(g) : null };
      rec.on_screen = rec.css_shown && onScreen(g);
      graphics.push(track(g, rec));
    } catch (e) { note('graphic', e); }
  }
  return { images, graphics };
};
