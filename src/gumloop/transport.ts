// What the client needs to talk HTTP (undici) and save bodies, in one module: the extension bundles it into its own file
// (dist/transport.js, see esbuild.mjs) so that activating the extension does not parse undici.
export { createDispatcher } from './dispatcher';
export { request } from './undici';
export { saveBody } from './saveBody';
