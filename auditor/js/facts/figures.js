// figures: <figure> elements inside the article, with their figcaption, a caption-like element
// (args.captionLike selectors) when there is none, and the media inside. Fills PageFacts.figures.
collectors.figures = (args) => {
  const all = root.querySelectorAll('figure');
  counts.figures = all.length;
  const CAPTIONISH = anyOf(args.captionLike);
  for (const fig of Array.from(all).slice(0, 150)) {
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
      } else if (CAPTIONISH) {
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
        const tag = m.tagName.toLowerCase();
        rec.media.push({ kind: tag === 'input' ? 'img' : tag, visible: cssShown(m), width: mr.width, height: mr.height,
          natural_width: m.tagName === 'IMG' && m.complete ? m.naturalWidth : null,
          natural_height: m.tagName === 'IMG' && m.complete ? m.naturalHeight : null,
          lazy: m.tagName === 'IMG' ? !!(m.getAttribute('data-src') || m.getAttribute('data-srcset') || m.getAttribute('data-lazy-src')
            || m.getAttribute('data-original') || m.getAttribute('srcset') || m.closest('picture')) : null,
          named: m.tagName === 'IMG' ? !!((m.getAttribute('alt') || '').trim() || (m.getAttribute('aria-label') || '').trim()) : null,
          hidden_from_at: ariaHidden(m) || ['presentation', 'none'].includes(role(m) || '') || (m.tagName === 'IMG' && m.getAttribute('alt') === '' && !m.hasAttribute('aria-label')),
          src: abs(m.getAttribute('src') || m.getAttribute('data-src')) });
      }
      figures.push(track(fig, rec));
      figureIndex.set(fig, figures.length - 1);
    } catch (e) { note('figure', e); }
  }
  return { figures };
};
