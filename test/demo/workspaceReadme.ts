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
\`gumloop.userId\` (\`${facts.userId}\`) is already set in the user settings, and \`gumloop.baseUrl\`
in the Machine settings (the only place VS Code reads it from, so a workspace cannot redirect your key).

Things to try:

1. Press **F1**, run **Gumloop: Set API Key** and paste the demo key: \`${facts.apiKey}\`
2. Run **Gumloop: Download Run Files** and enter one of these run IDs:
${runs}
   Tick the files it suggests: they land in \`gumloop/<run id>/\` in this folder. The failed and
   running runs show how errors are reported.
3. Open the **Gumloop** view in the activity bar: **Recent Runs** lists what you downloaded, and
   **Flows** lists the account's flows with their recent runs and files (click a file to download it).
4. Run a flow: ▷ on a flow in **Flows**, or **Gumloop: Run Flow…** after F1. It asks for the
   flow's inputs, shows the run's progress, and offers to download its files when it is done.
5. Type \`Gumloop\` after F1 to see every command.

Everything here is scratch: it is recreated each time you run \`npm start\`.
`;
}
