/**
 * linkify.js: phone numbers in text, and click-to-call buttons in a page. An ES module with no dependencies, used by
 * `cti.js` (which re-exports it) and by the browser extension's content script.
 *
 * ```js
 * import { linkify } from './linkify.js';
 * linkify(document.body, { observe: true, onCall: (number) => cti.dial(number) });
 * ```
 *
 * @module linkify
 */

// International: "+" and a country code, then groups separated by one space, dot or hyphen; "(0)" may follow the
// country code ("+33 (0)1 23 45 67 89"). French national: ten digits starting 0[1-9], in pairs with one consistent
// separator or none ("01 23 45 67 89", "01.23.45.67.89", "0123456789"). Digits, dots, commas or currency signs right
// around a candidate reject it (amounts, dates, longer references).
const SEP = '[ \\u00a0.\\-]';
const NUMBER_PATTERN = new RegExp(
  `(?<![\\w+.,/#€$£-])(?:` +
    `(\\+\\d{1,3}(?:${SEP}?\\(0\\))?(?:${SEP}?\\(?\\d{1,4}\\)?){2,6})` +
    `|(0[1-9](${SEP}?)\\d{2}(?:\\3\\d{2}){3})` +
  `)(?![\\w€$£%/]|[.,]\\d|${SEP}\\d|\\s?[€$£%])`,
  'gu');

/**
 * Phone numbers found in `text`: international (`+33 1 23 45 67 89`, `+44 20 7946 0958`) and French national
 * (`01 23 45 67 89`, `06.12.34.56.78`, `0123456789`) formats. Dates, times, amounts and longer digit runs are not numbers.
 * @param {string} text
 * @returns {{ start: number, end: number, text: string, number: string }[]} `number` is the dialable form (digits and `+`)
 */
export function findPhoneNumbers(text) {
  const found = [];
  for (const match of String(text).matchAll(NUMBER_PATTERN)) {
    const raw = match[0];
    const number = raw.replace(/\(0\)/, '').replace(/[^\d+]/g, '');
    const digits = number.replace('+', '').length;
    if (match[1] && (digits < 8 || digits > 15)) continue;
    if (match[1] && /[()]/.test(raw.replace(/\(0\)/, '')) && !/\(\d{1,4}\)/.test(raw.replace(/\(0\)/, ''))) continue;
    found.push({ start: match.index, end: match.index + raw.length, text: raw, number });
  }
  return found;
}

/**
 * @typedef {object} LinkifyOptions
 * @property {(number: string, element: Element) => unknown} onCall called with the dialable number on a click
 * @property {boolean} [observe] also linkify what is added to or changed under `root` later (MutationObserver)
 * @property {string} [className] class of the created buttons (default `cti-call`)
 * @property {(number: string) => string} [label] accessible name of a created button (default `Call <number>`)
 */

/**
 * @typedef {object} Linkifier
 * @property {() => number} scan linkifies what is new under the root now; returns how many numbers were turned
 * @property {() => void} observe starts linkifying what is added or changed under the root later
 * @property {() => void} stop stops observing and handling clicks (the buttons stay)
 */

const SKIPPED = new Set(['A', 'BUTTON', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'CODE', 'PRE',
  'TEMPLATE', 'SVG', 'MATH', 'IFRAME', 'CANVAS', 'TITLE', 'HEAD']);
const MARK = 'data-cti-number';
/** @type {WeakMap<Node, Linkifier & { options: LinkifyOptions }>} */
const linkifiers = new WeakMap();

/**
 * Turns `tel:` links and phone numbers in the text under `root` into click-to-call buttons. A number in text
 * becomes `<button type="button" class="cti-call" data-cti-number="+33123456789" aria-label="Call 01 23 45 67 89">`;
 * a `tel:` link keeps its `href` (for pages without the agent) but becomes a button whose accessible name is its
 * `title`, else `Call <number>`. Running it again on the same root, or on what it already turned, changes nothing;
 * with `observe`, numbers added later are turned too. Text inside links, buttons, form fields, code and editable
 * areas (and under `data-cti="off"`) is left alone. Only a user's click calls: a script's `element.click()` does not.
 * @param {Node} root
 * @param {LinkifyOptions} options
 * @returns {Linkifier}
 */
export function linkify(root, options) {
  if (!root || typeof options?.onCall !== 'function') {
    throw new TypeError('linkify(root, { onCall }) needs a root node and an onCall function');
  }
  const existing = linkifiers.get(root);
  if (existing) {
    Object.assign(existing.options, options);
    if (options.observe) existing.observe();
    existing.scan();
    return existing;
  }
  const settings = { className: 'cti-call', label: (text) => `Call ${text}`, ...options };
  const document = root.ownerDocument ?? root;
  const owned = new WeakSet();
  const onClick = (event) => {
    const target = event.target instanceof Element ? event.target.closest(`[${MARK}]`) : null;
    // Only what this linkifier turned (a page's own cti.js and the extension may both run on one page), and only a
    // real click: a script's element.click() must not place calls.
    if (!target || !owned.has(target) || !event.isTrusted) return;
    event.preventDefault();
    event.stopPropagation();
    Promise.resolve()
      .then(() => settings.onCall(target.getAttribute(MARK), target))
      .catch((error) => target.dispatchEvent(new CustomEvent('cti-call-error', { bubbles: true, detail: error })));
  };
  root.addEventListener('click', onClick, true);

  let observer = null;
  let queued = false;
  const scan = () => linkifyTree(root, settings, document, owned);
  const controller = {
    options: settings,
    scan,
    observe() {
      if (observer || typeof MutationObserver === 'undefined') return;
      observer = new MutationObserver(() => {
        if (queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          scan();
        });
      });
      observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['href'] });
    },
    stop() {
      observer?.disconnect();
      observer = null;
      root.removeEventListener('click', onClick, true);
      linkifiers.delete(root);
    },
  };
  linkifiers.set(root, controller);
  scan();
  if (settings.observe) controller.observe();
  return controller;
}

function linkifyTree(root, settings, document, owned) {
  let count = 0;
  const links = [];
  if (root.nodeType === 1 && root.matches('a[href]')) links.push(root);
  if (root.querySelectorAll) links.push(...root.querySelectorAll('a[href]'));
  for (const link of links) {
    if (link.hasAttribute(MARK)) continue;
    const number = telNumber(link.getAttribute('href'));
    if (!number) continue;
    link.setAttribute(MARK, number);
    link.setAttribute('role', 'button');
    link.setAttribute('aria-label', link.title?.trim() || settings.label(link.textContent.trim() || number));
    link.classList.add(settings.className);
    owned.add(link);
    count++;
  }

  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (skipped(node.parentElement, root) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (/\d{2}/.test(node.data)) texts.push(node);
  }
  for (const node of texts) {
    const matches = findPhoneNumbers(node.data);
    if (matches.length === 0) continue;
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const match of matches) {
      fragment.append(node.data.slice(at, match.start));
      const button = document.createElement('button');
      button.type = 'button';
      button.className = settings.className;
      button.setAttribute(MARK, match.number);
      button.setAttribute('aria-label', settings.label(match.text));
      button.textContent = match.text;
      owned.add(button);
      fragment.append(button);
      at = match.end;
      count++;
    }
    fragment.append(node.data.slice(at));
    node.replaceWith(fragment);
  }
  return count;
}

function skipped(element, root) {
  for (let current = element; current; current = current.parentElement) {
    if (SKIPPED.has(current.tagName.toUpperCase()) || current.hasAttribute(MARK) || current.isContentEditable) return true;
    if (current.getAttribute('data-cti') === 'off') return true;
    if (current === root) return false;
  }
  return false;
}

/** The number of a `tel:` (or `callto:`) href, digits and `+` only; null for anything else. */
function telNumber(href) {
  const match = /^\s*(?:tel|callto):([^;?#]*)/i.exec(href ?? '');
  if (!match) return null;
  let text;
  try {
    text = decodeURIComponent(match[1]);
  } catch {
    text = match[1];
  }
  const number = text.replace(/[^\d+*#]/g, '');
  return /\d{2}/.test(number) ? number : null;
}
