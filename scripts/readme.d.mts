// Types of scripts/readme.mjs, for the tests that import it.
export const RULE_TABLE_START: string;
export const RULE_TABLE_END: string;
export const SAMPLE_START: string;
export const SAMPLE_END: string;
export const SAMPLE_COMMAND: string;
export function withRuleTable(readme: string, table: string): string;
export function runSample(
  main: (argv: string[], io: { cwd: string; stdout: (s: string) => void; stderr: (s: string) => void; readStdin: () => Promise<string>; isTTY: boolean; env: Record<string, string> }) => Promise<number>,
  root: string,
): Promise<{ code: number; output: string }>;
export function withSample(readme: string, output: string): string;
