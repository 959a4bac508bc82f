import { type AuthMode, DEVELOPMENT_MODE_NOTICE } from '../../auth/auth-mode';
import { PLAYGROUND_EXAMPLES, PLAYGROUND_SUBSCRIPTIONS } from './examples';

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

/**
 * The playground's HTML: a header with the example operations (Chinese / English), the auth line
 * and the GraphiQL root. The configuration travels as inert JSON (`<` escaped), read by the
 * script; the auth mode is also on `<body data-auth-mode>`, so the script and tests can tell
 * development mode from a server that wants a token.
 */
export function playgroundHtml(options: { endpoint: string; version: string; assetBase?: string; authMode?: AuthMode }): string {
  const base = options.assetBase ?? '/playground';
  const authMode = options.authMode ?? 'development';
  const config = JSON.stringify({ endpoint: options.endpoint, version: options.version, authMode, examples: [...PLAYGROUND_EXAMPLES, ...PLAYGROUND_SUBSCRIPTIONS] }).replace(/</g, '\\u003c');
  const links = PLAYGROUND_EXAMPLES.map(
    (e) => `<a href="/?example=${encodeURIComponent(e.id)}" data-example="${escapeHtml(e.id)}">${escapeHtml(e.titleZh)} <span class="en">${escapeHtml(e.titleEn)}</span></a>`,
  ).join('\n      ');
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
    header.huiju a { font-size: .85rem; color: #b01e23; text-decoration: none; }
    header.huiju a:hover { text-decoration: underline; }
    header.huiju .en, header.huiju .note { color: #666; }
    header.huiju .note { font-size: .75rem; margin-left: auto; }
    header.huiju .auth-banner { flex-basis: 100%; margin: 0; padding: .25rem .5rem; font-size: .8rem; background: #fff4d6; border: 1px solid #e0b400; color: #5c4500; }
    header.huiju .auth-token { font-size: .8rem; color: #333; }
    header.huiju .auth-token input { font: inherit; width: 22rem; max-width: 60vw; margin-left: .3rem; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body data-auth-mode="${authMode}">
  <header class="huiju">
    <h1>汇聚 Huiju · GraphQL 试验场 <span class="en">Playground</span></h1>
    <nav>
      ${links}
    </nav>
    <span class="note">个人信息已脱敏 · personal information is masked</span>
    ${authLine(authMode)}
  </header>
  <div id="graphiql">载入中 Loading…</div>
  <script type="application/json" id="huiju-config">${config}</script>
  <script src="${base}/playground.js?v=${options.version}"></script>
</body>
</html>
`;
}
