// Small helpers shared by the app and the popup page. Text always goes in through textContent, never as HTML.
import { t } from './i18n.js';

/** Builds an element: attrs go to properties (on*, hidden, ...) or attributes (aria-*, data-*); children are nodes or text. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('aria-') || name.startsWith('data-') || name === 'role' || name === 'for') node.setAttribute(name, value === true ? '' : value);
    else node[name] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The number to show for a call or history record's remote party. */
export function numberOf(item) {
  return item?.remote?.e164 ?? item?.remote?.raw ?? '';
}

/** Who is on the line: the contact's name, else the caller's display name, else the number. */
export function nameOf(item) {
  return item?.contact?.name ?? item?.remote?.displayName ?? numberOf(item);
}

/** The contact's CRM page when it is a web address (never a javascript: or other scheme). */
export function crmUrlOf(item) {
  const url = item?.contact?.crmUrl;
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The first inbound call that is still ringing, or null. */
export function ringingCall(calls) {
  for (const call of calls) {
    if (call.direction === 'inbound' && (call.state === 'ringing' || call.state === 'dialing')) return call;
  }
  return null;
}

/** Shows the incoming-call panel (elements with ids incoming-*) for a call. */
export function fillIncoming(root, call) {
  root.querySelector('#incoming-title').textContent = nameOf(call);
  // A call ringing behind a conversation says so: answering it puts the conversation on hold.
  root.querySelector('.incoming-label').textContent = t(call.waiting ? 'incoming.waiting' : 'incoming.label');
  const company = root.querySelector('#incoming-company');
  company.textContent = call.contact?.company ?? '';
  company.hidden = !call.contact?.company;
  root.querySelector('#incoming-number').textContent = numberOf(call);
  const crm = root.querySelector('#incoming-crm');
  const url = crmUrlOf(call);
  crm.hidden = !url;
  if (url) crm.href = url;
  else crm.removeAttribute('href');
}

export function describeError(error) {
  return t('error.generic', error?.message ?? String(error));
}
