/** `service t1/web`: how the page names one service's machine, both where its path is dated and where it is drawn. */
export function serviceMachineName(taskId: string, service: string): string {
  return `service ${taskId}/${service}`;
}
