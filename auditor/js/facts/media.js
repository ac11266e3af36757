// media: <video> and <audio> inside the article. Each captions, subtitles or descriptions
// track is fetched (status, type, WebVTT signature, cues) and loaded by the browser; each
// loaded video is played muted for a moment to learn whether it carries sound. A video
// matching args.openCaptionSelectors is declared open-captioned. Fills videos and audios.
collectors.media = (args) => {
  const TRACK_TIMEOUT_MS = 3000;
  const PROBE_MS = 450;
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
      describedby: idrefTexts(el, 'aria-describedby'), tracks: [] };
  };
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
  later.push(() => Promise.all([loadTracks(), probeAudio()]));
  return out;
};
