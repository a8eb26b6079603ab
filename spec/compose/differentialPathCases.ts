import type { DifferentialCase } from './differentialCases.js';

/**
 * Relative paths, each key that holds one, where Compose's project
 * directory (the first file's) is not the sandbox: on Mesos the files sit in
 * the sandbox, so `-f deploy/compose.yaml` must find `./app.env` in `deploy/`.
 */

const image = 'compose-executor/busybox:test';

const deployed = `services:
  web:
    image: ${image}
    env_file: ./app.env
    label_file: [web.labels]
    build: {context: ./ctx, dockerfile: Dockerfile.dev}
    volumes: ["./data:/data", "bound:/bound"]
    secrets: [token, {source: key, target: key.pem}]
    configs: [{source: conf, target: /etc/app.conf}]
  plain:
    image: ${image}
    build: {dockerfile: Other}
volumes:
  bound:
    driver: local
    driver_opts: {type: none, o: bind, device: ./volume}
secrets:
  token: {file: ./token.txt}
  key: {file: /etc/hostname}
configs:
  conf: {file: conf/app.conf}
`;

export const pathCases: readonly DifferentialCase[] = [
  {
    name: 'a compose file in a subdirectory reads every relative path from its own directory',
    files: {
      'deploy/compose.yaml': deployed,
      'deploy/app.env': 'FROM_ENV_FILE=deploy\n',
      'deploy/web.labels': 'FROM_LABEL_FILE=deploy\n',
      'deploy/ctx/Dockerfile.dev': `FROM ${image}\n`,
      'deploy/Other': `FROM ${image}\n`,
      'deploy/token.txt': 'secret\n',
      'deploy/conf/app.conf': 'a=1\n',
      // Decoys where the sandbox root would wrongly lead.
      'app.env': 'FROM_ENV_FILE=root\n',
      'web.labels': 'FROM_LABEL_FILE=root\n',
    },
    use: ['deploy/compose.yaml'],
    compare: ['environment', 'labels', 'mounts', 'build', 'fileSources', 'volumeDevices'],
  },
  {
    name: 'an override file in another directory reads its paths from the project directory',
    files: {
      'deploy/compose.yaml': `services:\n  web:\n    image: ${image}\n    env_file: [app.env]\n`,
      'deploy/app.env': 'A=1\n',
      'deploy/extra.env': 'B=deploy\n',
      'overrides/extra.env': 'B=overrides\n',
      'overrides/more.yaml': `services:\n  web:\n    env_file: [app.env, ./extra.env]\n    volumes: ["./data:/data"]\n    build: {context: ctx}\n  other:\n    extends: {file: base.yaml, service: base}\n`,
      'deploy/base.yaml': `services:\n  base:\n    image: ${image}\n    environment: {FROM: deploy}\n`,
      'overrides/base.yaml': `services:\n  base:\n    image: ${image}\n    environment: {FROM: overrides}\n`,
    },
    use: ['deploy/compose.yaml', 'overrides/more.yaml'],
    compare: ['environment', 'mounts', 'build'],
  },
  {
    name: 'extends.file reads the base file paths from the base file directory',
    files: {
      'deploy/compose.yaml': `services:\n  web:\n    extends: {file: base/base.yaml, service: app}\n  tool:\n    extends: {file: base/base.yaml, service: tool}\n`,
      'deploy/base/base.yaml': `services:\n  app:\n    image: ${image}\n    env_file: app.env\n    label_file: ./app.labels\n    volumes: ["./data:/data", "../shared:/shared"]\n    build: {context: ./ctx}\n  tool:\n    extends: {file: ../more/tool.yaml, service: tool}\n`,
      'deploy/base/app.env': 'FROM=base\n',
      'deploy/base/app.labels': 'label=base\n',
      'deploy/more/tool.yaml': `services:\n  tool:\n    image: ${image}\n    volumes: ["./tools:/tools"]\n`,
    },
    use: ['deploy/compose.yaml'],
    compare: ['environment', 'labels', 'mounts', 'build'],
  },
  {
    name: 'include reads the included file paths from its own directory',
    files: {
      'deploy/compose.yaml': `include: [lib/db.yaml]\nservices:\n  web:\n    image: ${image}\n    volumes: ["./web:/web"]\n`,
      'deploy/lib/db.yaml': `include: [cache/cache.yaml]\nservices:\n  db:\n    image: ${image}\n    env_file: db.env\n    volumes: ["./init:/init:ro"]\n    build: .\n    secrets: [pass]\nsecrets:\n  pass: {file: ./pass.txt}\n`,
      'deploy/lib/db.env': 'ROLE=db\n',
      'deploy/lib/cache/cache.yaml': `services:\n  cache:\n    image: ${image}\n    volumes: ["./cache:/cache"]\n`,
      'deploy/lib/Dockerfile': `FROM ${image}\n`,
      'deploy/lib/pass.txt': 'pass\n',
    },
    use: ['deploy/compose.yaml'],
    compare: ['environment', 'mounts', 'build', 'fileSources'],
  },
  {
    name: 'a leading ~ is the home directory in every host path compose-go expands it in, and nowhere else',
    // Compose's HOME is the spec's (the docker CLI finds its plugins there); ours is given the same.
    env: { HOME: process.env.HOME ?? '/root' },
    files: {
      'deploy/compose.yaml': `services:\n  web:\n    image: ${image}\n    volumes: ["~/data:/data", "~:/home", {type: bind, source: ~/long, target: /long}, "./~x:/tilde-inside"]\n    secrets: [token]\n    configs: [conf]\n    environment: {NOT_A_PATH: ~/kept}\n    command: [echo, ~/kept]\n  builder:\n    image: ${image}\n    build: {context: ~/src}\nsecrets:\n  token: {file: ~/token.txt}\nconfigs:\n  conf: {file: ~conf.txt}\nvolumes:\n  bound:\n    driver: local\n    driver_opts: {type: none, o: bind, device: ~/volume}\n`,
    },
    use: ['deploy/compose.yaml'],
    compare: ['mounts', 'environment', 'command', 'build', 'fileSources', 'volumeDevices'],
  },
  {
    name: "an included file is interpolated with its include's env_file, or the .env of its project directory, the including project's variables winning",
    files: {
      'deploy/compose.yaml': `include:\n  - path: lib/db.yaml\n  - path: other/cache.yaml\n    env_file: [cache.env]\nservices:\n  web:\n    image: ${image}\n    environment:\n      SHARED: \${SHARED}\n`,
      'deploy/.env': 'SHARED=from-project\n',
      'deploy/lib/db.yaml': 'services:\n  db:\n    image: ${DB_IMAGE}\n    environment:\n      ROLE: ${ROLE}\n      SHARED: ${SHARED}\n      HOMEGROWN: ${HOMEGROWN:-unset}\n',
      'deploy/lib/.env': `DB_IMAGE=${image}\nROLE=db\nSHARED=from-lib\nHOMEGROWN=\${ROLE}-grown\n`,
      'deploy/other/cache.yaml': `services:\n  cache:\n    image: ${image}\n    environment:\n      FROM: \${FROM:-none}\n`,
      'deploy/cache.env': 'FROM=cache-env\n',
      'deploy/other/.env': 'FROM=unread\n',
    },
    use: ['deploy/compose.yaml'],
    compare: ['image', 'environment'],
  },
  {
    name: 'a git context is no path: kept as written through extends, in every form Compose reads',
    files: {
      'deploy/compose.yaml': `services:\n  web:\n    extends: {file: base/base.yaml, service: app}\n  direct:\n    image: ${image}\n    build: "git@github.com:o/r.git#main:sub"\n  short:\n    build: github.com/o/r\n`,
      'deploy/base/base.yaml': `services:\n  app:\n    image: ${image}\n    build: {context: "https://github.com/docker/compose.git#v2.26.1:pkg", dockerfile: Dockerfile.dev}\n`,
    },
    use: ['deploy/compose.yaml'],
    compare: ['build'],
  },
  {
    name: 'include with a project_directory reads the included file paths from it',
    files: {
      'deploy/compose.yaml': `include:\n  - path: [lib/db.yaml, lib/db.override.yaml]\n    project_directory: data\nservices:\n  web:\n    image: ${image}\n`,
      'deploy/lib/db.yaml': `services:\n  db:\n    image: ${image}\n    env_file: db.env\n    volumes: ["./init:/init:ro"]\n`,
      'deploy/lib/db.override.yaml': 'services:\n  db:\n    volumes: ["./more:/more"]\n',
      'deploy/lib/db.env': 'FROM=lib\n',
      'deploy/data/db.env': 'FROM=data\n',
    },
    use: ['deploy/compose.yaml'],
    compare: ['environment', 'mounts'],
  },
];
