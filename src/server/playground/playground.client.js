// The playground page's script: GraphiQL (from npm, bundled by esbuild) with the hub's examples.
// Plain JavaScript with React.createElement so that the server's TypeScript needs no DOM or JSX.
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const config = JSON.parse(document.getElementById('huiju-config').textContent);

// The token field (shown when the server wants credentials): kept for this tab only, never in
// localStorage; sent as a bearer token unless the Headers tab sets an Authorization header.
const tokenInput = document.getElementById('huiju-token');
const TOKEN_KEY = 'huiju:token';
if (tokenInput) {
  try {
    tokenInput.value = window.sessionStorage.getItem(TOKEN_KEY) ?? '';
    tokenInput.addEventListener('input', () => window.sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim()));
  } catch {
    // storage may be disabled; the field still works for this page
  }
}

function authorizationHeaders(headers) {
  const token = tokenInput?.value.trim();
  const own = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization' || k.toLowerCase() === 'x-api-key');
  return token && !own ? { authorization: `Bearer ${token}` } : {};
}

// Subscriptions go over a WebSocket to the same host's /graphql (graphql-transport-ws), with the
// token in connectionParams (a browser cannot set headers on a WebSocket); everything else over
// HTTP. One connection, opened on the first subscription; a new token opens a new one.
const wsUrl = new URL(config.endpoint, window.location.href);
wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
let wsClient = null;
tokenInput?.addEventListener('input', () => {
  void wsClient?.dispose(); // the old connection closes on its own; nothing waits for it
  wsClient = null;
});

function subscriptionFetcher(params) {
  wsClient ??= createClient({
    url: wsUrl.href,
    lazy: true,
    retryAttempts: 0,
    connectionParams: () => {
      const token = tokenInput?.value.trim();
      return token ? { Authorization: `Bearer ${token}` } : {};
    },
  });
  return wsClient.iterate(params);
}

function isSubscription(params) {
  const query = String(params.query ?? '');
  const name = params.operationName;
  const re = /(^|[^\w])(query|mutation|subscription)\s*(\w*)/g;
  for (let m = re.exec(query); m; m = re.exec(query)) if (m[2] === 'subscription' && (!name || m[3] === name)) return true;
  return false;
}

async function httpFetcher(params, options) {
  const headers = options?.headers ?? {};
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authorizationHeaders(headers), ...headers },
    body: JSON.stringify(params),
    credentials: 'same-origin',
  });
  return response.json();
}

function fetcher(params, options) {
  return isSubscription(params) ? subscriptionFetcher(params) : httpFetcher(params, options);
}

/** In-memory storage: a page opened on one example starts from the examples, not from saved tabs. */
function memoryStorage() {
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    get length() {
      return map.size;
    },
  };
}

/** localStorage under a key prefix that changes with the examples, so new examples show up. */
function namespacedStorage(prefix) {
  const ls = window.localStorage;
  return {
    getItem: (k) => ls.getItem(prefix + k),
    setItem: (k, v) => ls.setItem(prefix + k, v),
    removeItem: (k) => ls.removeItem(prefix + k),
    clear: () => {
      for (const k of Object.keys(ls)) if (k.startsWith(prefix)) ls.removeItem(k);
    },
    get length() {
      return Object.keys(ls).filter((k) => k.startsWith(prefix)).length;
    },
  };
}

const wanted = new URLSearchParams(window.location.search).get('example');
const examples = config.examples;
const first = examples.find((e) => e.id === wanted);
const ordered = first ? [first, ...examples.filter((e) => e !== first)] : examples;
const tabs = ordered.map((e) => ({ query: e.query, variables: JSON.stringify(e.variables, null, 2) }));

let storage;
try {
  storage = first ? memoryStorage() : namespacedStorage(`huiju:${config.version}:`);
} catch {
  storage = memoryStorage();
}

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: tabs,
    // GraphiQL 4 fills the first editors from these, not from defaultTabs[0]
    query: tabs[0]?.query,
    variables: tabs[0]?.variables,
    storage,
    defaultEditorToolsVisibility: 'variables',
    // headers (e.g. Authorization) may be set per tab; never persisted, so a token does not outlive the tab
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
