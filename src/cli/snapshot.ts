import { startupSnapshot } from 'node:v8';
import { loadExecutor, main } from './main.js';

/**
 * The entry point of the startup snapshot (`npm run bundle` writes
 * dist/compose-executor.blob from a CommonJS bundle of this file with
 * Node's `--build-snapshot`). Building it evaluates the executor's modules
 * and the Docker client's, so a start deserializes a heap instead of
 * parsing and running 2 MB of JavaScript. Started as
 * `node --snapshot-blob compose-executor.blob ARGS...`, where
 * process.argv has no script: the arguments start at argv[1].
 *
 * Nothing here may read the environment, the clock or the host while the
 * snapshot is built: that would be the build machine's, frozen.
 */

declare const COMPOSE_EXECUTOR_SNAPSHOT: boolean | undefined;

if (startupSnapshot.isBuildingSnapshot()) {
  // The bundle turns these into synchronous module initialisations run in a microtask, which runs before
  // the snapshot is taken; dockerode is what the executor loads right after SUBSCRIBE.
  void loadExecutor();
  void import('dockerode');
  startupSnapshot.setDeserializeMainFunction(() => {
    void main(process.argv.slice(1));
  });
} else if (typeof COMPOSE_EXECUTOR_SNAPSHOT === 'boolean') {
  process.stderr.write('compose-executor: this file is the startup snapshot\'s source; run compose-executor.sh or node --snapshot-blob compose-executor.blob\n');
  process.exit(1);
}
