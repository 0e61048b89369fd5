// The REST calls the pages make, and small DOM helpers. Plain ES modules: no build step.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

const KEY_STORAGE = 'handoff.key';

// A key handed over in the address (#key=…, as the development key's start-up line prints it) is kept for this tab
// only and taken out of the address at once, so it is not bookmarked or shared.
const keyInAddress = new URLSearchParams(location.hash.slice(1)).get('key');
if (keyInAddress) {
  sessionStorage.setItem(KEY_STORAGE, keyInAddress.trim());
  history.replaceState(null, '', location.pathname + location.search);
}

/** The API key this tab sends (Authorization: Bearer …); empty until one is given. */
export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

/** Asks for a key after the gateway refused the one sent (or none); true when one was given. */
function askForKey() {
  const key = window.prompt('API key for this gateway (an admin, bot or agent key; the development key is printed at start-up):');
  if (!key || !key.trim()) return false;
  sessionStorage.setItem(KEY_STORAGE, key.trim());
  return true;
}

/** Calls the gateway; answers the parsed JSON body or throws ApiError with the problem details. */
export async function api(method, path, body, retried = false) {
  const init = { method, headers: { accept: 'application/json' } };
  if (apiKey()) init.headers.authorization = `Bearer ${apiKey()}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401 && !retried && askForKey()) return api(method, path, body, true);
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { detail: text }; }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** Builds an element; strings become text nodes, so nothing from the server is ever parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

/** "1:05" for 65 seconds; "1:02:05" past an hour. */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function timeOfDay(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "explicit_request" → "Explicit request". */
export function humanize(code) {
  if (!code) return '';
  const text = String(code).replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Writes to a visually hidden live region so screen readers hear it once. */
export function announce(region, message) {
  region.textContent = '';
  // A fresh node after a tick, so the same message twice is still read.
  setTimeout(() => { region.textContent = message; }, 30);
}
