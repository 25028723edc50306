"""The shared files in ``dashboards/assets/``: plotly.js (once, from the installed plotly), the
stylesheet (screen and A4 print), the Danish plotly locale and the small script that draws the
figures, sorts tables and prepares the page for printing. No CDN, no web fonts."""

from __future__ import annotations

STYLE_CSS = """\
:root {
  --ink: #222; --muted: #595959; --line: #d9d9d9; --bg: #fafafa; --accent: #0b4f8a;
  --met: #0072B2; --met-bg: #dcebf6; --met-ink: #00466f;
  --not_met: #D55E00; --not_met-bg: #fbe3d3; --not_met-ink: #8a3b00;
  --insufficient_data: #999; --insufficient_data-bg: #ececec; --insufficient_data-ink: #3d3d3d;
  --on_track: #56B4E9; --on_track-bg: #e1f1fb; --on_track-ink: #0b4f73;
  --behind: #E69F00; --behind-bg: #fcefd2; --behind-ink: #6b4a00;
  --below: #D55E00; --within: #56B4E9; --above: #0072B2;
}
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: var(--bg); line-height: 1.45; }
body { margin: 0 auto; max-width: 1180px; padding: 0 20px 40px; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
header.top { padding: 14px 0 6px; border-bottom: 3px solid var(--accent); margin-bottom: 18px; }
header.top nav ul { list-style: none; margin: 0 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
header.top nav a { text-decoration: none; font-weight: 600; }
header.top nav a[aria-current] { color: var(--ink); border-bottom: 2px solid var(--ink); }
h1 { font-size: 1.65rem; margin: 4px 0; }
h2 { font-size: 1.3rem; margin: 30px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
.subtitle { color: var(--muted); margin: 0 0 6px; overflow-wrap: anywhere; }
.note { color: var(--muted); margin: 2px 0 10px; font-size: .93rem; }
section { break-inside: auto; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 10px 0; }
.chart { width: 100%; min-height: 80px; }
.chart-wide { width: 100%; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 4px; padding: 0; list-style: none; }
.tiles li { flex: 1 1 160px; background: #fff; border: 1px solid var(--line); border-left-width: 8px;
            border-radius: 6px; padding: 10px 14px; }
.tiles .n { font-size: 2rem; font-weight: 700; display: block; line-height: 1.1; }
.tiles li.status-met { border-left-color: var(--met); } .tiles li.status-not_met { border-left-color: var(--not_met); }
.tiles li.status-insufficient_data { border-left-color: var(--insufficient_data); }
.tiles li.status-on_track { border-left-color: var(--on_track); }
.tiles li.status-behind { border-left-color: var(--behind); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(320px, 100%), 1fr)); gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-top: 6px solid var(--insufficient_data);
        border-radius: 6px; padding: 10px 14px 8px; break-inside: avoid; }
.card.status-met { border-top-color: var(--met); } .card.status-not_met { border-top-color: var(--not_met); }
.card.status-on_track { border-top-color: var(--on_track); } .card.status-behind { border-top-color: var(--behind); }
.card.status-grant { border-top-color: var(--accent); } /* the grant: money, not a target */
.card .meta { color: var(--muted); font-size: .82rem; display: flex; justify-content: space-between; gap: 8px; }
.card h3 { margin: 4px 0 6px; font-size: 1rem; }
.card .figures { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; margin: 0 0 6px; }
.card .value { font-size: 1.55rem; font-weight: 700; }
.card .goal { color: var(--muted); }
.provisional { color: var(--muted); font-size: .85rem; font-style: italic; }  /* a verdict on the year so far */
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-weight: 600; font-size: .9rem;
         border: 1px solid; white-space: nowrap; }
.badge.status-met { background: var(--met-bg); color: var(--met-ink); border-color: var(--met); }
.badge.status-not_met { background: var(--not_met-bg); color: var(--not_met-ink); border-color: var(--not_met); }
.badge.status-insufficient_data { background: var(--insufficient_data-bg); color: var(--insufficient_data-ink);
                                  border-color: var(--insufficient_data); }
.badge.status-on_track { background: var(--on_track-bg); color: var(--on_track-ink); border-color: var(--on_track); }
.badge.status-behind { background: var(--behind-bg); color: var(--behind-ink); border-color: var(--behind); }
.badge.status-grant { background: #fff; color: var(--ink); border-color: var(--line); }
.badge.band-below { background: var(--not_met-bg); color: var(--not_met-ink); border-color: var(--below); }
.badge.band-within { background: var(--on_track-bg); color: var(--on_track-ink); border-color: var(--within); }
.badge.band-above { background: var(--met-bg); color: var(--met-ink); border-color: var(--above); }
details { margin-top: 6px; font-size: .92rem; }
details summary { cursor: pointer; color: var(--accent); }
blockquote { margin: 6px 0; padding: 4px 10px; border-left: 3px solid var(--line); color: #333; font-style: italic; }
.reason { color: var(--not_met-ink); }
table.data { border-collapse: collapse; width: 100%; background: #fff; font-size: .93rem; margin: 6px 0 12px; }
table.data caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
                               vertical-align: top; }
table.data thead th { background: #f0f0f0; font-weight: 600; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* a numeric column's heading may wrap: the table of files' eight headings ran past its box at 1280 px */
table.data thead th.num { white-space: normal; }
.scroll { overflow-x: auto; }
table.heat td.cell { text-align: center; white-space: nowrap; }
table.heat td.status-met { background: var(--met-bg); color: var(--met-ink); }
table.heat td.status-not_met { background: var(--not_met-bg); color: var(--not_met-ink); }
table.heat td.status-insufficient_data { background: var(--insufficient_data-bg); color: var(--insufficient_data-ink); }
table.heat td.status-on_track { background: var(--on_track-bg); color: var(--on_track-ink); }
table.heat td.status-behind { background: var(--behind-bg); color: var(--behind-ink); }
table.heat th { font-size: .8rem; vertical-align: bottom; min-width: 84px; }
table.heat th button { all: inherit; cursor: pointer; text-decoration: underline dotted; }
table.heat th button:focus-visible, details summary:focus-visible, a:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 2px; }
.js-plotly-plot .plotly .modebar-btn:focus-visible { outline: 2px solid var(--accent); }
/* the download button's icon (plotly draws it at 1.7:1 on white): at least 3:1, WCAG 1.4.11 */
.js-plotly-plot .plotly .modebar-btn path { fill: #5b6670 !important; }
table.heat th[aria-sort=ascending] button::after { content: " ▲"; }
table.heat th[aria-sort=descending] button::after { content: " ▼"; }
/* The national table (docs/decisions.md): it scrolls inside its own box (positioned, so
   that nothing absolutely placed in it widens the page) with the hub column fixed at the left. */
.heat-scroll { position: relative; overflow-x: auto; max-width: 100%; scroll-padding-left: 8.5rem; }
/* (scroll-padding: a column header reached by Tab is scrolled clear of the fixed hub column, not under
   it, where its focus ring could not be seen: WCAG 2.4.7) */
table.heat { font-size: .82rem; }
table.heat th, table.heat td { padding: 4px 5px; }
table.heat thead th { width: 1px; min-width: 0; font-size: .74rem; }
table.heat thead th button { width: auto; min-width: 0; }
table.heat th .ref, table.heat th .goal, table.heat td .goal { display: block; font-weight: 400; }
table.heat th .ref { color: var(--muted); }
table.heat th .goal { font-weight: 700; margin-top: 2px; }
table.heat td .goal { font-size: .72rem; }
table.heat td .unsure { display: block; font-size: .72rem; font-style: italic; }
table.heat tr > :first-child { position: sticky; left: 0; z-index: 1; background: #fff; width: 8.5rem;
                               box-shadow: inset -1px 0 0 var(--line); }
table.heat thead tr > :first-child { background: #f0f0f0; z-index: 2; }
.downloads { margin: 4px 0; }
/* The national table on paper (docs/decisions.md): 13 targets × the hubs is ~1,460 px wide,
   so print shows the same figures turned (targets as rows, hubs as columns in the ranked order);
   on screen that copy is not shown at all (display: none also hides it from assistive technology). */
table.heat-print { display: none; }
@media print {
  .heat-scroll { display: none; }
  table.data.heat-print { display: table; table-layout: fixed; width: 100%; font-size: 7.5pt; }
  table.heat-print thead th:first-child { width: 28%; }
  main table.data.heat-print th, main table.data.heat-print td { padding: 1px 3px; line-height: 1.2;
                                                                 overflow-wrap: normal; word-break: normal; }
  main table.data.heat-print td { text-align: center; vertical-align: middle; }
  table.heat-print thead th { font-size: 7pt; }
  .downloads { display: none; }
  table.heat-print th .goal, table.heat-print td .st, table.heat-print td .goal { display: block; font-weight: 400; }
  table.heat-print th .ref { font-weight: 400; }
  table.heat-print th .ref, table.heat-print td .goal { color: var(--muted); }
  table.heat-print th .goal { font-weight: 700; }
  table.heat-print td .st, table.heat-print td .goal { font-size: 6.5pt; }
  table.heat-print .met-rest { white-space: normal; }
  table.heat-print td.status-met { background: var(--met-bg); color: var(--met-ink); }
  table.heat-print td.status-not_met { background: var(--not_met-bg); color: var(--not_met-ink); }
  table.heat-print td.status-insufficient_data { background: var(--insufficient_data-bg);
                                                 color: var(--insufficient_data-ink); }
  table.heat-print td.status-on_track { background: var(--on_track-bg); color: var(--on_track-ink); }
  table.heat-print td.status-behind { background: var(--behind-bg); color: var(--behind-ink); }
}
.tiles li.band-below { border-left-color: var(--below); } .tiles li.band-within { border-left-color: var(--within); }
.tiles li.band-above { border-left-color: var(--above); }
.tiles li .badge { margin-top: 2px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.two > .panel { margin: 0; }
a.big { font-weight: 600; font-size: 1.05rem; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 16px; padding: 0; list-style: none; font-size: .9rem; }
.qualitative .card { border-top-color: var(--accent); }
.status-text { margin: 4px 0 0; }
.attribution { color: var(--muted); font-size: .8rem; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 860px) { .two { grid-template-columns: 1fr; } }
table.history thead th + th, table.national-years thead th + th { text-align: center; }
table.national-years td { text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.history th[scope=row] { font-size: .88rem; min-width: 200px; max-width: 320px; vertical-align: middle; }
table.history .meta, table.history td .goal, table.history td .st { display: block; }
table.history .meta { color: var(--muted); font-size: .76rem; font-weight: 400; }
table.history td.cell { vertical-align: middle; line-height: 1.3; white-space: normal; min-width: 110px; }
table.history td .goal, table.history td .st { font-size: .8rem; }
table.history td.partial, table.history th.partial { outline: 1px dashed var(--muted); outline-offset: -3px; }
table.history td.absent { color: var(--muted); text-align: center; vertical-align: middle; }
.inyear { display: block; font-weight: 400; font-size: .76rem; color: var(--muted); white-space: nowrap; }
.met-rest { display: block; font-size: .76rem; color: var(--muted); white-space: nowrap; }
.changed { display: inline-block; border: 1px solid currentColor; border-radius: 3px; padding: 0 4px;
           font-size: .72rem; font-weight: 600; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(340px, 100%), 1fr)); gap: 12px; }
.multiples > .panel { margin: 0; padding: 8px 10px 4px; }
.multiples h3 { margin: 0 0 2px; font-size: .95rem; }
.multiples .meta { margin: 0; color: var(--muted); font-size: .76rem; }
.chart-small { width: 100%; }
.mk { font-weight: 700; display: inline-block; min-width: 1em; text-align: center; }
.mk.status-met { color: var(--met); } .mk.status-not_met { color: var(--not_met); }
/* the key's marks at 3:1 or more on the page (WCAG 1.4.11): the light blue, orange and grey of the
   charts' marks were 2.2, 2.2 and 2.7:1 as text; the charts' marks have dark outlines */
.mk.status-on_track { color: var(--on_track-ink); } .mk.status-behind { color: var(--behind-ink); }
.mk.status-insufficient_data { color: var(--insufficient_data-ink); }
.mk.box { width: 1.4em; height: .8em; background: rgba(0, 0, 0, .13); border: 1px solid #111;
          vertical-align: middle; }
footer { margin-top: 36px; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
/* The map's key (municipal page): number, name and figures of each municipality on the map. */
.map-key { margin-top: 8px; }
table.map-key { font-size: .85rem; }
table.map-key td:first-child { font-weight: 700; }
/* chart data tables */
/* Under each chart: its summary in one sentence (the chart's aria-describedby) and its numbers in
   a closed <details>. In print the summary stays; a table prints only where the chart's numbers are
   not already on the page (class "printed"). */
.chart-caption { margin: 4px 0 0; font-size: .92rem; }
details.chart-data table.data { font-size: .85rem; margin-top: 4px; }
/* Reflow at 320 px (WCAG 1.4.10): a chart's table scrolls in its own box; a grid's column is never
   widened by what is in it (a table opened under a chart widened the panel and the chart with it);
   a card's identifiers ("effect_study.employment_growth_pp") break where they must. */
.chart-table { overflow-x: auto; }
/* A chart on a narrow screen (a phone, 400 % zoom) keeps a width its labels fit in and scrolls sideways
   in its box (a chart is two-dimensional content, WCAG 1.4.10): squeezed to 250 px its labels were cut
   ("47,0 % ✘" read "0 % ✘") and its bars a few pixels wide. */
.chart-box { overflow-x: auto; }
@media screen and (max-width: 560px) {
  .chart-box > .chart, .chart-box > .chart-wide { min-width: 480px; }
  .chart-box > .chart-small { min-width: 300px; }
}
.two > *, .cards > *, .multiples > * { min-width: 0; }
.card { overflow-wrap: anywhere; }
.card .meta > span { min-width: 0; }
/* with WCAG 1.4.12's text spacing at 320 px, "Erhvervshusenes resultatkontrakter" was wider than the screen;
   so was a heading's target id ("M4.municipal_presentations") and a subtitle's path or long word (a review) */
h1, h2, h3 { overflow-wrap: anywhere; }
/* so is a paragraph's, a list item's or a caption's long word from a contract or the data (a title of one
   compound word, a URL): a chart's caption or a note widened the whole page (a review, WCAG 1.4.10) */
p, li, caption, .note, .chart-caption { overflow-wrap: anywhere; }
td p, th p, td li, th li { overflow-wrap: break-word; }  /* in a table: not a reason to narrow its column */
/* a table's caption stays in view, within the screen's width, while the table scrolls sideways in its box
   on a narrow screen (a review: at 320 px it was cut at the box's edge, read only by scrolling the table) */
@media screen {
  .scroll > table > caption, .chart-table > table > caption { position: sticky; left: 0;
                                                              max-width: calc(100vw - 40px); }
}
table.data th.label { font-weight: 400; text-align: left; }
table.data th.label.num { text-align: right; }
@media print {
  details.chart-data:not(.printed), a.chart-csv { display: none; }
}
/* Page numbers on paper ("3 / 9"), and the page's title on the left (each page's own <style>), also
   when the browser's own headers and footers are off, as they are by default when saving as PDF. */
@page { size: A4 portrait; margin: 12mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #595959; }
        @bottom-left { font-size: 8pt; color: #595959; } }
@media print {
  html { background: #fff; font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  header.top nav, .skip, .modebar-container { display: none !important; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  /* a heading's note keeps with what follows it too: the heading's own rule did not reach past it,
     and a page ended with "Pr. segment" and its note, the chart on the next */
  h2 + .note, h3 + .note, h2 + .subtitle { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  .card, .panel, .chart, .chart-wide, .chart-small, figure, tr, .tiles li { break-inside: avoid;
                                                                            page-break-inside: avoid; }
  .cards { grid-template-columns: 1fr 1fr; gap: 8px; }
  .two { grid-template-columns: 1fr; }
  .chart, .chart-wide { width: 680px !important; max-width: 100%; }
  .chart-small { width: 320px !important; max-width: 100%; }
  .multiples { grid-template-columns: 1fr 1fr; gap: 8px; }
  table.history { font-size: 8pt; } table.history th[scope=row] { min-width: 0; }
  table.history td.cell { min-width: 0; }
  section#trend { break-before: page; }
  details > summary { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.quality, section#bullets, section#municipalities { break-before: page; }
  /* The map: hover-only hints do not print; the key to the numbers does, compact. */
  .screen-only { display: none !important; }
  table.map-key { font-size: 8pt; }
}
/* KKR summary and print (docs/decisions.md): the summary opens the report and its print on
   page 1–2; headings keep with what follows; no table is wider than the A4 content width. */
.summary .verdict { font-size: 1.12rem; font-weight: 600; margin: 8px 0 10px; }
.summary .meta { display: block; color: var(--muted); font-size: .78rem; }
.summary .dialogue, .summary .money { margin: 6px 0; }
.summary h3 { margin-top: 12px; }
@media print {
  section#summary { break-after: page; page-break-after: always; }
  section#summary .verdict { font-size: 11.5pt; }
  /* a long summary (twelve targets listed, three municipalities to dialogue) ran a line onto a page of
     its own: its list is set closer, and a paragraph is not split for its last line */
  section#summary table.data th, section#summary table.data td { padding-top: 2px; padding-bottom: 2px; }
  section#summary p { orphans: 3; widows: 3; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  .card, .panel, .tiles li, .legend { break-inside: avoid; page-break-inside: avoid; }
  .scroll { overflow: visible; }
  .panel { padding: 6px 8px; }
  .cards { gap: 6px; }
  .card { padding: 4px 8px 4px; font-size: 8.5pt; line-height: 1.3; }
  .card h3 { font-size: 9.5pt; margin: 2px 0 3px; }
  .card .value { font-size: 13pt; }
  .card .figures { margin: 0 0 3px; }
  .card p { margin: 2px 0; }
  .card details { margin-top: 2px; font-size: 8pt; }
  .card blockquote { margin: 2px 0; padding: 1px 6px; }
  .card ul { margin: 2px 0; padding-left: 16px; }
  .two > *, .cards > *, .multiples > * { min-width: 0; }
  table.data:not(.heat) { width: 100%; max-width: 100%; font-size: 8.5pt; }
  /* Words whole on paper ("Dubletter", "karantæne", "Hovedstaden" were cut anywhere when every cell could
     break between any two letters: each column's narrowest was one letter); a word longer than its column
     breaks where it must (break-word), an identifier or a file name anywhere. */
  table.data:not(.heat) th, table.data:not(.heat) td { overflow-wrap: break-word; word-break: normal;
                                                       padding: 3px 5px; }
  table.data:not(.heat) .num { white-space: normal; }
  table.data:not(.heat) code { white-space: normal; overflow-wrap: anywhere; }
  thead { display: table-header-group; }
  section.quality, section#bullets { break-before: auto; }
  /* The bullet charts repeat the cards' figures: on paper a sentence says where they are (docs/decisions.md,
     "The KKR paper"); 3 of the report's A4 pages. */
  .print-only { display: block !important; }
  /* The integrity signals on paper (docs/decisions.md, issue 21's pages): fixed columns, so that the rules
     (printed only where a signal asks a question or cannot be assessed) do not take a column's width
     from every row; notes and badges at the table's size. */
  table.data.signals:not(.national) { table-layout: fixed; font-size: 8pt; }
  table.data.signals.national { font-size: 7.5pt; }  /* a hub's name and the signals' words whole on A4 */
  table.signals:not(.national) thead th { font-size: 7pt; }
  table.signals:not(.national) th:nth-child(1) { width: 22%; }
  table.signals:not(.national) th:nth-child(2) { width: 17%; }
  table.signals:not(.national) th:nth-child(3), table.signals:not(.national) th:nth-child(4) { width: 10%; }
  table.signals:not(.national) th:nth-child(5) { width: 13%; }
  table.signals:not(.national) th:nth-child(6) { width: 11%; }
  table.signals:not(.national) th:nth-child(7) { width: 17%; }
  table.signals.quiet th:nth-child(7), table.signals.quiet td:nth-child(7) { display: none; }  /* no rule to print */
  main table.signals:not(.national) thead th, main table.signals:not(.national) td.num {
    overflow-wrap: normal; word-break: normal; }  /* "Sammenligning", "procentpoint": whole words */
  table.signals .note { font-size: 7.5pt; margin: 0; }
  table.signals .badge { font-size: 7.5pt; padding: 0 6px; }
  /* The municipalities on one page of their own where they can be (Hovedstaden's 29 ran "I alt" onto the
     next page, a review): rows set close, badges at the table's size. */
  table.municipal-summary th, table.municipal-summary td { padding-top: 1px; padding-bottom: 1px; }
  table.municipal-summary .badge { font-size: 7.5pt; padding: 0 6px; }
  section#municipalities p.note { font-size: 8.5pt; margin: 2px 0 6px; }
  /* the page's own line ("Genereret … · hubmonitor") is in each sheet's footer (document.print_footer): a
     last sheet held it alone */
  body > footer { display: none; }
}
.print-only { display: none; }
"""

DASHBOARD_JS = """\
/* Draws the figures embedded as JSON, sorts tables, and prepares the page for printing. */
(function () {
  "use strict";
  var PRINT_WIDTH = 680;  /* px: A4 portrait less 12 mm margins (186 mm), with room to spare */
  var SMALL_PRINT_WIDTH = 320;  /* px: a small multiple, two side by side */
  var lang = document.documentElement.lang === "da" ? "da" : "en";
  var config = {
    locale: lang, displaylogo: false, responsive: true, scrollZoom: false, showSendToCloud: false,
    modeBarButtonsToRemove: ["sendChartToCloud", "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
                             "autoScale2d", "resetScale2d", "toggleSpikelines", "hoverClosestCartesian",
                             "hoverCompareCartesian"]
  };
  function charts() { return Array.prototype.slice.call(document.querySelectorAll("div[data-figure]")); }
  function draw() {
    if (typeof Plotly === "undefined") { return; }
    charts().forEach(function (div) {
      var source = document.getElementById(div.getAttribute("data-figure"));
      var fig = JSON.parse(source.textContent);
      var name = div.getAttribute("data-name");
      var own = name ? Object.assign({}, config, {toImageButtonOptions: {filename: name}}) : config;
      Plotly.newPlot(div, fig.data, fig.layout, own).then(function () {
        quiet(div);
        div.on("plotly_afterplot", function () { quiet(div); });
      });
    });
  }
  /* Plotly's SVG layers (ticks, labels, hover boxes) read as a jumble of loose words: they are kept
     out of the accessibility tree; the figure reads as its label (role="figure", aria-label) and
     keeps the download button of the modebar. */
  function quiet(div) {
    Array.prototype.forEach.call(div.querySelectorAll(".svg-container > svg, .svg-container > .gl-container"),
      function (layer) { layer.setAttribute("aria-hidden", "true"); });
  }
  var opened = [];
  var printing = false;
  function toPrint() {
    if (printing) { return; }
    printing = true;
    opened = [];
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true; opened.push(d);
    });
    if (typeof Plotly !== "undefined") {
      charts().forEach(function (div) {
        var width = div.classList.contains("chart-small") ? SMALL_PRINT_WIDTH : PRINT_WIDTH;
        if (div.data) { Plotly.relayout(div, {width: width}); }
      });
    }
  }
  function toScreen() {
    if (!printing) { return; }
    printing = false;
    opened.forEach(function (d) { d.open = false; });
    if (typeof Plotly !== "undefined") {
      charts().forEach(function (div) {
        if (div.data) { Plotly.relayout(div, {width: null, autosize: true}); Plotly.Plots.resize(div); }
      });
    }
  }
  function sortable(table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-sort"), y = b.cells[column].getAttribute("data-sort");
          var nx = parseFloat(x), ny = parseFloat(y), r;
          if (!isNaN(nx) && !isNaN(ny)) { r = nx - ny; }
          else if (isNaN(nx) !== isNaN(ny)) { return isNaN(nx) ? 1 : -1; }  /* missing values last */
          else { r = String(x).localeCompare(String(y), lang); }
          return descending ? -r : r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  /* A table box that scrolls sideways (on a narrow screen) takes the keyboard's focus, so that arrow
     keys scroll it, and is named for its table: its caption, else its section's heading (axe:
     scrollable-region-focusable). Also a box with links in it: a link in the first column does not
     scroll the box to the columns right of it (a review: the status column out of reach at 320 px).
     A box whose first column stays put (table.heat) keeps what Tab reaches clear of that column
     (scroll-padding, as wide as the column and a little more: WCAG 2.4.7; the national table's box has
     its own in the style sheet). Asked again when the page or a table
     changes size (a user's text spacing, WCAG 1.4.12). */
  /* The heading nearest before a box in its section (a target's h3 before its table), else none. */
  function headingBefore(box) {
    var section = box.closest("section");
    var found = null;
    if (section) {
      Array.prototype.forEach.call(section.querySelectorAll("h2, h3"), function (h) {
        if (h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) { found = h; }
      });
    }
    return found;
  }
  function scrollers() {
    var named = {};  /* a region's name once on the page: two boxes of one section were one name (axe) */
    Array.prototype.forEach.call(document.querySelectorAll('[role="region"][aria-label]'), function (box) {
      named[box.getAttribute("aria-label")] = true;
    });
    Array.prototype.forEach.call(document.querySelectorAll(".scroll"), function (box) {
      var made = box.hasAttribute("data-focusable");
      var fixed = box.classList.contains("heat-scroll") ? null : box.querySelector("table.heat tr > :first-child");
      if (fixed) { box.style.scrollPaddingLeft = (fixed.getBoundingClientRect().width + 16) + "px"; }
      if (box.scrollWidth > box.clientWidth + 1) {
        if (made) { return; }
        var caption = box.querySelector("caption");
        var heading = headingBefore(box);
        var name = ((caption || heading || {}).textContent || (lang === "da" ? "Tabel" : "Table")).trim();
        var shown = name;
        for (var n = 2; named[shown]; n++) { shown = name + " (" + n + ")"; }
        named[shown] = true;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", shown);
        box.setAttribute("data-focusable", "");
      } else if (made) {
        delete named[box.getAttribute("aria-label")];
        ["tabindex", "role", "aria-label", "data-focusable"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  function start() {
    draw();
    scrollers();
    window.addEventListener("resize", scrollers);
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function () { scrollers(); });
      Array.prototype.forEach.call(document.querySelectorAll(".scroll > table"), function (t) { observer.observe(t); });
    }
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), sortable);
    window.addEventListener("beforeprint", toPrint);
    window.addEventListener("afterprint", toScreen);
    var media = window.matchMedia("print");
    media.addEventListener("change", function (e) { if (e.matches) { toPrint(); } else { toScreen(); } });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
"""

LOCALE_DA_JS = """\
/* plotly.js has no Danish locale in plotly.py's bundle: this registers one (dates, numbers, modebar). */
(function () {
  "use strict";
  var locale = {
    moduleType: "locale",
    name: "da",
    dictionary: {
      "Autoscale": "Autoskalér",
      "Box Select": "Vælg med boks",
      "Compare data on hover": "Sammenlign data ved hover",
      "Double-click to zoom back out": "Dobbeltklik for at zoome ud igen",
      "Download plot": "Hent figuren",
      "Download plot as a png": "Hent figuren som PNG",
      "Download plot as a PNG": "Hent figuren som PNG",
      "Lasso Select": "Vælg med lasso",
      "Pan": "Panorér",
      "Produced with Plotly.js": "Lavet med Plotly.js",
      "Reset axes": "Nulstil akser",
      "Reset view": "Nulstil visning",
      "Show closest data on hover": "Vis nærmeste data ved hover",
      "Snapshot succeeded": "Billedet er gemt",
      "Sorry, there was a problem downloading your snapshot!": "Beklager, billedet kunne ikke hentes.",
      "Taking snapshot - this may take a few seconds": "Gemmer billedet – det kan tage et par sekunder",
      "Toggle Spike Lines": "Slå hjælpelinjer til/fra",
      "Zoom": "Zoom",
      "Zoom in": "Zoom ind",
      "Zoom out": "Zoom ud",
      "trace": "serie"
    },
    format: {
      days: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
      shortDays: ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
      months: ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
               "november", "december"],
      shortMonths: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      date: "%d.%m.%Y",
      decimal: ",",
      thousands: "."
    }
  };
  if (typeof Plotly !== "undefined") { Plotly.register(locale); }
})();
"""


def plotly_js() -> bytes:
    """plotly.js as bundled with the installed plotly (offline; no CDN)."""
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs()).encode("utf-8")


def assets() -> dict[str, bytes]:
    return {
        "assets/plotly.min.js": plotly_js(),
        "assets/style.css": STYLE_CSS.encode("utf-8"),
        "assets/dashboard.js": DASHBOARD_JS.encode("utf-8"),
        "assets/locale-da.js": LOCALE_DA_JS.encode("utf-8"),
    }
