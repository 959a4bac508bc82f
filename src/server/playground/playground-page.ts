import { PLAYGROUND_EXAMPLES } from './examples';

/** Escapes text for HTML element content and attribute values. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The playground's HTML: a header with the example operations (Chinese / English) and the
 * GraphiQL root. The configuration travels as inert JSON (`<` escaped), read by the script.
 */
export function playgroundHtml(options: { endpoint: string; version: string; assetBase?: string }): string {
  const base = options.assetBase ?? '/playground';
  const config = JSON.stringify({ endpoint: options.endpoint, version: options.version, examples: PLAYGROUND_EXAMPLES }).replace(/</g, '\\u003c');
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
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <header class="huiju">
    <h1>汇聚 Huiju · GraphQL 试验场 <span class="en">Playground</span></h1>
    <nav>
      ${links}
    </nav>
    <span class="note">个人信息已脱敏 · personal information is masked</span>
  </header>
  <div id="graphiql">载入中 Loading…</div>
  <script type="application/json" id="huiju-config">${config}</script>
  <script src="${base}/playground.js?v=${options.version}"></script>
</body>
</html>
`;
}
