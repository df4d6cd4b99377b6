import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Mermaid's own xychart parser, for checking the charts hongwu writes. `@mermaid-js/parser` has no
 * xychart grammar (it covers info, packet, pie, architecture, gitGraph, radar, …), and
 * `mermaid.parse()` needs a browser (DOMPurify) in Node; so this loads the jison parser that the
 * `mermaid` package (devDependency) itself renders xychart with — the `diagram.parser` of its
 * `dist/chunks/mermaid.core/xychartDiagram-*.mjs` chunk — with a diagram database that records
 * what was parsed instead of drawing it.
 */
interface JisonParser {
  parser: { yy: unknown };
  parse(text: string): unknown;
}

const CALLS = [
  'setAccDescription',
  'setAccTitle',
  'setBarData',
  'setDiagramTitle',
  'setLineData',
  'setOrientation',
  'setXAxisBand',
  'setXAxisRangeData',
  'setXAxisTitle',
  'setYAxisRangeData',
  'setYAxisTitle',
] as const;

export type XyChart = Partial<Record<(typeof CALLS)[number], unknown[]>>;

let parser: Promise<JisonParser> | undefined;

function loadParser(): Promise<JisonParser> {
  const require = createRequire(import.meta.url);
  const dist = path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist', 'chunks', 'mermaid.core');
  const chunk = fs.readdirSync(dist).find((f) => /^xychartDiagram-.*\.mjs$/.test(f));
  if (!chunk) throw new Error(`no xychart chunk in ${dist}: has mermaid's layout changed?`);
  return import(pathToFileURL(path.join(dist, chunk)).href).then(
    (m: { diagram: { parser: JisonParser } }) => m.diagram.parser,
  );
}

/** Parses one xychart block as Mermaid does; throws Mermaid's parse error. Returns the calls made, last one per kind.
 * */
export async function parseXyChart(text: string): Promise<XyChart> {
  const jison = await (parser ??= loadParser());
  const seen: XyChart = {};
  jison.parser.yy = Object.fromEntries(CALLS.map((name) => [name, (...args: unknown[]) => void (seen[name] = args)]));
  jison.parse(text);
  return seen;
}

/** The ```mermaid blocks of a Markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}
