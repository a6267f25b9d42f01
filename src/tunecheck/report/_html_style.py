"""The report page's stylesheet, inlined into report.html (no fonts or images to fetch)."""

STYLE = """
:root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#fff;--soft:#f9fafb;
--go:#15803d;--nogo:#b91c1c;--inc:#b45309;--info:#1d4ed8}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:18px;margin:0 0 8px}h3{font-size:15px;margin:14px 0 6px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;
border-radius:3px;word-break:break-all}
section,nav{border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0}
.meta,.muted{color:var(--muted)}.muted{font-size:12px}
.verdict{border-width:3px}.verdict-status{font-size:30px;font-weight:700;margin:0}
.v-go{border-color:var(--go)}.v-go .verdict-status{color:var(--go)}
.v-no-go{border-color:var(--nogo)}.v-no-go .verdict-status{color:var(--nogo)}
.v-inconclusive{border-color:var(--inc)}.v-inconclusive .verdict-status{color:var(--inc)}
.reasons li{color:var(--nogo)}.reasons li.cause-inconclusive{color:var(--inc)}
.cause-mark{font-weight:700;margin-right:.3em}.warnings li{color:var(--inc)}
.badge{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:10px;color:#fff;
background:var(--muted);vertical-align:middle}
.s-pass{background:var(--go)}.s-fail,.s-error{background:var(--nogo)}.s-inconclusive{background:var(--inc)}
.s-info{background:var(--info)}
.ok{color:var(--go)}.warn{color:var(--inc);font-weight:600}.note{color:var(--fg)}
table{border-collapse:collapse;margin:6px 0}
table.data{display:block;max-width:100%;overflow-x:auto}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.data thead th{background:var(--soft)}.num{text-align:right;font-variant-numeric:tabular-nums}
.measurements td{font-variant-numeric:tabular-nums}
.reason td{font-size:12px;color:var(--muted);border-bottom:1px solid var(--line);padding-top:0}
tr.differs td{background:#fef3c7}
.kv th{font-weight:600;color:var(--muted)}
.cols{display:flex;flex-wrap:wrap;gap:24px}.cols>div{flex:1 1 300px;min-width:0}
.cols table.kv{table-layout:fixed;width:100%}.cols .kv th{width:38%}
.cols .kv td,.cols .kv th{overflow-wrap:anywhere;word-break:break-word}
.toc li{margin:3px 0}
figure{margin:10px 0}figcaption{font-weight:600;margin-bottom:4px}
svg.plot{max-width:100%;height:auto}
details summary{font-weight:600;cursor:pointer;margin:8px 0}
.example{border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:8px 0}
.example header{font-size:12px;color:var(--muted);margin-bottom:4px}
.label{display:block;font-size:11px;font-weight:600;text-transform:uppercase;color:var(--muted)}
pre{white-space:pre-wrap;word-break:break-word;margin:2px 0 6px;padding:6px 8px;background:var(--soft);
border-radius:4px;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;max-height:320px;
overflow:auto}
.pair{display:flex;gap:10px}.pair .side{flex:1 1 0;min-width:0}
.cand pre{border-left:3px solid #2563eb}.base pre{border-left:3px solid #9ca3af}
.fv-radio{margin:0 2px 0 10px;vertical-align:middle}.fv-option{font-size:12px;cursor:pointer}
.fv-group{font-size:11px;font-weight:600;text-transform:uppercase;color:var(--muted)}
.d-improved header b:first-of-type{color:var(--go)}.d-regressed header b:first-of-type{color:var(--nogo)}
@media print{section,nav{break-inside:avoid}pre{max-height:none}}
"""
