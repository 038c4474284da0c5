/** Adds `css` to the widget's shadow root: nothing leaks into the host page, nothing leaks in. */
export function addStyles(root: ShadowRoot, css: string): void {
  if ('adoptedStyleSheets' in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else {
    // Safari before 16.4: a <style> inside the shadow root (never in the host document).
    (root as ShadowRoot).append(
      Object.assign(document.createElement('style'), { textContent: css }),
    );
  }
}
