// Commands only some users run are loaded on their first use, not when VS Code activates the
// extension: a require() here, unlike an import, lets the bundler evaluate the command's module,
// and every module only it imports, on the first call (as download/lazyEngine.ts does for the
// download engine). The pattern for a new such command (agents, LM tools, the run monitor's
// panels): a function here that requires its module, called inside the command's handler in
// index.ts, and no static import of that module anywhere activation reaches (types are fine:
// `import type` costs nothing at run time).
/* eslint-disable @typescript-eslint/no-require-imports */

/** Run Flow: the flow picker, the input prompts and uploads, the started run's follower. */
export function runFlowCommand(): typeof import('./runFlow') {
  return require('./runFlow') as typeof import('./runFlow');
}

/** Run Again and Run Again with Changes…: they start through Run Flow's follower, so they load with it. */
export function runAgainCommand(): typeof import('./runAgain') {
  return require('./runAgain') as typeof import('./runAgain');
}
