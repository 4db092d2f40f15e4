/**
 * cti.js: the CTI Connector client for web CRMs. An ES module with no dependencies (beside it, `linkify.js`).
 *
 * ```js
 * import { connect } from './cti.js';
 * const cti = connect({ name: 'My CRM' });             // agent on http://127.0.0.1:5995
 * cti.on('pairing', ({ state }) => banner.hidden = state !== 'pending');
 * cti.on('call.incoming', (e) => popup(e.contact?.name ?? e.remote.raw));
 * cti.linkify(document.body, { observe: true });         // tel: links and numbers become click-to-call buttons
 * await cti.dial('+33 1 23 45 67 89', { contactId });
 * ```
 *
 * Pairing: the page's origin asks the agent for a token (`POST /v1/pair`). An origin listed in the agent's
 * `Api:AllowedOrigins` gets it at once; any other waits ("pending") until the user approves the site in the agent's
 * UI, and the client asks again with a growing delay meanwhile. The token is kept in `storage` (localStorage by
 * default, so per origin), and dropped and asked for again when the agent no longer accepts it (401, or 403 for a
 * revoked origin).
 *
 * Events come over a WebSocket (`/v1/events`, or Server-Sent Events with `transport: 'sse'`), reconnected with a
 * growing delay after a failure; every (re)connection starts with a `snapshot` event holding the whole state.
 *
 * @module cti
 */

/** The agent's default API address. */
export const DEFAULT_AGENT_URL = 'http://127.0.0.1:5995';

import { linkify } from './linkify.js';

export { findPhoneNumbers, linkify } from './linkify.js';

const TOKEN_KEY_PREFIX = 'cti-connector:token:';

/** An error answered by the agent (`application/problem+json`), or a client-side condition such as pending pairing. */
export class CtiError extends Error {
  /**
   * @param {string} message human-readable explanation
   * @param {{ status?: number, type?: string }} [details] HTTP status (0 when the agent is unreachable) and problem type
   */
  constructor(message, { status = 0, type = 'error' } = {}) {
    super(message);
    this.name = 'CtiError';
    /** HTTP status, 0 when the agent could not be reached. */
    this.status = status;
    /** Stable problem type, e.g. `bad-target`, `pairing-pending`, `unreachable`. */
    this.type = type;
  }
}

/**
 * @typedef {object} Storage a localStorage-like store; methods may return promises (e.g. chrome.storage adapters)
 * @property {(key: string) => (string | null | Promise<string | null>)} getItem
 * @property {(key: string, value: string) => (void | Promise<void>)} setItem
 * @property {(key: string) => (void | Promise<void>)} removeItem
 */

/**
 * @typedef {object} ConnectOptions
 * @property {string} [agentUrl] the agent's API address (default `http://127.0.0.1:5995`)
 * @property {string} [name] the name the user sees in the pairing request (default: the page's title or host)
 * @property {Storage} [storage] where the token is kept (default `localStorage`, else memory)
 * @property {'websocket' | 'sse'} [transport] the event stream's transport (default `websocket`)
 * @property {{ initialMs?: number, maxMs?: number }} [retry] delays between pairing attempts and reconnections
 * @property {number} [keepAliveMs] WebSocket keep-alive message interval (default 20000; 0 for none)
 */

/**
 * Connects to the agent: starts pairing at once and returns the client.
 * @param {ConnectOptions} [options]
 * @returns {CtiClient}
 */
export function connect(options = {}) {
  const client = new CtiClient(options);
  client.pair();
  return client;
}

/** A connection to one agent from one web origin. Create it with {@link connect}. */
export class CtiClient {
  /** @param {ConnectOptions} [options] */
  constructor({ agentUrl = DEFAULT_AGENT_URL, name, storage, transport = 'websocket', retry = {}, keepAliveMs = 20000 } = {}) {
    /** The agent's API address, without trailing slash. */
    this.agentUrl = String(agentUrl).replace(/\/+$/, '');
    this.name = name ?? defaultName();
    this.transport = transport;
    this.keepAliveMs = keepAliveMs;
    this._storage = storage ?? defaultStorage();
    this._retry = { initialMs: retry.initialMs ?? 1000, maxMs: retry.maxMs ?? 10000 };
    /** @type {Map<string, Set<Function>>} */
    this._handlers = new Map();
    /**
     * Pairing state: `idle` (not asked yet), `pairing` (asking), `pending` (the user must approve this site in
     * CTI Connector), `paired`, or `unreachable` (the agent does not answer; retried).
     */
    this.pairingState = 'idle';
    /** Event stream state: `closed`, `connecting`, `open`. */
    this.connectionState = 'closed';
    this._token = null;
    this._pairing = null;
    this._firstAnswer = null;
    this._closed = false;
    this._stream = null;
    this._streamTimer = 0;
    this._streamFailures = 0;
    this._streamWanted = false;
  }

  /**
   * Subscribes to an agent event type (`snapshot`, `call.incoming`, `call.answered`, `call.ended`...), `*` for
   * every agent event, or the client's own `pairing` ({ state, origin? }) and `connection` ({ state }) events.
   * Agent events start flowing (and the stream is opened) on the first agent-event subscription.
   * @param {string} type
   * @param {(event: any) => void} handler
   * @returns {() => void} unsubscribes
   */
  on(type, handler) {
    if (typeof handler !== 'function') {
      throw new TypeError('handler must be a function');
    }
    let set = this._handlers.get(type);
    if (!set) {
      set = new Set();
      this._handlers.set(type, set);
    }
    set.add(handler);
    if (type !== 'pairing' && type !== 'connection') {
      this._startStream();
    }
    return () => set.delete(handler);
  }

  /**
   * Asks for a token until the agent gives one (repeating while the user has not approved this site).
   * Resolves with the pairing state after the first answer: `paired`, `pending` or `unreachable`.
   * @returns {Promise<string>}
   */
  async pair() {
    if (!this._pairing) {
      let answered;
      this._firstAnswer = new Promise((resolve) => { answered = resolve; });
      this._pairing = this._pairLoop(answered).finally(() => { this._pairing = null; });
    }
    await this._firstAnswer;
    return this.pairingState;
  }

  /**
   * Places a call. `number` is a phone number in any common format, or a `tel:`/`sip:` URI.
   * @param {string} number
   * @param {{ contactId?: string, account?: string }} [options] the agent's contact id logs the call to that contact
   * @returns {Promise<object>} the call (`{ id, direction, state, remote, contact, ... }`)
   */
  dial(number, { contactId, account } = {}) {
    const body = { to: String(number ?? '').trim() };
    if (contactId) body.contactId = contactId;
    if (account) body.account = account;
    return this.request('POST', '/v1/calls', body);
  }

  /** Answers a ringing incoming call. @param {string} callId @returns {Promise<object>} the call */
  answer(callId) {
    return this.request('POST', `/v1/calls/${encodeURIComponent(callId)}/answer`);
  }

  /** Ends a call in any state (cancel, decline or hang up). @param {string} callId @returns {Promise<object>} the call */
  hangup(callId) {
    return this.request('POST', `/v1/calls/${encodeURIComponent(callId)}/hangup`);
  }

  /** The calls in progress. @returns {Promise<object[]>} */
  calls() {
    return this.request('GET', '/v1/calls');
  }

  /**
   * Call history, newest first.
   * @param {{ contactId?: string, number?: string, limit?: number, before?: number }} [query]
   * @returns {Promise<object[]>} history records (`{ id, direction, startedAt, durationSeconds, disposition, ... }`)
   */
  history({ contactId, number, limit, before } = {}) {
    const query = new URLSearchParams();
    if (contactId) query.set('contactId', contactId);
    if (number) query.set('number', number);
    if (limit != null) query.set('limit', String(limit));
    if (before != null) query.set('before', String(before));
    const text = query.toString();
    return this.request('GET', '/v1/history' + (text ? `?${text}` : ''));
  }

  /**
   * Directory contacts: by number (`{ number }`, the one owning it) or by text (`{ q }`, name/company/number prefix).
   * @param {{ number?: string, q?: string, limit?: number }} query
   * @returns {Promise<object[]>} contacts (`{ id, externalId, name, company, crmUrl, numbers }`)
   */
  contacts({ number, q, limit } = {}) {
    const query = new URLSearchParams();
    if (number) query.set('number', number);
    if (q) query.set('q', q);
    if (limit != null) query.set('limit', String(limit));
    return this.request('GET', `/v1/contacts?${query}`);
  }

  /** The agent's status (version, accounts, calls). @returns {Promise<object>} */
  status() {
    return this.request('GET', '/v1/status');
  }

  /**
   * Turns `tel:` links and phone numbers under `root` into click-to-call buttons that dial through this client.
   * @param {Node} root
   * @param {import('./linkify.js').LinkifyOptions} [options] `onCall` defaults to {@link CtiClient#dial}
   * @returns {import('./linkify.js').Linkifier}
   */
  linkify(root, options = {}) {
    return linkify(root, { onCall: (number) => this.dial(number), ...options });
  }

  /**
   * An API request with this origin's token. Waits for the first pairing answer; fails with `pairing-pending`
   * while the user has not approved this site. A token the agent refuses is dropped and pairing starts again.
   * @param {string} method
   * @param {string} path starting with `/v1/`
   * @param {unknown} [body] sent as JSON
   * @returns {Promise<any>} the JSON answer (null when empty)
   */
  async request(method, path, body) {
    const token = await this._currentToken();
    let response;
    try {
      response = await this._fetch(method, path, body, token);
    } catch (error) {
      if (await this._pairingLost(token)) {
        throw new CtiError('CTI Connector no longer accepts this site\'s token: approve this site in CTI Connector.', {
          status: 403, type: 'forbidden-origin',
        });
      }
      throw error;
    }
    if (response.status === 401 || (response.status === 403 && (await readProblem(response)).type === 'forbidden-origin')) {
      const problem = await readProblem(response);
      await this._forget(token);
      this.pair();
      throw new CtiError(`${problem.message} Pairing again: approve this site in CTI Connector.`, {
        status: response.status, type: problem.type,
      });
    }
    if (!response.ok) {
      const problem = await readProblem(response);
      throw new CtiError(problem.message, { status: response.status, type: problem.type });
    }
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** Closes the event stream and stops pairing attempts. */
  close() {
    this._closed = true;
    this._streamWanted = false;
    clearTimeout(this._streamTimer);
    this._closeStream();
    this._setConnection('closed');
  }

  async _currentToken() {
    if (this._token) return this._token;
    const stored = await this._storage.getItem(this._tokenKey());
    if (stored) {
      this._token = stored;
      this._setPairing('paired');
      return stored;
    }
    await this.pair();
    if (this._token) return this._token;
    throw this.pairingState === 'unreachable'
      ? new CtiError(`CTI Connector does not answer at ${this.agentUrl}: is it running?`, { type: 'unreachable' })
      : new CtiError('Approve this site in CTI Connector to place calls from it.', { status: 202, type: 'pairing-pending' });
  }

  async _pairLoop(answered) {
    let delay = this._retry.initialMs;
    while (!this._closed) {
      const stored = this._token ?? (await this._storage.getItem(this._tokenKey()));
      if (stored) {
        this._token = stored;
        this._setPairing('paired');
        answered();
        return;
      }
      if (this.pairingState !== 'pending') this._setPairing('pairing');
      try {
        const answer = await this._askPair();
        if (answer.status === 'paired' && answer.token) {
          this._token = answer.token;
          await this._storage.setItem(this._tokenKey(), answer.token);
          this._setPairing('paired', answer.origin);
          answered();
          this._reopenStreamNow();
          return;
        }
        this._setPairing('pending', answer.origin);
      } catch (error) {
        this._setPairing(error instanceof CtiError ? 'refused' : 'unreachable', undefined, error);
      }
      answered();
      await sleep(jitter(delay));
      delay = Math.min(delay * 1.5, this._retry.maxMs);
    }
  }

  /** `POST /v1/pair`: `{ status: "paired", origin, token }` or `{ status: "pending", origin }`. */
  async _askPair() {
    const response = await fetch(`${this.agentUrl}/v1/pair`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: this.name }),
      cache: 'no-store',
    });
    if (!response.ok) {
      const problem = await readProblem(response);
      throw new CtiError(problem.message, { status: response.status, type: problem.type });
    }
    return response.json();
  }

  /**
   * After a request that failed without an answer: an origin the agent no longer trusts (revoked) gets no CORS
   * headers, which a page cannot tell from a network failure. The pairing endpoint answers every origin, so it tells:
   * true (and the token dropped, pairing again) when the agent no longer pairs this origin with `token`.
   */
  async _pairingLost(token) {
    let answer;
    try {
      answer = await this._askPair();
    } catch {
      return false;
    }
    if (answer.status === 'paired' && answer.token === token) return false;
    await this._forget(token);
    if (answer.status === 'paired' && answer.token) {
      this._token = answer.token;
      await this._storage.setItem(this._tokenKey(), answer.token);
      this._setPairing('paired', answer.origin);
      this._reopenStreamNow();
    } else {
      this._setPairing('pending', answer.origin);
      this.pair();
    }
    return true;
  }

  async _forget(token) {
    if (this._token === token) this._token = null;
    if ((await this._storage.getItem(this._tokenKey())) === token) {
      await this._storage.removeItem(this._tokenKey());
    }
    this._setPairing('pairing');
  }

  _tokenKey() {
    return TOKEN_KEY_PREFIX + this.agentUrl;
  }

  _fetch(method, path, body, token) {
    const init = { method, headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(this.agentUrl + path, init).catch((error) => {
      throw new CtiError(`CTI Connector does not answer at ${this.agentUrl}: ${error.message}`, { type: 'unreachable' });
    });
  }

  _setPairing(state, origin, error) {
    if (this.pairingState === state) return;
    this.pairingState = state;
    this._emit('pairing', { state, origin, error });
  }

  _setConnection(state) {
    if (this.connectionState === state) return;
    this.connectionState = state;
    this._emit('connection', { state });
  }

  _emit(type, event) {
    for (const key of [type, ...(type === 'pairing' || type === 'connection' ? [] : ['*'])]) {
      for (const handler of this._handlers.get(key) ?? []) {
        try {
          handler(event);
        } catch (error) {
          setTimeout(() => { throw error; });
        }
      }
    }
  }

  _startStream() {
    this._streamWanted = true;
    if (this._closed || this._stream || this._streamTimer) return;
    this._openStream();
  }

  async _openStream() {
    this._streamTimer = 0;
    if (this._closed || this._stream) return;
    this._setConnection('connecting');
    let token;
    try {
      token = await this._currentToken();
      if (this._streamFailures > 0) {
        // A stream that failed may have been refused: an authenticated request tells (and re-pairs on 401).
        await this.request('GET', '/v1/status');
        token = this._token ?? token;
      }
    } catch {
      // Not paired yet, or the agent does not answer: try again later, less often each time.
      this._streamFailures++;
      this._scheduleStream();
      return;
    }
    if (this._closed || this._stream) return;
    const url = `${this.agentUrl.replace(/^http/, 'ws')}/v1/events?access_token=${encodeURIComponent(token)}`;
    const onEvent = (data) => {
      let event;
      try {
        event = JSON.parse(data);
      } catch {
        return;
      }
      if (event && typeof event.type === 'string') this._emit(event.type, event);
    };
    let opened = false;
    const onOpen = () => {
      opened = true;
      this._streamFailures = 0;
      this._setConnection('open');
    };
    const onClose = () => {
      if (this._stream !== stream) return;
      this._stream = null;
      if (!opened) this._streamFailures++;
      else this._streamFailures = 1;
      this._setConnection(this._closed ? 'closed' : 'connecting');
      this._scheduleStream();
    };
    let stream;
    if (this.transport === 'sse') {
      const source = new EventSource(`${this.agentUrl}/v1/events/stream?access_token=${encodeURIComponent(token)}`);
      stream = { close: () => source.close() };
      source.onopen = onOpen;
      source.onmessage = (message) => onEvent(message.data);
      source.onerror = () => {
        // EventSource would retry by itself with the same (maybe refused) token: take over instead.
        source.close();
        onClose();
      };
      // The agent names each event (`event: TYPE`): EventSource delivers named events to their own listeners only.
      const types = new Set([...this._agentEventTypes(), ...this._handlers.keys()]);
      for (const type of types) {
        if (type !== '*' && type !== 'pairing' && type !== 'connection') source.addEventListener(type, (message) => onEvent(message.data));
      }
    } else {
      const socket = new WebSocket(url);
      let keepAlive = 0;
      stream = {
        close: () => {
          clearInterval(keepAlive);
          socket.close();
        },
      };
      socket.onopen = () => {
        onOpen();
        if (this.keepAliveMs > 0) {
          keepAlive = setInterval(() => socket.readyState === 1 && socket.send('{"type":"ping"}'), this.keepAliveMs);
        }
      };
      socket.onmessage = (message) => onEvent(message.data);
      socket.onclose = () => {
        clearInterval(keepAlive);
        onClose();
      };
    }
    this._stream = stream;
  }

  _agentEventTypes() {
    return ['snapshot', 'registration.changed', 'call.incoming', 'call.outgoing', 'call.ringing', 'call.answered', 'call.held',
      'call.resumed', 'call.updated', 'call.dtmf', 'call.transferred', 'call.ended', 'subscription.dropped'];
  }

  /** After pairing: an event stream waiting to retry opens now, with the new token. */
  _reopenStreamNow() {
    if (!this._streamWanted || this._stream || this._closed) return;
    clearTimeout(this._streamTimer);
    this._streamTimer = 0;
    this._streamFailures = 0;
    this._openStream();
  }

  _closeStream() {
    const stream = this._stream;
    this._stream = null;
    stream?.close();
  }

  _scheduleStream() {
    if (this._closed || this._streamTimer) return;
    const delay = Math.min(this._retry.initialMs * 2 ** Math.max(0, this._streamFailures - 1), this._retry.maxMs);
    this._streamTimer = setTimeout(() => this._openStream(), jitter(delay));
  }
}

/* ------------------------------------------------------------------------------------------------------------ */

function defaultStorage() {
  try {
    if (typeof localStorage !== 'undefined') {
      const probe = TOKEN_KEY_PREFIX + 'probe';
      localStorage.setItem(probe, '1');
      localStorage.removeItem(probe);
      return localStorage;
    }
  } catch {
    // Storage disabled (private mode, sandboxed frame): keep the token in memory.
  }
  const memory = new Map();
  return {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => { memory.set(key, value); },
    removeItem: (key) => { memory.delete(key); },
  };
}

function defaultName() {
  if (typeof document !== 'undefined' && document.title) return document.title;
  if (typeof location !== 'undefined') return location.host || location.origin;
  return 'Web CRM';
}

async function readProblem(response) {
  try {
    const problem = await response.clone().json();
    return { type: String(problem.type ?? `http-${response.status}`).replace(/^.*[:/]/, ''), message: problem.detail ?? problem.title ?? `HTTP ${response.status}` };
  } catch {
    return { type: `http-${response.status}`, message: `The agent answered HTTP ${response.status}.` };
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function jitter(ms) {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}
