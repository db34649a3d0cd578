/**
 * What the printed documents of counts share: escaping for Markdown and HTML, and the A4 page
 * style of count lists and reports.
 *
 * @internal
 * @module
 */

/** Escapes text for a Markdown table cell or list item. @internal */
export function md(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}

/** Escapes text for HTML element content and quoted attribute values. @internal */
export function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** The print style of every HTML document: A4 portrait, readable tables, rows never split. @internal */
export const A4_STYLE = `@page { size: A4; margin: 15mm 12mm; }
body { font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 15pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.3mm solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; }
td.entry { min-width: 22mm; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
.page { page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.facts td { border: none; padding: 0.5mm 3mm 0.5mm 0; }
.signatures { margin-top: 8mm; display: flex; gap: 10mm; }
.signatures div { flex: 1; border-top: 0.3mm solid #000; padding-top: 1mm; }`;

/** A complete HTML document with the A4 style. @internal */
export function htmlDocument(lang: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
${A4_STYLE}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
