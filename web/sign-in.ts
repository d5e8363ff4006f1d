/**
 * Signing in with an API key, shared by the dashboard and the explorer. The token is kept in
 * sessionStorage: for this tab only, gone when it closes, never sent anywhere but this server's
 * API as `Authorization: Bearer`. A 401 from the API shows the sign-in box. Image and download
 * URLs in answers are signed by the server, so they need no header.
 */

const STORAGE_KEY = 'distmetrics.token';

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The Authorization header for API requests, when this tab holds a token. */
export function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  location.reload();
}

let open = false;

/** Shows the sign-in box over the page (once); a token entered there is kept for the tab and the page reloads. */
export function showSignIn(message: string): void {
  if (open) return;
  open = true;
  const overlay = document.createElement('div');
  overlay.id = 'sign-in';
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  overlay.setAttribute('aria-labelledby', 'sign-in-title');
  overlay.style.cssText =
    'position:fixed;inset:0;z-index:10000;display:flex;align-items:center;justify-content:center;' +
    'background:rgba(20,24,31,.55);font:15px system-ui,sans-serif';
  const form = document.createElement('form');
  form.style.cssText =
    'background:#fff;color:#1d2330;padding:1.5rem 1.75rem;border-radius:10px;width:min(28rem,90vw);' +
    'box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;gap:.75rem';
  const title = document.createElement('h2');
  title.id = 'sign-in-title';
  title.textContent = 'Sign in to distmetrics';
  title.style.cssText = 'margin:0;font-size:1.2rem';
  const reason = document.createElement('p');
  reason.id = 'sign-in-reason';
  reason.textContent = message;
  reason.style.cssText = 'margin:0;color:#5a6270';
  const label = document.createElement('label');
  label.textContent = 'API key';
  label.style.cssText = 'display:flex;flex-direction:column;gap:.3rem;font-weight:600';
  const input = document.createElement('input');
  input.type = 'password';
  input.name = 'token';
  input.id = 'sign-in-token';
  input.autocomplete = 'off';
  input.required = true;
  input.placeholder = 'dm_…';
  input.style.cssText = 'font:inherit;padding:.45rem .6rem;border:1px solid #c5cad3;border-radius:6px';
  label.append(input);
  const hint = document.createElement('p');
  hint.textContent =
    'Kept for this tab only. An admin creates keys with: npx distmetrics keys create --name <you> --role reader';
  hint.style.cssText = 'margin:0;font-size:.85rem;color:#5a6270';
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.id = 'sign-in-submit';
  submit.textContent = 'Sign in';
  submit.style.cssText =
    'align-self:flex-start;font:inherit;font-weight:600;padding:.45rem 1rem;border:0;border-radius:6px;background:#0b63c5;color:#fff;cursor:pointer';
  form.append(title, reason, label, hint, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    sessionStorage.setItem(STORAGE_KEY, token);
    location.reload();
  });
  overlay.append(form);
  document.body.append(overlay);
  input.focus();
}

/** The message of a 401 answer (GraphQL or plain JSON), for the sign-in box. */
export async function unauthorisedMessage(res: Response): Promise<string> {
  try {
    const body = await res.clone().json();
    const message = body?.errors?.[0]?.message ?? body?.error?.message;
    if (typeof message === 'string') return storedToken() ? `${message}.` : 'This server needs an API key.';
  } catch {
    // not JSON: the generic message below
  }
  return 'This server needs an API key.';
}
