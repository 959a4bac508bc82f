import { type AuthMode, DEVELOPMENT_MODE_NOTICE } from '../../auth/auth-mode';
import { PLAYGROUND_EXAMPLES, PLAYGROUND_SUBSCRIPTIONS, type PlaygroundExample } from './examples';

/** Escapes text for HTML element content and attribute values. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The auth line of the page's header: a banner when every caller is ADMIN, a token field otherwise. */
function authLine(mode: AuthMode): string {
  if (mode === 'development') {
    return `<p class="auth-banner" role="status">开发模式 — 所有调用者均为管理员 · development mode — every caller is ADMIN <span class="en">(${escapeHtml(DEVELOPMENT_MODE_NOTICE)})</span></p>`;
  }
  if (mode === 'open') {
    return '<p class="auth-banner" role="status">开放模式 — 所有调用者均为管理员 · open mode (auth.mode: open) — every caller is ADMIN</p>';
  }
  return `<label class="auth-token">令牌 Token <input id="huiju-token" type="password" autocomplete="off" spellcheck="false" placeholder="bearer token or API key"></label>
    <span class="note">sent as <code>Authorization: Bearer …</code> unless the Headers tab sets one</span>`;
}

/** The example picker: a drop-down list of links (`/?example=<id>`, opened in a new tab by the script). */
function examplePicker(examples: readonly PlaygroundExample[]): string {
  const items = examples.map(
    (e) =>
      `<li><a href="/?example=${encodeURIComponent(e.id)}" data-example="${escapeHtml(e.id)}"><span class="title">${escapeHtml(e.title)}</span>${
        e.subtitle ? ` <span class="en">${escapeHtml(e.subtitle)}</span>` : ''
      }<span class="description">${escapeHtml(e.description)}</span></a></li>`,
  );
  return `<details class="examples">
      <summary>示例 <span class="en">Examples</span> (${examples.length})</summary>
      <ul>
        ${items.join('\n        ')}
      </ul>
    </details>`;
}

/**
 * The playground's HTML: a header with the example picker (Chinese titles, English subtitles), the
 * auth line, the GraphiQL root and below it the result table's root. The configuration travels as inert JSON (`<` escaped), read by the
 * script; the auth mode is also on `<body data-auth-mode>`, so the script and tests can tell
 * development mode from a server that wants a token.
 */
export function playgroundHtml(options: { endpoint: string; version: string; assetBase?: string; authMode?: AuthMode }): string {
  const base = options.assetBase ?? '/playground';
  const authMode = options.authMode ?? 'development';
  const config = JSON.stringify({ endpoint: options.endpoint, version: options.version, authMode, examples: [...PLAYGROUND_EXAMPLES, ...PLAYGROUND_SUBSCRIPTIONS] }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>汇聚 Huiju · GraphQL 试验场 Playground</title>
  <link rel="stylesheet" href="${base}/playground.css?v=${options.version}">
  <style>
    html, body { height: 100%; margin: 0; }
    body { display: flex; flex-direction: column; font-family: system-ui, -apple-system, "Noto Sans CJK SC", "PingFang SC", sans-serif; }
    header.huiju { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: baseline; padding: .5rem 1rem; border-bottom: 1px solid #ddd; background: #fafafa; }
    header.huiju h1 { font-size: 1rem; margin: 0 1rem 0 0; }
    header.huiju details.examples { position: relative; font-size: .85rem; }
    header.huiju details.examples summary { cursor: pointer; color: #b01e23; }
    header.huiju details.examples ul { position: absolute; z-index: 20; left: 0; top: 1.6rem; width: 34rem; max-width: 90vw; max-height: 70vh; overflow: auto; margin: 0; padding: .3rem 0; list-style: none; background: #fff; border: 1px solid #ccc; box-shadow: 0 4px 16px rgba(0,0,0,.15); }
    header.huiju details.examples a { display: block; padding: .35rem .8rem; color: #222; text-decoration: none; }
    header.huiju details.examples a:hover, header.huiju details.examples a:focus { background: #fdf0f0; }
    header.huiju details.examples .title { color: #b01e23; font-weight: 600; }
    header.huiju details.examples .description { display: block; font-size: .75rem; color: #555; }
    header.huiju .en, header.huiju .note { color: #666; }
    header.huiju .note { font-size: .75rem; margin-left: auto; }
    header.huiju .auth-banner { flex-basis: 100%; margin: 0; padding: .25rem .5rem; font-size: .8rem; background: #fff4d6; border: 1px solid #e0b400; color: #5c4500; }
    header.huiju .auth-token { font-size: .8rem; color: #333; }
    header.huiju .auth-token input { font: inherit; width: 22rem; max-width: 60vw; margin-left: .3rem; }
    #graphiql { flex: 1; min-height: 0; }
    .huiju-table { display: flex; flex-direction: column; height: 38vh; min-height: 6rem; resize: vertical; overflow: hidden; border-top: 2px solid #ddd; font-size: .8rem; }
    .huiju-table.collapsed { height: auto; min-height: 0; resize: none; }
    .huiju-table .bar { display: flex; flex-wrap: wrap; gap: .3rem .8rem; align-items: center; padding: .3rem 1rem; background: #fafafa; border-bottom: 1px solid #eee; }
    .huiju-table .bar .en, .huiju-table .meta, .huiju-table .status { color: #666; }
    .huiju-table .bar .toggle { margin-left: auto; }
    .huiju-table .errors { margin: .3rem 1rem; color: #a00; }
    .huiju-table .empty, .huiju-table .more { margin: .3rem 1rem; color: #666; }
    .huiju-table .scroll { flex: 1; overflow: auto; }
    .huiju-table table { border-collapse: collapse; white-space: nowrap; }
    .huiju-table th, .huiju-table td { border: 1px solid #e4e4e4; padding: .15rem .45rem; text-align: left; max-width: 28rem; overflow: hidden; text-overflow: ellipsis; }
    .huiju-table th { position: sticky; top: 0; background: #f3f3f3; font-weight: 600; }
    .huiju-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .huiju-table td.rowno, .huiju-table th.rowno { color: #999; text-align: right; }
    .huiju-saved { font-size: .85rem; }
    .huiju-saved form { display: flex; gap: .3rem; margin: .4rem 0; }
    .huiju-saved input[name] { flex: 1; min-width: 0; font: inherit; }
    .huiju-saved ul { list-style: none; padding: 0; margin: .4rem 0; }
    .huiju-saved li { display: flex; gap: .3rem; align-items: center; padding: .2rem 0; border-bottom: 1px solid #eee; }
    .huiju-saved li .open { flex: 1; text-align: left; background: none; border: 0; color: #b01e23; cursor: pointer; font: inherit; }
    .huiju-saved .io { display: flex; gap: .4rem; align-items: center; }
    .huiju-saved label.import { border: 1px solid #bbb; border-radius: 3px; padding: 1px 6px; background: #f0f0f0; cursor: pointer; }
    .huiju-saved label.import:focus-within { outline: 2px solid #b01e23; }
    .huiju-saved label.import input { position: absolute; width: 1px; height: 1px; opacity: 0; }
    .huiju-saved .note, .huiju-saved .owner, .huiju-saved .status { color: #666; font-size: .75rem; }
    .huiju-logo { font-weight: 600; color: #b01e23; }
  </style>
</head>
<body data-auth-mode="${authMode}">
  <header class="huiju">
    <h1>汇聚 Huiju · GraphQL 试验场 <span class="en">Playground</span></h1>
    ${examplePicker([...PLAYGROUND_EXAMPLES, ...PLAYGROUND_SUBSCRIPTIONS])}
    <span class="note">个人信息已脱敏 · personal information is masked</span>
    ${authLine(authMode)}
  </header>
  <div id="graphiql">载入中 Loading…</div>
  <div id="huiju-table"></div>
  <script type="application/json" id="huiju-config">${config}</script>
  <script src="${base}/playground.js?v=${options.version}"></script>
</body>
</html>
`;
}
