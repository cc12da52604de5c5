// Autoplay when the chart is scrolled into view, pause when it leaves (the page flag `autoplay`,
// off by default; never with reduced motion or without IntersectionObserver).

/**
 * Watch `target` when `enabled`: play while at least half of it is visible. `isPlaying()` and
 * `setPlaying(bool)` drive the run; `report({ visible, autoPaused })` is told after each change.
 */
export function setupAutoplay({ enabled, target, isPlaying, setPlaying, report }) {
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  if (!enabled || reducedMotion.matches || !('IntersectionObserver' in window)) return;
  let autoPaused = false;
  const observer = new IntersectionObserver((entries) => {
    const visible = entries.some((entry) => entry.isIntersecting);
    if (visible && !isPlaying()) {
      autoPaused = false;
      setPlaying(true);
    } else if (!visible && isPlaying()) {
      autoPaused = true;
      setPlaying(false);
    }
    report({ visible, autoPaused });
  }, { threshold: 0.5 });
  observer.observe(target);
}
