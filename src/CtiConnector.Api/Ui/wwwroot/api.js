// The agent's /v1 API seen from its own pages: the session cookie (HTTP-only) authenticates every request.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let onSignedOut = () => {};

/** Called once the agent says the session is missing or over (401). */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

/** A JSON request to the agent; throws ApiError with the problem's detail on refusal. */
export async function api(method, path, body, contentType = 'application/json') {
  const init = { method, headers: {}, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType;
    init.body = contentType === 'application/json' ? JSON.stringify(body) : body;
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    onSignedOut();
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

/**
 * Follows the agent's event stream (WebSocket /v1/events). Every (re)connection starts with a snapshot event, so a
 * page that lost the agent (restart, sleep) is whole again as soon as it reconnects. onState gets 'live' or
 * 'reconnecting'; reconnection backs off from 1 to 5 seconds and stops when the session is gone.
 */
export function followEvents(onEvent, onState) {
  let delay = 1000;
  let stopped = false;
  let socket = null;

  const connect = () => {
    if (stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${scheme}//${location.host}/v1/events`);
    socket.addEventListener('open', () => {
      delay = 1000;
      onState('live');
    });
    socket.addEventListener('message', (message) => {
      try {
        onEvent(JSON.parse(message.data));
      } catch (error) {
        console.error('event not handled', error);
      }
    });
    socket.addEventListener('close', async () => {
      if (stopped) return;
      onState('reconnecting');
      // A refused handshake looks like any close: ask whether the session is still good.
      try {
        await api('GET', '/v1/status');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          stopped = true;
          return;
        }
      }
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    });
  };

  connect();
  return () => {
    stopped = true;
    socket?.close();
  };
}
