// One line per test as it finishes ("ok - name" / "not ok - name" plus details), and the summary line
// CI and people look for: "e2e: N passed, M failed".
export interface TestOutcome {
  name: string;
  passed: boolean;
  durationMs?: number;
  error?: string;
  screenshot?: string;
}

export function printOutcome(o: TestOutcome): void {
  const time = o.durationMs === undefined ? '' : ` (${(o.durationMs / 1000).toFixed(1)} s)`;
  console.log(`${o.passed ? 'ok' : 'not ok'} - ${o.name}${time}`);
  if (o.error) console.log(indent(o.error));
  if (o.screenshot) console.log(`    screenshot: ${o.screenshot}`);
}

export function printSummary(outcomes: TestOutcome[]): void {
  const passed = outcomes.filter((o) => o.passed).length;
  console.log(`e2e: ${passed} passed, ${outcomes.length - passed} failed`);
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
