// The playground page's script: GraphiQL (from npm, bundled by esbuild) with the hub's examples.
// Plain JavaScript with React.createElement so that the server's TypeScript needs no DOM or JSX.
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const config = JSON.parse(document.getElementById('huiju-config').textContent);

async function fetcher(params, options) {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
    credentials: 'same-origin',
  });
  return response.json();
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
    isHeadersEditorEnabled: false,
    shouldPersistHeaders: false,
  }),
);
