import { gzipSync } from 'node:zlib';
import type { PageData } from './pageData.js';
import type { PageDiagram } from './pageDiagrams.js';
import { PAGE_STYLE } from './pageStyle.js';

/**
 * The page as one HTML file: style, script, diagrams and data inline, so it
 * opens from disk with no network and can be attached to a bug report. The
 * data is JSON, gzipped and base64'd; the page inflates it with the
 * browser's own DecompressionStream.
 */
export function pageHtml(title: string, data: PageData, diagrams: readonly PageDiagram[], script: string): string {
  const packed = gzipSync(JSON.stringify(data), { level: 9 }).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
  <h1>${escape(title)}</h1>
  <div id="summary"></div>
  <div id="controls">
    <button id="prev" title="previous record (Left)">&#9664;</button>
    <input id="slider" type="range" min="0" max="0" value="0" aria-label="step">
    <button id="next" title="next record (Right)">&#9654;</button>
    <span id="position"></span>
  </div>
</header>
<main>
  <section id="timeline-pane">
    <div id="filters">
      <select id="service-filter" aria-label="service"><option value="">all services</option></select>
      <select id="source-filter" aria-label="source"><option value="">all sources</option><option>mesos</option><option>docker</option><option>adapter</option><option>timer</option><option>core</option></select>
      <input id="search" type="search" placeholder="search records" aria-label="search">
      <span id="shown"></span>
    </div>
    <div id="timeline" tabindex="0"><div id="timeline-inner"></div></div>
  </section>
  <section id="state-pane">
    <div id="divergence" hidden></div>
    <div id="machines"></div>
    <h2>services</h2>
    <table id="services"><thead><tr><th>pod</th><th>service</th><th>phase</th><th>health</th><th>exit code</th><th>restarts</th><th>container</th></tr></thead><tbody></tbody></table>
    <div class="pair">
      <div><h2>live timers</h2><ul id="timers"></ul></div>
      <div><h2>unacknowledged updates</h2><ul id="unacknowledged"></ul></div>
    </div>
    <h2>commands</h2><ul id="commands"></ul>
    <details id="raw-pane" open><summary>raw record</summary><pre id="raw"></pre></details>
  </section>
  <section id="diagram-pane">
    ${diagrams.map((diagram) => `<figure class="diagram" data-machine="${diagram.machine}"><figcaption>${diagram.machine}</figcaption>${diagram.svg}</figure>`).join('\n    ')}
  </section>
</main>
<script id="replay-data" type="application/octet-stream">${packed}</script>
<script>${script}</script>
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
