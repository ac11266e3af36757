// The consent dialog the page shows, if any: a known vendor's container (auditor/consent.py's
// table), else an [aria-modal]/[role=dialog] element whose text talks about cookies or consent.
// A generic dialog's accept and reject buttons are marked (data-auditor-consent) so they can be
// clicked by selector. Returns {vendor, selector, frame, tcf, accept?, reject?} or {vendor: null, tcf}.
({ vendors, generic, text, accept, reject }) => {
  const tcf = typeof window.__tcfapi === 'function';
  const shown = (el) => {
    if (!el || !el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) return true;
    // A shadow host (Usercentrics) may have no box of its own while its content is drawn.
    return !!el.shadowRoot && [...el.shadowRoot.querySelectorAll('*')].some((c) => {
      const b = c.getBoundingClientRect();
      return b.width > 0 && b.height > 0 && getComputedStyle(c).visibility !== 'hidden';
    });
  };
  for (const v of vendors) {
    for (const sel of v.dialog) {
      const el = document.querySelector(sel);
      if (shown(el)) return { vendor: v.name, selector: sel, frame: v.frame, tcf };
    }
  }
  const cookie = new RegExp(text, 'i');
  const acceptRe = new RegExp(accept, 'i');
  const rejectRe = new RegExp(reject, 'i');
  for (const sel of generic) {
    for (const el of document.querySelectorAll(sel)) {
      if (!shown(el) || !cookie.test(el.innerText || el.textContent || '')) continue;
      let yes = null;
      let no = null;
      for (const b of el.querySelectorAll('button, [role="button"], a[href], input[type="button"], input[type="submit"]')) {
        const label = (b.innerText || b.value || b.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').toLowerCase();
        if (!no && rejectRe.test(label)) no = b;
        else if (!yes && acceptRe.test(label)) yes = b;
      }
      el.setAttribute('data-auditor-consent', 'dialog');
      if (yes) yes.setAttribute('data-auditor-consent', 'accept');
      if (no) no.setAttribute('data-auditor-consent', 'reject');
      return {
        vendor: 'generic', selector: el.id ? `#${CSS.escape(el.id)}` : '[data-auditor-consent="dialog"]', frame: false, tcf,
        accept: yes ? '[data-auditor-consent="accept"]' : null, reject: no ? '[data-auditor-consent="reject"]' : null,
      };
    }
  }
  return { vendor: null, tcf };
}
