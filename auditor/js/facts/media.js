// media: <video> and <audio> inside the article. Each captions, subtitles or descriptions
// track is fetched (status, type, WebVTT signature, cues) and loaded by the browser; each
// loaded video is played muted for a moment to learn whether it carries sound. A video
// matching args.openCaptionSelectors is declared open-captioned. The silence probe fetches
// the first megabyte of each element's source and decodes its audio (decodeAudioData) to
// measure the loudest sample. Beside each element: the text blocks around it (with their
// visibility measured from the text's own boxes) and the buttons of a custom player.
// Fills videos and audios.
collectors.media = (args) => {
  const TRACK_TIMEOUT_MS = 3000;
  const PROBE_MS = 450;
  const SOUND_BYTES = 1 << 20;
  const SOUND_TIMEOUT_MS = 4000;
  const KINDS = ['subtitles', 'captions', 'descriptions', 'chapters', 'metadata'];
  const pendingTracks = []; // [track element, record, media element]
  const videoElements = new Map(); // video record -> element, for the audio probe
  const out = { videos: [], audios: [] };
  const mediaBase = (el) => {
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
      describedby: idrefTexts(el, 'aria-describedby'), tracks: [],
      sound: { peak: null, seconds: null, error: 'not probed' }, nearby_text: nearbyText(el), player_controls: playerControls(el) };
  };
  // Is any of this text where a reader can see it? Each text node's line boxes, clipped by the
  // ancestors that clip (overflow, clip) and by the page itself (nothing lies left of or above it).
  const textVisible = (el) => {
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.nodeValue.trim() && n.parentElement && !n.parentElement.closest('script, style, noscript, template')
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
    });
    const pageW = document.documentElement.scrollWidth, pageH = document.documentElement.scrollHeight;
    const range = document.createRange();
    let n;
    for (let seen = 0; seen < 40 && (n = w.nextNode()); seen++) {
      const parent = n.parentElement;
      if (!cssShown(parent)) continue;
      const clips = [];
      for (let a = parent; a && a !== document.documentElement; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible' || (cs.clip && cs.clip !== 'auto')
          || (cs.clipPath && cs.clipPath !== 'none')) clips.push(a.getBoundingClientRect());
      }
      range.selectNodeContents(n);
      for (const r of Array.from(range.getClientRects()).slice(0, 20)) {
        let left = Math.max(r.left + scrollX, 0), top = Math.max(r.top + scrollY, 0);
        let right = Math.min(r.right + scrollX, pageW), bottom = Math.min(r.bottom + scrollY, pageH);
        for (const c of clips) {
          left = Math.max(left, c.left + scrollX); top = Math.max(top, c.top + scrollY);
          right = Math.min(right, c.right + scrollX); bottom = Math.min(bottom, c.bottom + scrollY);
        }
        if (right - left >= 2 && bottom - top >= 2) return true;
      }
    }
    return false;
  };
  const exposedText = (el) => !ariaHidden(el) && (typeof el.checkVisibility !== 'function'
    || el.checkVisibility({ visibilityProperty: true }));
  const NOT_TEXT = 'script, style, noscript, template, video, audio, iframe, object, embed';
  // The text blocks around a media element: its siblings (three on each side), else its parent's,
  // and so on up to the article, stopping at the first level that has any text.
  const nearbyText = (el) => {
    const out = [];
    for (let node = el, level = 0; node && node !== root && level < 4; node = node.parentElement, level++) {
      for (const [where, step] of [['before', 'previousElementSibling'], ['after', 'nextElementSibling']]) {
        let sib = node[step];
        for (let taken = 0; sib && taken < 3; sib = sib[step]) {
          if (sib.matches(NOT_TEXT) || sib.querySelector('video, audio')) continue;
          const full = textOf(sib, 20000);
          if (!full) continue;
          taken++;
          out.push(track(sib, { selector: sel(sib), tag: sib.tagName.toLowerCase(), text: clean(full, 300),
            words: full.split(/\s+/).filter(Boolean).length, chars: full.replace(/\s+/g, '').length,
            visible: cssShown(sib) && textVisible(sib), exposed: exposedText(sib), where }));
        }
      }
      if (out.length) break;
    }
    return out;
  };
  // The visible buttons of the player around a media element: its nearest container (at most three
  // levels up, inside the article) that holds any.
  const BUTTONS = 'button, [role=button], input[type=button i], input[type=image i]';
  const playerControls = (el) => {
    for (let box = el.parentElement, level = 0; box && level < 3; box = box.parentElement, level++) {
      const found = Array.from(box.querySelectorAll(BUTTONS)).filter((b) => cssShown(b));
      if (found.length) return found.slice(0, 5).map((b) => accName(b) || clean(b.textContent, 60) || b.tagName.toLowerCase());
      if (box === root) break;
    }
    return [];
  };
  const mediaElements = new Map(); // media record -> element, for the silence probe
  const videos = root.querySelectorAll('video');
  const audios = root.querySelectorAll('audio');
  counts.videos = videos.length;
  counts.audios = audios.length;
  const openSelectors = args.openCaptionSelectors || [];
  for (const [list, dest] of [[videos, out.videos], [audios, out.audios]]) {
    for (const el of Array.from(list).slice(0, 30)) {
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
            state: 'not-checked', http_status: null, content_type: null, cues: null, browser_state: null, browser_cues: null,
            header: null, same_origin: null, fetch_error: null };
          try { tr.same_origin = tr.src ? new URL(tr.src).origin === location.origin : null; } catch (e) { tr.same_origin = null; }
          rec.tracks.push(track(t, tr));
          if (['captions', 'subtitles', 'descriptions'].includes(kind) && pendingTracks.length < 40) pendingTracks.push([t, tr, el]);
        }
        mediaElements.set(rec, el);
        dest.push(track(el, rec));
      } catch (e) { note(el.tagName.toLowerCase(), e); }
    }
  }

  const loadTrack = async (t, tr, media) => {
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
  };
  const loadTracks = () => Promise.all(pendingTracks.map(([t, tr, media]) => loadTrack(t, tr, media)
    .catch((e) => { tr.state = 'error'; note('track', e); })));
  // Does the video carry sound? Chromium reports decoded audio bytes only while playing, so
  // each loaded video plays muted for a moment and is put back. Unknown stays null.
  const probeAudio = () => Promise.all(Array.from(videoElements.entries()).map(async ([v, el]) => {
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
  // The silence probe: the loudest sample of the first megabyte of the source's audio.
  const probeSound = (rec, el) => async () => {
    const first = Array.from(el.querySelectorAll('source')).map((x) => x.getAttribute('src')).find(Boolean);
    const url = el.currentSrc || abs(el.getAttribute('src')) || abs(first);
    if (!url) { rec.sound = { peak: null, seconds: null, error: 'no source' }; return; }
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), SOUND_TIMEOUT_MS);
    try {
      let sameOrigin = false;
      try { sameOrigin = new URL(url).origin === location.origin; } catch (e) { /* data: or blob: */ }
      const resp = await fetch(url, { signal: ctrl.signal, headers: { Range: `bytes=0-${SOUND_BYTES - 1}` },
        credentials: sameOrigin || el.getAttribute('crossorigin') === 'use-credentials' ? 'include' : 'omit' });
      if (!resp.ok) { rec.sound = { peak: null, seconds: null, error: `HTTP ${resp.status}` }; return; }
      const reader = resp.body.getReader();
      const parts = [];
      let size = 0;
      while (size < SOUND_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        size += value.length;
      }
      try { reader.cancel(); } catch (e) { /* finished */ }
      const bytes = new Uint8Array(Math.min(size, SOUND_BYTES));
      let at = 0;
      for (const part of parts) { const take = part.subarray(0, bytes.length - at); bytes.set(take, at); at += take.length; }
      let audio;
      try { audio = await new OfflineAudioContext(1, 1, 8000).decodeAudioData(bytes.buffer); } catch (e) {
        rec.sound = { peak: null, seconds: null, error: 'no audio the browser can decode' };
        return;
      }
      let peak = 0;
      for (let c = 0; c < audio.numberOfChannels; c++) {
        const data = audio.getChannelData(c);
        for (let i = 0; i < data.length; i++) { const v = Math.abs(data[i]); if (v > peak) peak = v; }
      }
      rec.sound = { peak: Math.round(peak * 1e6) / 1e6, seconds: Math.round(audio.duration * 100) / 100, error: null };
    } catch (e) {
      rec.sound = { peak: null, seconds: null, error: ctrl.signal.aborted ? 'timeout' : `network error: ${clean(String((e && e.message) || e), 100)}` };
    } finally { clearTimeout(timer); }
  };
  const probeSounds = () => Promise.all(Array.from(mediaElements.entries()).map(([rec, el]) => probeSound(rec, el)()
    .catch((e) => note('sound probe', e))));
  later.push(() => Promise.all([loadTracks(), probeAudio(), probeSounds()]));
  return out;
};
