/** The one HTML page: a login form, or the dice buttons once logged in (they call the JSON API). */
import { FEATURES } from './features.js';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SCRIPT = `
async function call(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
  document.getElementById('out').textContent = JSON.stringify(await res.json(), null, 2);
  return res;
}
async function login(event) {
  event.preventDefault();
  const res = await call('/api/login', { user: document.getElementById('user').value });
  if (res.ok) location.reload();
}
async function logout() { await call('/api/logout'); location.reload(); }`;

/** The page for a logged-in `user`, or the login form. */
export function page(user: string | undefined): string {
  const body = user
    ? `<p>Logged in as <b>${escape(user)}</b> <button onclick="logout()">Log out</button></p>
<p>${FEATURES.map((f) => `<button onclick="call('/api/features/${f}', ${f === 'custom_dice' ? "{sides: 20, count: 3}" : '{}'})">${f.replace('_', ' ')}</button>`).join(' ')}</p>`
    : `<form onsubmit="login(event)"><label>User name <input id="user" required pattern="[A-Za-z0-9._@-]{1,64}"></label> <button>Log in</button></form>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dice</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem}button{margin:.2rem}pre{background:#f4f4f4;padding:1rem}</style>
</head><body><h1>Dice</h1>${body}<pre id="out"></pre><script>${SCRIPT}</script></body></html>`;
}
