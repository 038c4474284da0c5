/**
 * Calls `show` once, when `element` comes near the screen; returns what stops waiting. Parts of a
 * page below the fold (the chart on a phone, the widget's preview) then cost nothing while the
 * top of the page is drawn: chart.js's evaluation and first drawing were most of the procedure
 * page's blocking time on a slow phone (BENCHMARKS.md, Lighthouse).
 */
export function whenVisible(element: Element, show: () => void): () => void {
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      show();
    },
    { rootMargin: '200px 0px' },
  );
  observer.observe(element);
  return () => observer.disconnect();
}
