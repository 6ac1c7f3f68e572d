// Client-side routing on go tool trace's URLs (/goroutines, /goroutine?name=, /io, …): the current
// path and query as reactive state, link interception, and quiet URL updates (the timeline
// rewrites its query on every pan without re-rendering the page).

export const route = $state({ path: location.pathname, search: location.search });

function sync(): void {
  route.path = location.pathname;
  route.search = location.search;
}

export function query(): URLSearchParams {
  return new URLSearchParams(route.search);
}

/** Goes to a URL of the app (pushes history). */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  sync();
  window.scrollTo(0, 0);
}

/** Rewrites the URL without notifying the pages (timeline window and selection). */
export function replaceQuiet(url: string): void {
  history.replaceState(null, '', url);
}

/** URLs the server answers itself: API, downloads. */
function serverOnly(u: URL): boolean {
  return u.pathname.startsWith('/api/') || u.searchParams.get('raw') === '1';
}

export function installLinkInterception(): void {
  window.addEventListener('popstate', sync);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || href.startsWith('#')) return;
    const u = new URL(href, location.href);
    if (u.origin !== location.origin || serverOnly(u)) return;
    e.preventDefault();
    navigate(u.pathname + u.search);
  });
}
