// Scroll down in viewport steps so lazy images and embeds start loading, then back to the top.
// Each step waits for a frame (IntersectionObserver callbacks run then), bounded in steps and time.
async ({ maxSteps, maxMs }) => {
  const start = performance.now();
  const frame = () => new Promise((resolve) => {
    requestAnimationFrame(() => resolve());
    setTimeout(resolve, 50); // rAF may never fire in a throttled page
  });
  const height = () => Math.max(
    document.documentElement ? document.documentElement.scrollHeight : 0,
    document.body ? document.body.scrollHeight : 0,
  );
  const step = Math.max(300, Math.floor(window.innerHeight * 0.9));
  let y = 0;
  let steps = 0;
  while (y + window.innerHeight < height() && steps < maxSteps && performance.now() - start < maxMs) {
    y += step;
    window.scrollTo(0, y);
    steps += 1;
    await frame();
  }
  window.scrollTo(0, 0);
  await frame();
  return { steps, height: height() };
}
