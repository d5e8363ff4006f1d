// Piscina worker entry, CommonJS on purpose. Piscina first require()s its filename; on Node 20.19+ that
// require() of an ES module with top-level await (the TypeScript-loader entry) goes through require(esm),
// which can abort the whole process with a V8 fatal error ("IsGraphAsync must be used on an instantiated
// module") and did so once in CI. A CommonJS file loads synchronously and returns the handler at once;
// the ES worker is imported once, lazily, behind one promise.
'use strict';

let worker;
module.exports = function analyticsTask(task) {
  worker ??= import('./analytics-worker-entry.mjs').then((m) => m.default);
  return worker.then((run) => run(task));
};
