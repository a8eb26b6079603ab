/** The page's look: three panes, timeline left, state middle, diagrams right. */
export const PAGE_STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.35 system-ui, sans-serif; color: #1b1b1b; background: #fafafa; height: 100vh; display: flex; flex-direction: column; }
header { padding: 6px 12px; background: #263238; color: #eceff1; }
h1 { font-size: 15px; margin: 0 0 2px; }
h2 { font-size: 13px; margin: 10px 0 4px; color: #37474f; }
#summary { font-size: 12px; color: #b0bec5; }
#controls { display: flex; gap: 8px; align-items: center; margin-top: 4px; }
#slider { flex: 1; }
#position { font-variant-numeric: tabular-nums; min-width: 220px; }
main { flex: 1; display: grid; grid-template-columns: minmax(360px, 1.1fr) minmax(380px, 1fr) minmax(320px, 1fr); min-height: 0; }
section { overflow: auto; padding: 6px 10px; border-right: 1px solid #ddd; min-height: 0; }
#timeline-pane { display: flex; flex-direction: column; padding: 0; }
#filters { display: flex; gap: 6px; padding: 6px; border-bottom: 1px solid #ddd; align-items: center; }
#search { flex: 1; min-width: 80px; }
#shown { color: #607d8b; font-size: 11px; white-space: nowrap; }
#timeline { flex: 1; overflow: auto; position: relative; outline: none; }
#timeline-inner { position: relative; width: 100%; }
.row { position: absolute; left: 0; right: 0; height: 22px; padding: 2px 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; cursor: pointer; font: 12px/18px ui-monospace, monospace; border-bottom: 1px solid #f0f0f0; }
.row:hover { background: #eef; }
.row.current { background: #ffe0b2; }
.row.diverged { background: #ffcdd2; border-left: 4px solid #c62828; }
.row.diverged.current { background: #ef9a9a; }
.row .seq { display: inline-block; width: 52px; text-align: right; color: #78909c; }
.row .time { color: #78909c; margin: 0 6px; }
.src { display: inline-block; width: 56px; font-weight: 600; }
.src-mesos { color: #6a1b9a; } .src-docker { color: #0277bd; } .src-adapter { color: #2e7d32; } .src-timer { color: #ef6c00; } .src-core { color: #455a64; }
.row .cmds { color: #8d6e63; margin-left: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #e0e0e0; }
tbody tr { cursor: pointer; }
tbody tr.selected { outline: 2px solid #1565c0; }
.phase-exited, .phase-gone { color: #c62828; font-weight: 600; }
.phase-running, .phase-completed { color: #2e7d32; font-weight: 600; }
.health-unhealthy { color: #c62828; font-weight: 600; } .health-healthy { color: #2e7d32; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
ul { margin: 0; padding-left: 18px; font: 12px ui-monospace, monospace; }
pre { font: 11px ui-monospace, monospace; background: #f5f5f5; padding: 6px; white-space: pre-wrap; word-break: break-all; max-height: 320px; overflow: auto; }
.machine { margin: 2px 0; } .machine b { display: inline-block; min-width: 90px; }
.state-name { font: 12px ui-monospace, monospace; background: #ffe0b2; padding: 0 4px; border-radius: 3px; }
#divergence { background: #ffebee; border: 1px solid #c62828; padding: 6px; margin-bottom: 6px; }
#divergence .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
figure.diagram { margin: 0 0 12px; }
figure.diagram figcaption { font-weight: 600; }
figure.diagram svg { width: 100%; height: auto; }
.diagram g.node path, .diagram g.node polygon, .diagram g.node ellipse { stroke: #b0b0b0; }
.diagram g.node text, .diagram g.edge text, .diagram g.cluster text { fill: #8a8a8a; }
.diagram g.edge path, .diagram g.edge polygon { stroke: #c8c8c8; }
.diagram g.cluster path, .diagram g.cluster polygon { stroke: #c8c8c8; }
.diagram g.visited path, .diagram g.visited polygon { stroke: #1565c0; stroke-width: 2; }
.diagram g.node.visited path, .diagram g.node.visited polygon { fill: #e3f2fd; }
.diagram g.visited text { fill: #0d2c54; }
.diagram g.edge.taken path { stroke: #c62828; stroke-width: 2.4; }
.diagram g.edge.taken polygon { stroke: #c62828; fill: #c62828; }
.diagram g.edge.taken text { fill: #c62828; }
.diagram g.current path, .diagram g.current polygon { stroke: #e65100; stroke-width: 3.5; }
.diagram g.node.current path, .diagram g.node.current polygon { fill: #ffb74d; }
.diagram g.current text { fill: #3e2000; font-weight: 700; }
`;
