// The per-test outcome the extension-host runner hands back to run.ts (through a JSON file, since
// the two live in different processes and the workbench only reports a single exit code).
export interface ExtHostTestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}
