#!/usr/bin/env node
// The built CLI; `npm run build` makes dist/ (npm test builds it first).
import('../dist/cli/main.js').then(
  ({ main }) => main(process.argv.slice(2)),
  (error) => {
    process.stderr.write(`compose-executor: not built (${error.message}); run \`npm run build\` first\n`);
    process.exit(1);
  },
);
