// The Action's entry, bundled by esbuild.mjs into dist-action/index.js (action.yml's runs.main):
// runs it and sets the exit code. Separate from action.ts so that tests can import that one.
import { runAction } from './action';
import { workflowCommand } from './workflowCommands';

void runAction().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(workflowCommand('error', { title: 'gumloop-files' }, `Unexpected error: ${(error as Error)?.message ?? String(error)}`));
    process.exitCode = 1;
  },
);
