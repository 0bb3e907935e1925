// The README.md placed in the demo workspace: the first thing a newcomer sees in the workbench.
export interface DemoFacts {
  apiKey: string;
  userId: string;
  /** Seeded runs worth trying, by what they show (report, failed, unicode, ...). */
  runs: Record<string, string>;
  emulatorUrl: string;
}

export function demoReadme(facts: DemoFacts): string {
  const runs = Object.entries(facts.runs)
    .map(([what, id]) => `   - \`${id}\` (${what})`)
    .join('\n');
  return `# Gumloop Files demo

This folder is open in a real VS Code (code-server) with the Gumloop Files extension installed.
It talks to a local Gumloop API emulator at ${facts.emulatorUrl}, not to Gumloop.
\`gumloop.baseUrl\` and \`gumloop.userId\` (\`${facts.userId}\`) are already set in the user settings.

Things to try:

1. Press **F1**, run **Gumloop: Set API Key** and paste the demo key: \`${facts.apiKey}\`
2. Run **Gumloop: Download Run Files** and enter one of these run IDs:
${runs}
   The files land in this folder; the failed and running runs show how errors are reported.
3. Open the **Gumloop** view in the activity bar: **Recent Runs** lists what you downloaded.
4. Type \`Gumloop\` after F1 to see every command.

Everything here is scratch: it is recreated each time you run \`npm start\`.
`;
}
