import type { DockerCommand } from '../adapters/dockerEngine.js';
import type { PodPlugins } from '../adapters/podPlugins.js';
import type { DockerSide } from './dockerSide.js';

/**
 * Carries out a Docker command once Docker's side is open, in the order the
 * core issued them. Stops, pre_stop hooks and removals end a pod: its plugins' beforeKill
 * hooks run first, once a task.
 */
export function dockerCommands(dockerReady: Promise<DockerSide>, plugins: PodPlugins): (command: DockerCommand) => void {
  return (command) => {
    void dockerReady.then(({ engine }) => {
      const ending = command.type === 'container.stop' || command.type === 'container.remove' || (command.type === 'container.exec_hook' && command.stage === 'pre_stop');
      if (plugins.any && ending) void plugins.beforeKill(command.taskId).then(() => engine.run(command));
      else engine.run(command);
    });
  };
}
