// The e2e suites' browser helpers, one module per part of the editor (scripts/e2e/browser/).
// puppeteer-core 25 needs Node >= 22.12: run browser tests with the cache's Node 24
// (the browser suites re-execute themselves under it, see rerunUnderNode24). The suites use
// these as one namespace (`B.openNode(...)`), hence this index.
export * from './browser/launch.mjs';
export * from './browser/canvas.mjs';
export * from './browser/parameters.mjs';
export * from './browser/credentials.mjs';
export * from './browser/execution.mjs';
