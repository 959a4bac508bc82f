// The playground page's script: GraphiQL (from npm, bundled by esbuild) with the hub's examples,
// the last result as a table (CSV / TSV export) and saved operations per user.
// Plain JavaScript with React.createElement so that the server's TypeScript needs no DOM or JSX;
// the pure parts (flattening, CSV, saved-list edits) are TypeScript modules beside it, unit-tested.
import { useEditorContext } from '@graphiql/react';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import 'graphiql/style.css';
import { createElement as h, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { defaultListPath, exportFileName, listPaths, operationNameOf, resultTable, toCsv, toTsv } from './result-table';
import {
  deleteSaved,
  exportSaved,
  importSaved,
  newId,
  parseSavedList,
  renameSaved,
  SAVED_STORAGE_PREFIX,
  savedOwner,
  upsertSaved,
} from './saved-operations';

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

// The last result any tab received (a subscription: its last event), for the table below GraphiQL.
let lastResult = null;
const resultListeners = new Set();
function publishResult(params, payload) {
  if (!payload || typeof payload !== 'object') return;
  lastResult = { operationName: operationNameOf(String(params.query ?? ''), params.operationName), payload, at: new Date() };
  for (const listener of resultListeners) listener();
}
function subscribeResults(listener) {
  resultListeners.add(listener);
  return () => resultListeners.delete(listener);
}

async function httpFetcher(params, options, publish = true) {
  const headers = options?.headers ?? {};
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authorizationHeaders(headers), ...headers },
    body: JSON.stringify(params),
    credentials: 'same-origin',
  });
  const payload = await response.json();
  if (publish) publishResult(params, payload);
  return payload;
}

/** Passes a subscription's events through, publishing each; stopping it stops the inner one at once. */
function tapped(iterator, params) {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const step = await iterator.next();
      if (!step.done) publishResult(params, step.value);
      return step;
    },
    return: (value) => (iterator.return ? iterator.return(value) : Promise.resolve({ done: true, value })),
    throw: (err) => (iterator.throw ? iterator.throw(err) : Promise.reject(err)),
  };
}

function fetcher(params, options) {
  // GraphiQL asks for the schema by introspection: that result is not the user's, so no table
  if (params.operationName === 'IntrospectionQuery') return httpFetcher(params, options, false);
  return isSubscription(params) ? tapped(subscriptionFetcher(params), params) : httpFetcher(params, options);
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

// ---- files and clipboard --------------------------------------------------------------------

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // no clipboard API (plain http on a LAN address is not a secure context): the old way
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

// ---- the result as a table -----------------------------------------------------------------

/** Rows the page draws; the CSV and TSV have them all. */
const SHOWN_ROWS = 1000;

function cellView(cell, key) {
  if (cell === null) return h('td', { key, className: 'null' });
  return h('td', { key, className: typeof cell === 'number' ? 'num' : undefined }, String(cell));
}

function ResultTablePanel() {
  const last = useSyncExternalStore(subscribeResults, () => lastResult);
  const [open, setOpen] = useState(true);
  const [chosen, setChosen] = useState(null);
  // a status line belongs to the result it was about
  const [status, setStatusOf] = useState({ of: null, text: '' });
  const setStatus = (text) => setStatusOf({ of: last, text });
  const data = last?.payload?.data ?? null;
  const errors = Array.isArray(last?.payload?.errors) ? last.payload.errors : [];
  const paths = useMemo(() => listPaths(data), [data]);
  // the list picked by hand stays picked while a new result still has it
  const path = paths.find((p) => p.keys.join('.') === chosen) ?? defaultListPath(paths);
  const table = useMemo(() => (path ? resultTable(data, path) : null), [data, path]);
  const name = last?.operationName ?? null;
  const hasRows = Boolean(table && table.rows.length > 0);

  const exportCsv = () => {
    download(exportFileName(name, new Date()), toCsv(table), 'text/csv;charset=utf-8');
    setStatus(`已导出 ${table.rows.length} 行 · exported ${table.rows.length} rows`);
  };
  const copyTsv = async () => {
    const ok = await copyText(toTsv(table));
    setStatus(ok ? `已复制 ${table.rows.length} 行 · copied ${table.rows.length} rows as TSV` : '复制失败 · copy failed');
  };

  const bar = h(
    'div',
    { className: 'bar' },
    h('strong', null, '结果表格 ', h('span', { className: 'en' }, 'Table')),
    last
      ? h(
          'span',
          { className: 'meta', id: 'huiju-table-meta' },
          `${name ?? '(匿名操作 anonymous)'} · ${table?.rows.length ?? 0} 行 rows × ${table?.columns.length ?? 0} 列 columns`,
        )
      : h('span', { className: 'meta' }, '运行一个操作后显示结果 · run an operation to see its result here'),
    paths.length > 1
      ? h(
          'label',
          null,
          '行来自 Rows from ',
          h(
            'select',
            { id: 'huiju-table-path', value: path ? path.keys.join('.') : '', onChange: (e) => setChosen(e.target.value) },
            paths.map((p) => h('option', { key: p.keys.join('.'), value: p.keys.join('.') }, `${p.label || '整个结果 whole result'} (${p.rows})`)),
          ),
        )
      : null,
    h('button', { type: 'button', id: 'huiju-csv', disabled: !hasRows, onClick: exportCsv }, '导出 CSV'),
    h('button', { type: 'button', id: 'huiju-tsv', disabled: !hasRows, onClick: () => void copyTsv() }, '复制 TSV'),
    h('span', { className: 'status', role: 'status' }, status.of === last ? status.text : ''),
    h('button', { type: 'button', className: 'toggle', 'aria-expanded': open, onClick: () => setOpen(!open) }, open ? '收起 ▾' : '展开 ▴'),
  );
  if (!open || !last) return h('section', { className: 'huiju-table collapsed', 'aria-label': '结果表格 result table' }, bar);
  return h(
    'section',
    { className: 'huiju-table', 'aria-label': '结果表格 result table' },
    bar,
    errors.length > 0 ? h('p', { className: 'errors' }, `结果含错误 The result has errors: ${errors.map((e) => e?.message).join('; ')}`) : null,
    hasRows
      ? h(
          'div',
          { className: 'scroll' },
          h(
            'table',
            { className: 'huiju-result' },
            h('thead', null, h('tr', null, h('th', { className: 'rowno' }, '#'), table.columns.map((c) => h('th', { key: c, scope: 'col' }, c)))),
            h(
              'tbody',
              null,
              // a row has no identity but its position in the result
              table.rows.slice(0, SHOWN_ROWS).map((row, i) => h('tr', { key: i }, h('td', { className: 'rowno' }, i + 1), row.map((cell, j) => cellView(cell, table.columns[j])))),
            ),
          ),
          table.rows.length > SHOWN_ROWS ? h('p', { className: 'more' }, `显示前 ${SHOWN_ROWS} 行，共 ${table.rows.length} 行；CSV 含全部 · showing ${SHOWN_ROWS} of ${table.rows.length} rows; the CSV has all`) : null,
        )
      : h('p', { className: 'empty' }, '没有可显示的行 · no rows to show'),
  );
}

// ---- saved operations, per user --------------------------------------------------------------

const currentToken = () => tokenInput?.value.trim() ?? '';
function subscribeToken(listener) {
  tokenInput?.addEventListener('input', listener);
  return () => tokenInput?.removeEventListener('input', listener);
}

function loadSaved(ownerKey) {
  try {
    return parseSavedList(window.localStorage.getItem(SAVED_STORAGE_PREFIX + ownerKey));
  } catch {
    return [];
  }
}

function SavedIcon(props) {
  return h(
    'svg',
    { ...props, viewBox: '0 0 24 24', width: '1em', height: '1em', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5 },
    h('path', { d: 'M6 3h12v18l-6-4-6 4z' }),
  );
}

function SavedOperationsPanel() {
  const editor = useEditorContext({ nonNull: true });
  const token = useSyncExternalStore(subscribeToken, currentToken);
  const owner = useMemo(() => savedOwner(token), [token]);
  const [version, setVersion] = useState(0);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState(null);
  const [message, setMessage] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is bumped to read the storage again
  const list = useMemo(() => loadSaved(owner.key), [owner.key, version]);
  useEffect(() => {
    // another browser tab saved or deleted one
    const onStorage = (e) => e.key === SAVED_STORAGE_PREFIX + owner.key && setVersion((v) => v + 1);
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [owner.key]);

  const store = (next, note) => {
    try {
      window.localStorage.setItem(SAVED_STORAGE_PREFIX + owner.key, JSON.stringify(next));
      setMessage(note);
    } catch (err) {
      setMessage(`保存失败 · could not save: ${err?.message ?? err}`);
    }
    setVersion((v) => v + 1);
  };
  const saveCurrent = () => {
    const query = editor.queryEditor?.getValue() ?? '';
    if (!query.trim()) return setMessage('查询为空 · the query editor is empty');
    const chosen = name.trim() || operationNameOf(query) || `操作 ${list.length + 1}`;
    const op = { id: newId(), name: chosen, query, variables: editor.variableEditor?.getValue() ?? '', savedAt: new Date().toISOString() };
    store(upsertSaved(list, op), `已保存 saved: ${chosen}`);
    setName('');
  };
  const open = (op) => {
    editor.addTab();
    // addTab empties the editors; fill them once it has
    setTimeout(() => {
      editor.queryEditor?.setValue(op.query);
      editor.variableEditor?.setValue(op.variables);
    }, 0);
  };
  const importFile = async (file) => {
    try {
      const result = importSaved(list, await file.text());
      store(result.list, `已导入 imported: ${result.added} 新增 added, ${result.replaced} 替换 replaced`);
    } catch (err) {
      setMessage(`导入失败 · import failed: ${err?.message ?? err}`);
    }
  };

  return h(
    'div',
    { className: 'huiju-saved' },
    h('div', { className: 'graphiql-doc-explorer-title' }, '已保存的操作'),
    h('p', { className: 'owner' }, '用户 User: ', h('code', { id: 'huiju-saved-owner' }, owner.label)),
    h(
      'form',
      {
        className: 'save',
        onSubmit: (e) => {
          e.preventDefault();
          saveCurrent();
        },
      },
      h('input', { name: 'name', value: name, placeholder: '名称 name (默认: 操作名)', onChange: (e) => setName(e.target.value) }),
      h('button', { type: 'submit', className: 'huiju-save' }, '保存当前 Save'),
    ),
    h(
      'ul',
      { className: 'huiju-saved-list' },
      list.map((op) =>
        h(
          'li',
          { key: op.id, 'data-name': op.name },
          renaming?.id === op.id
            ? h(
                'form',
                {
                  onSubmit: (e) => {
                    e.preventDefault();
                    const next = renaming.name.trim();
                    if (next) store(renameSaved(list, op.id, next, new Date()), `已重命名 renamed: ${next}`);
                    setRenaming(null);
                  },
                },
                h('input', { name: 'rename', value: renaming.name, onChange: (e) => setRenaming({ id: op.id, name: e.target.value }) }),
                h('button', { type: 'submit' }, '确定 OK'),
              )
            : h('button', { type: 'button', className: 'open', title: `在新标签页打开 open in a new tab (${op.savedAt})`, onClick: () => open(op) }, op.name),
          h('button', { type: 'button', className: 'rename', onClick: () => setRenaming({ id: op.id, name: op.name }) }, '重命名'),
          h(
            'button',
            {
              type: 'button',
              className: 'delete',
              onClick: () => {
                if (window.confirm(`删除「${op.name}」? Delete "${op.name}"?`)) store(deleteSaved(list, op.id), `已删除 deleted: ${op.name}`);
              },
            },
            '删除',
          ),
        ),
      ),
    ),
    list.length === 0 ? h('p', { className: 'empty' }, '还没有保存的操作 · nothing saved yet') : null,
    h(
      'div',
      { className: 'io' },
      h(
        'button',
        { type: 'button', className: 'export', disabled: list.length === 0, onClick: () => download(exportFileName('saved-operations', new Date(), 'json'), exportSaved(list, owner, new Date()), 'application/json') },
        '导出 Export JSON',
      ),
      h(
        'label',
        { className: 'import' },
        '导入 Import JSON',
        h('input', {
          type: 'file',
          accept: 'application/json,.json',
          onChange: (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          },
        }),
      ),
    ),
    h('p', { className: 'status', role: 'status' }, message),
    h('p', { className: 'note' }, '保存在本浏览器 (localStorage)，按令牌的用户分开；令牌本身不保存。Kept in this browser, per token subject; the token itself is not stored.'),
  );
}

const SAVED_PLUGIN = { title: '已保存的操作 Saved operations', icon: SavedIcon, content: SavedOperationsPanel };

// ---- examples --------------------------------------------------------------------------------

/** An example's text in the editor: its titles as a comment line, then the operation. */
const exampleQuery = (e) => `# ${e.title}${e.subtitle ? ` / ${e.subtitle}` : ''}\n${e.query}`;

/** GraphiQL's editor state, for the header's example picker (outside GraphiQL's React tree). */
let editorContext = null;
function EditorBridge() {
  editorContext = useEditorContext();
  return h('span', { className: 'huiju-logo' }, '汇聚');
}

// a click on an example in the header opens it in a new tab instead of loading the page again
for (const link of document.querySelectorAll('a[data-example]')) {
  link.addEventListener('click', (e) => {
    const example = config.examples.find((x) => x.id === link.dataset.example);
    if (!example || !editorContext || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    link.closest('details')?.removeAttribute('open');
    const ctx = editorContext;
    ctx.addTab();
    setTimeout(() => {
      ctx.queryEditor?.setValue(exampleQuery(example));
      ctx.variableEditor?.setValue(JSON.stringify(example.variables, null, 2));
    }, 0);
  });
}

const wanted = new URLSearchParams(window.location.search).get('example');
const examples = config.examples;
const first = examples.find((e) => e.id === wanted);
const ordered = first ? [first, ...examples.filter((e) => e !== first)] : examples;
const tabs = ordered.map((e) => ({ query: exampleQuery(e), variables: JSON.stringify(e.variables, null, 2) }));

let storage;
try {
  storage = first ? memoryStorage() : namespacedStorage(`huiju:${config.version}:`);
} catch {
  storage = memoryStorage();
}

const PLUGINS = [SAVED_PLUGIN];

createRoot(document.getElementById('graphiql')).render(
  h(
    GraphiQL,
    {
      fetcher,
      defaultTabs: tabs,
      // GraphiQL 4 fills the first editors from these, not from defaultTabs[0]
      query: tabs[0]?.query,
      variables: tabs[0]?.variables,
      storage,
      plugins: PLUGINS,
      defaultEditorToolsVisibility: 'variables',
      // headers (e.g. Authorization) may be set per tab; never persisted, so a token does not outlive the tab
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    },
    h(GraphiQL.Logo, null, h(EditorBridge)),
  ),
);

createRoot(document.getElementById('huiju-table')).render(h(ResultTablePanel));
