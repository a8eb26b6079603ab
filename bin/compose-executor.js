#!/usr/bin/env node
// The built CLI; `npm run build` makes dist/ (npm test builds it first).
import Module from 'node:module';

// dockerode reaches Docker over a local socket here: docker-modem's SSH client (ssh2, with its native
// cpu-features) and the gRPC stack dockerode loads for BuildKit sessions are never used, yet loading them
// cost the plain build about 10 MB resident. They are left out as the bundle leaves them out
// (scripts/bundle.ts): a stand-in that fails only if used.
const LEFT_OUT = new Set(['ssh2', 'cpu-features', '@grpc/grpc-js', '@grpc/proto-loader']);
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (!LEFT_OUT.has(request)) return load.call(this, request, parent, isMain);
  const missing = () => {
    throw new Error(`${request} is left out of compose-executor: reach Docker through its local socket`);
  };
  missing.Client = class {
    constructor() {
      missing();
    }
  };
  return missing;
};

import('../dist/cli/main.js').then(
  ({ main }) => main(process.argv.slice(2)),
  (error) => {
    process.stderr.write(`compose-executor: not built (${error.message}); run \`npm run build\` first\n`);
    process.exit(1);
  },
);
