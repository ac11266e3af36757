// frames: iframes, embeds and objects inside the article, and the player placeholders that
// scripts turn into players (args.placeholders selectors). Fills PageFacts.frames.
collectors.frames = (args) => {
  const frames = [];
  const all = Array.from(root.querySelectorAll('iframe, embed, object'));
  const PLACEHOLDERS = anyOf(args.placeholders);
  let placeholders = [];
  try {
    if (PLACEHOLDERS) placeholders = Array.from(root.querySelectorAll(PLACEHOLDERS)).filter((m) => m.tagName !== 'VIDEO' && !m.closest('iframe'));
  } catch (e) { note('frames', e); }
  counts.frames = all.length + placeholders.length;
  for (const el of all.concat(placeholders).slice(0, 150)) {
    try {
      const r = rectOf(el);
      const src = el.getAttribute('src') || el.getAttribute('data-src') || el.getAttribute('data-lazy-src')
        || el.getAttribute('data') || el.getAttribute('data-embed-src') || el.getAttribute('cite') || el.getAttribute('data-href')
        || el.getAttribute('data-instgrm-permalink') || '';
      frames.push(track(el, { selector: sel(el), html: html(el), tag: el.tagName.toLowerCase(),
        has_video: !!el.querySelector('video'),
        src: abs(src), title: clean(el.getAttribute('title'), 200), class_name: classOf(el, 200),
        data: clean([el.getAttribute('data-account'), el.getAttribute('data-video-id'), el.getAttribute('data-player')].filter(Boolean).join(' '), 200),
        visible: cssShown(el), width: r.width, height: r.height, aria_hidden: ariaHidden(el),
        in_figure: figureOf(el) }));
    } catch (e) { note('frame', e); }
  }
  return { frames };
};
