/** The fixtures of the differential spec: each is run by Docker Compose v2 and planned by us. */
export interface DifferentialCase {
  readonly name: string;
  /** Files of the project directory, by path. */
  readonly files: Readonly<Record<string, string>>;
  /** The `-f` files, in order; default compose.yaml. */
  readonly use?: readonly string[];
  /** The environment both tools see (the task's, for us). */
  readonly env?: Readonly<Record<string, string>>;
  /** The task's Mesos `gpus` resource, for us. */
  readonly gpus?: number;
  readonly compare: ReadonlyArray<
    'image' | 'command' | 'entrypoint' | 'environment' | 'ports' | 'mounts' | 'limits' | 'networks' | 'dependsOn' | 'containerName' | 'replicas' | 'labels' | 'hooks' | 'build' | 'fileSources' | 'volumeDevices' | 'deviceRequests'
  >;
}

const image = 'compose-executor/busybox:test';
const shell = { SET_X: 'shellval', EMPTY_X: '', BOTH_X: 'from-shell' };

export const differentialCases: readonly DifferentialCase[] = [
  {
    name: 'gpus all as DeviceRequests, all being the task GPUs',
    gpus: 2,
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    gpus: all\n` },
    compare: ['deviceRequests'],
  },
  {
    name: 'gpus and device reservations appended across two files',
    gpus: 6,
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    gpus: [{count: 1}]\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: 1}]}}}\n`,
      'override.yaml': 'services:\n  web:\n    gpus: [{count: 2}]\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: 2}]}}}\n',
    },
    use: ['compose.yaml', 'override.yaml'],
    compare: ['deviceRequests'],
  },
  {
    name: 'gpus listed and device reservations as DeviceRequests',
    gpus: 5,
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    gpus: [{driver: nvidia, count: 1, capabilities: [compute], options: {a: b}}, {device_ids: ["GPU-1"]}]\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: 1}, {capabilities: [gpu], driver: nvidia, count: 2}]}}}\n`,
    },
    compare: ['deviceRequests'],
  },
  {
    name: 'label_file, later files and labels winning, nothing looked up outside the file',
    env: shell,
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    label_file: [./web.labels, conf/more.labels]\n    labels: {B: x, A: over}\n`,
      'web.labels': 'A=1\nC=3\n# a comment\nD="quoted"\n',
      'conf/more.labels': 'C=4\nE=${SET_X:-fallback}\nF=${C}\n',
    },
    compare: ['labels'],
  },
  {
    name: 'interpolation defaults',
    env: shell,
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    environment:\n      UNSET_COLON: \${UNSET_X:-dflt}\n      UNSET_DASH: \${UNSET_X-dflt}\n      EMPTY_COLON: \${EMPTY_X:-dflt}\n      EMPTY_DASH: \${EMPTY_X-dflt}\n      NESTED: \${UNSET_X:-\${SET_X:-no}}\n      PLUS: \${SET_X:+alt}\n`,
    },
    compare: ['image', 'environment'],
  },
  {
    name: 'dollar escapes in command and environment',
    env: shell,
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    command: sh -c 'echo $$HOME $\${SET_X} $SET_X'\n    environment:\n      LITERAL: "$$SET_X"\n      PRICE: "5$$"\n` },
    compare: ['command', 'environment'],
  },
  {
    name: '.env with interpolation, quotes and bare keys',
    env: shell,
    files: {
      '.env': "ONLY_DOTENV=dot\nBOTH_X=from-dotenv\nDERIVED=${ONLY_DOTENV}-derived\nQUOTED_X='single $ONLY_DOTENV'\nBARE_FROM_DOTENV=bare-dot\n",
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    environment:\n      FROM_DOTENV: \${ONLY_DOTENV}\n      SHELL_WINS: \${BOTH_X}\n      DOTENV_REF: \${DERIVED}\n      QUOTED: \${QUOTED_X}\n      BARE_FROM_DOTENV:\n`,
    },
    compare: ['environment'],
  },
  {
    name: 'bare environment keys, set, empty and unset',
    env: shell,
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    environment: [SET_X, UNSET_X, EMPTY_X, PLAIN=1]\n` },
    compare: ['environment'],
  },
  {
    name: 'ports merged across two files once per binding',
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    ports: ["31000:80", "9000"]\n    dns: [1.1.1.1]\n`,
      'override.yaml': 'services:\n  web:\n    ports: ["31000:80", "31001:443", "9000"]\n',
    },
    use: ['compose.yaml', 'override.yaml'],
    compare: ['ports'],
  },
  {
    name: 'volumes, environment and command across two files',
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    volumes: ["./a:/data", "cache:/cache"]\n    environment: [A=1, B=2]\n    command: ["echo", "base"]\nvolumes:\n  cache: {}\n`,
      'override.yaml': 'services:\n  web:\n    volumes: ["./b:/data:ro"]\n    environment: {B: "3", C: "4"}\n    command: echo override\n',
    },
    use: ['compose.yaml', 'override.yaml'],
    compare: ['command', 'environment', 'mounts'],
  },
  {
    name: 'extends keeping the base service dependencies',
    files: { 'compose.yaml': `services:\n  base:\n    image: ${image}\n    depends_on: [db]\n    environment: {A: "1"}\n  web:\n    extends: base\n    environment: {B: "2"}\n  db:\n    image: ${image}\n` },
    compare: ['image', 'environment', 'dependsOn'],
  },
  {
    name: 'numbers read as YAML 1.1',
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    volumes:\n      - type: tmpfs\n        target: /scratch\n        tmpfs: {mode: 0755}\n    environment:\n      FLOAT: 1.0\n      HEX: 0x10\n      OCTAL: 010\n      EXP: 1e3\n      BOOL_YES: yes\n      BOOL_TRUE: true\n`,
    },
    compare: ['environment', 'mounts'],
  },
  {
    name: 'limits from the service and from deploy',
    files: { 'compose.yaml': `services:\n  a:\n    image: ${image}\n    mem_limit: 64m\n    cpus: 0.5\n  b:\n    image: ${image}\n    deploy:\n      resources:\n        limits: {memory: 32m, cpus: "1.5", pids: 100}\n` },
    compare: ['limits'],
  },
  {
    name: 'networks with aliases',
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    networks:\n      front: {aliases: [www]}\n      back:\n  db:\n    image: ${image}\n    networks: [back]\nnetworks:\n  front: {}\n  back: {}\n` },
    compare: ['networks'],
  },
  {
    name: 'an entrypoint and a list command',
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    entrypoint: ["/bin/sh", "-c"]\n    command: ["echo hi"]\n` },
    compare: ['entrypoint', 'command'],
  },
  {
    name: 'container_name kept as an alias',
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    container_name: my-web\n    ports: ["80:80"]\n` },
    compare: ['containerName', 'ports', 'image'],
  },
  {
    name: 'links as a dependency',
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    links: ["db:database"]\n  db:\n    image: ${image}\n` },
    compare: ['dependsOn'],
  },
  {
    name: 'scale and deploy replicas',
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    scale: 3\n    ports: ["80"]\n  worker:\n    image: ${image}\n    deploy: {replicas: 2, restart_policy: {condition: on-failure, max_attempts: 3}}\n` },
    compare: ['replicas', 'ports'],
  },
  {
    name: 'keys that only shape the container',
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    annotations: {a: b}\n    dns_opt: [use-vc]\n    group_add: [mail]\n    mem_reservation: 32m\n    pids_limit: 50\n    cpu_period: 100000\n    cpu_quota: 50000\n    expose: ["3000"]\n    develop: {watch: [{path: ., action: sync, target: /app}]}\n    deploy: {labels: {a: b}, mode: replicated, placement: {constraints: [node.role==manager]}}\n`,
    },
    compare: ['image', 'limits'],
  },
  {
    name: 'reset and override tags across two files',
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    ports: ["80", "443"]\n    environment: {A: "1", B: "2"}\n    command: [a, b]\n`,
      'override.yaml': 'services:\n  web:\n    ports: !reset []\n    environment: !override {C: "3"}\n    command: !reset null\n',
    },
    use: ['compose.yaml', 'override.yaml'],
    compare: ['ports', 'environment', 'command'],
  },
  {
    name: 'several YAML documents in one file',
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    environment: {A: "1"}\n---\nservices:\n  web:\n    environment: {B: "2"}\n  db:\n    image: ${image}\n` },
    compare: ['image', 'environment'],
  },
  {
    name: 'legacy external networks and volumes, and named ones',
    files: { 'compose.yaml': `services:\n  web:\n    image: ${image}\n    networks: [outside, mine]\n    volumes: ["old:/old", "data:/data"]\nnetworks:\n  outside: {external: {name: some-net}}\n  mine: {name: my-net}\nvolumes:\n  old: {external: {name: some-volume}}\n  data: {name: my-data}\n` },
    compare: ['mounts', 'networks'],
  },
  {
    name: 'include of a file in a subdirectory',
    files: {
      'compose.yaml': `include:\n  - lib/db.yaml\nservices:\n  web:\n    image: ${image}\n    depends_on: [db]\n`,
      'lib/db.yaml': `services:\n  db:\n    image: ${image}\n    volumes: ["./init:/init:ro"]\n    environment: {ROLE: db}\n`,
    },
    compare: ['image', 'environment', 'mounts', 'dependsOn'],
  },
  {
    name: 'post_start and pre_stop hooks, merged across two files, with interpolation and a bare environment key',
    env: shell,
    files: {
      'compose.yaml': `services:\n  web:\n    image: ${image}\n    post_start:\n      - command: echo \${SET_X} "two words"\n        user: "1000"\n        working_dir: /tmp\n        environment: [SET_X, PLAIN=1]\n    pre_stop:\n      - command: [sh, -c, "echo $$$$ bye"]\n        privileged: true\n`,
      'override.yaml': 'services:\n  web:\n    post_start:\n      - command: ["true"]\n',
    },
    use: ['compose.yaml', 'override.yaml'],
    compare: ['hooks'],
  },
  {
    name: 'long-form builds without a context: a named dockerfile and an inline one',
    files: {
      'compose.yaml': `services:\n  named:\n    build:\n      dockerfile: web.Dockerfile\n  inline:\n    build:\n      dockerfile_inline: "FROM ${image}"\n  short:\n    build: .\n`,
      'web.Dockerfile': `FROM ${image}\n`,
    },
    compare: ['build'],
  },
];
