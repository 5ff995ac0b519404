// Types of full-report.mjs (for test/bench/ab-full-report.test.ts).
export interface FullRow {
  id: string;
  figure: string;
  goal: string;
  unit: string;
}
export declare const FULL_ROWS: FullRow[];
export interface FullFigure {
  id: string;
  base: number[];
  head: number[];
  better?: "higher";
  reference?: boolean;
}
export declare function num(x: number, unit: string): string;
export declare function cell(values: number[], unit: string): string;
export declare function changeCell(f: FullFigure): string;
export declare function fullTable(figures: FullFigure[], options: { labels: { base: string; head: string }; notes?: Map<string, string> }): string;
export declare function contextSentences(figures: FullFigure[]): string[];
export declare function wrap(text: string, width?: number): string;
export declare function readmeBlock(options: {
  command: string;
  base: { sha: string; why: string };
  machine: string;
  date: string;
  table: string;
  context: string[];
  quick?: boolean;
}): string;
export declare function replaceBenchBlock(readme: string, block: string, name?: string): string;
