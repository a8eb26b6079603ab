import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import type { ComposeModel, ServiceModel } from '../../src/compose/model.js';

const load = (...texts: string[]) => loadCompose(texts.map((text, i) => ({ name: i === 0 ? 'docker-compose.yml' : `override-${i}.yml`, text })), {});

/** A file with one service `web` of image x, with the given YAML lines added to it. */
const web = (...lines: string[]): string => ['services:', '  web:', '    image: x', ...lines.map((line) => `    ${line}`)].join('\n');

const loaded = (...texts: string[]): ComposeModel => {
  const result = load(...texts);
  return E.isLeft(result) ? expect.fail(result.left.map(formatComposeError).join('\n')) : result.right;
};

const service = (...lines: string[]): ServiceModel => loaded(web(...lines)).services.web ?? expect.fail('no service web');

const f = 'docker-compose.yml: ';

describe('the keys that shape a container', () => {
  describe('refuses every wrong shape, naming file, service and key', () => {
    const cases: Array<[string, string, string[]]> = [
    ["volumes string", web('volumes: /data'), [`${f}services.web.volumes: expected a list of volumes, got "/data"`]],
    ["volume relative target", web('volumes: ["data:data"]'), [`${f}services.web.volumes[0]: expected an absolute path inside the container, got "data"`]],
    ["volume bad mode", web('volumes: ["./conf:/etc/conf:rx"]'), [`${f}services.web.volumes[0]: expected volume options among ro, rw, z, Z, shared, rshared, slave, rslave, private, rprivate, got "rx"`]],
    ["volume named with nocopy on bind", web('volumes: ["./conf:/etc/conf:nocopy"]'), [`${f}services.web.volumes[0]: expected volume options among ro, rw, z, Z, shared, rshared, slave, rslave, private, rprivate, got "nocopy"`]],
    ["volume four parts", web('volumes: ["a:/b:ro:x"]'), [`${f}services.web.volumes[0]: expected a volume like "/data", "data:/data", "./conf:/etc/conf:ro", got "a:/b:ro:x"`]],
    ["volume bad name", web('volumes: ["my vol:/data"]'), [`${f}services.web.volumes[0]: expected a volume name of letters, digits, '.', '_' or '-', got "my vol"`]],
    ["volume number", web('volumes: [5]'), [`${f}services.web.volumes[0]: expected a volume like "/data", "data:/data", "./conf:/etc/conf:ro", or a mapping with type and target, got 5`]],
    ["long no type", web('volumes: [{target: /data}]'), [`${f}services.web.volumes[0].type: missing: expected volume, bind or tmpfs`]],
    ["long bad type", web('volumes: [{type: pipe, target: /data}]'), [`${f}services.web.volumes[0].type: expected volume, bind or tmpfs, got "pipe"`]],
    ["long relative target", web('volumes: [{type: volume, source: data, target: data}]'), [`${f}services.web.volumes[0].target: expected an absolute path inside the container, got "data"`]],
    ["long bind no source", web('volumes: [{type: bind, target: /data}]'), [`${f}services.web.volumes[0].source: missing: a bind mount needs the host path`]],
    ["long tmpfs source", web('volumes: [{type: tmpfs, source: x, target: /data}]'), [`${f}services.web.volumes[0].source: a tmpfs has no source`]],
    ["long misplaced options", web('volumes: [{type: volume, source: data, target: /data, bind: {propagation: shared}}]'), [`${f}services.web.volumes[0].bind: only for type bind, this volume is of type volume`]],
    ["long bad propagation", web('volumes: [{type: bind, source: ., target: /data, bind: {propagation: both}}]'), [`${f}services.web.volumes[0].bind.propagation: expected shared, rshared, slave, rslave, private or rprivate, got "both"`]],
    ["long tmpfs size", web('volumes: [{type: tmpfs, target: /data, tmpfs: {size: big}}]'), [`${f}services.web.volumes[0].tmpfs.size: expected a size like 64m, 1g or a number of bytes, got "big"`]],
    ["long read_only word", web('volumes: [{type: volume, target: /data, read_only: yes}]'), [`${f}services.web.volumes[0].read_only: expected true or false, got "yes"`]],
    ["tmpfs relative", web('tmpfs: run'), [`${f}services.web.tmpfs: expected an absolute path like /run or /run:size=64m, got "run"`]],
    ["tmpfs mapping", web('tmpfs: {a: b}'), [`${f}services.web.tmpfs: expected a path or a list of paths, got a mapping`]],
    ["networks string", web('networks: front'), [`${f}services.web.networks: expected a list of networks or a mapping, got "front"`]],
    ["networks bad alias", web('networks: {front: {aliases: api}}'), [`${f}services.web.networks.front.aliases: expected a list of aliases, got "api"`]],
    ["networks bad ip", web('networks: {front: {ipv4_address: 300.1.1.1}}'), [`${f}services.web.networks.front.ipv4_address: expected an IPv4 address like 172.28.0.10, got "300.1.1.1"`]],
    ["networks unknown key", web('networks: {front: {alias: [a]}}'), [`${f}services.web.networks.front.alias: unknown key`]],
    ["network name", web('networks: ["my net"]'), [`${f}services.web.networks[0]: expected a network name of letters, digits, '.', '_' or '-', got "my net"`]],
    ["domainname", web('domainname: [a]'), [`${f}services.web.domainname: expected a string, got a list`]],
    ["extra_hosts string", web('extra_hosts: "a:1.2.3.4"'), [`${f}services.web.extra_hosts: expected a list of HOST:IP or a mapping, got "a:1.2.3.4"`]],
    ["extra_hosts entry", web('extra_hosts: ["nohost"]'), [`${f}services.web.extra_hosts[0]: expected HOST:IP or HOST=IP, got "nohost"`]],
    ["extra_hosts map list", web('extra_hosts: {a: [1]}'), [`${f}services.web.extra_hosts.a: expected an IP address, got a list`]],
    ["dns number", web('dns: 8'), [`${f}services.web.dns: expected an IP address or a list of them, got 8`]],
    ["dns list number", web('dns: [8]'), [`${f}services.web.dns[0]: expected a string, got 8`]],
    ["dns_search mapping", web('dns_search: {a: b}'), [`${f}services.web.dns_search: expected a domain or a list of them, got a mapping`]],
    ["cap_add string", web('cap_add: NET_ADMIN'), [`${f}services.web.cap_add: expected a list of capabilities, got "NET_ADMIN"`]],
    ["cap_drop number", web('cap_drop: [1]'), [`${f}services.web.cap_drop[0]: expected a string, got 1`]],
    ["privileged word", web('privileged: "true"'), [`${f}services.web.privileged: expected true or false, got "true"`]],
    ["pid word", web('pid: private'), [`${f}services.web.pid: expected host or service:NAME, got "private"`]],
    ["pid container", web('pid: "container:abc"'), [`${f}services.web.pid: container:abc is not supported: the pid namespace of a container outside the pod; share a service's with service:NAME`]],
    ["ipc weird", web('ipc: shared'), [`${f}services.web.ipc: expected host, private, shareable, none or service:NAME, got "shared"`]],
    ["ipc container", web('ipc: "container:abc"'), [`${f}services.web.ipc: container:abc is not supported: the ipc namespace of a container outside the pod; share a service's with service:NAME`]],
    ["volumes_from string", web('volumes_from: db'), [`${f}services.web.volumes_from: expected a list of services or containers, got "db"`]],
    ["volumes_from mode", web('volumes_from: ["db:rx"]'), [`${f}services.web.volumes_from[0]: expected a service like "db", "service:db:ro" or "container:name:ro", got "db:rx"`]],
    ["shm_size word", web('shm_size: lots'), [`${f}services.web.shm_size: expected a size like 64m, 1g or a number of bytes, got "lots"`]],
    ["shm_size negative", web('shm_size: -1'), [`${f}services.web.shm_size: expected a size like 64m, 1g or a number of bytes, got -1`]],
    ["ulimits list", web('ulimits: [nofile]'), [`${f}services.web.ulimits: expected a mapping of ulimits, got a list`]],
    ["ulimit soft > hard", web('ulimits: {nofile: {soft: 20, hard: 10}}'), [`${f}services.web.ulimits.nofile: the soft limit 20 is above the hard limit 10`]],
    ["ulimit missing hard", web('ulimits: {nofile: {soft: 20}}'), [`${f}services.web.ulimits.nofile.hard: missing: expected soft and hard`]],
    ["ulimit string", web('ulimits: {nproc: many}'), [`${f}services.web.ulimits.nproc: expected a whole number or a mapping with soft and hard, got "many"`]],
    ["sysctls string", web('sysctls: a=b'), [`${f}services.web.sysctls: expected a list of KEY=VALUE or a mapping, got "a=b"`]],
    ["init word", web('init: 1'), [`${f}services.web.init: expected true or false, got 1`]],
    ["tty", web('tty: on'), [`${f}services.web.tty: expected true or false, got "on"`]],
    ["stdin_open", web('stdin_open: "yes"'), [`${f}services.web.stdin_open: expected true or false, got "yes"`]],
    ["read_only", web('read_only: []'), [`${f}services.web.read_only: expected true or false, got a list`]],
    ["security_opt string", web('security_opt: no-new-privileges'), [`${f}services.web.security_opt: expected a list of security options, got "no-new-privileges"`]],
    ["logging string", web('logging: json-file'), [`${f}services.web.logging: expected a logging mapping with driver and options, got "json-file"`]],
    ["logging unknown key", web('logging: {driver: json-file, opts: {}}'), [`${f}services.web.logging.opts: unknown key`]],
    ["logging options list", web('logging: {options: [1]}'), [`${f}services.web.logging.options[0]: expected KEY=VALUE or KEY, got 1`]],
    ["mem_limit word", web('mem_limit: lots'), [`${f}services.web.mem_limit: expected a size like 64m, 1g or a number of bytes, got "lots"`]],
    ["memswap_limit -2", web('memswap_limit: -2'), [`${f}services.web.memswap_limit: expected a size like 64m, 1g or a number of bytes, got -2`]],
    ["cpus word", web('cpus: half'), [`${f}services.web.cpus: expected a number of CPUs like 0.5 or 2, got "half"`]],
    ["cpus negative", web('cpus: -1'), [`${f}services.web.cpus: expected a number of CPUs like 0.5 or 2, got -1`]],
    ["cpu_shares frac", web('cpu_shares: 1.5'), [`${f}services.web.cpu_shares: expected a whole number, got 1.5`]],
    ["deploy replicas word", web('deploy: {replicas: two}'), [`${f}services.web.deploy.replicas: expected a whole number, got "two"`]],
    ["deploy limits memory", web('deploy: {resources: {limits: {memory: lots}}}'), [`${f}services.web.deploy.resources.limits.memory: expected a size like 64m, 1g or a number of bytes, got "lots"`]],
    ["deploy reservations devices without capabilities", web('deploy: {resources: {reservations: {devices: [{count: 1}]}}}'), [`${f}services.web.deploy.resources.reservations.devices[0]: expected a device reservation with capabilities, such as [gpu], got a mapping`]],
    ["gpus word", web('gpus: some'), [`${f}services.web.gpus: expected 'all' or a list of GPU requests, got "some"`]],
    ["gpus count word", web('gpus: [{count: many}]'), [`${f}services.web.gpus[0].count: expected 'all' or a number of devices, got "many"`]],
    ["gpus unknown", web('gpus: [{cont: 1}]'), [`${f}services.web.gpus[0].cont: unknown key`]],
    ["deploy unknown", web('deploy: {resources: {limit: {}}}'), [`${f}services.web.deploy.resources.limit: unknown key`]],
    ["pull_policy every_ without a duration", web('pull_policy: every_fortnight'), [`${f}services.web.pull_policy: expected every_ and a duration like every_12h or every_2d, got "every_fortnight"`]],
    ["pull_policy weird", web('pull_policy: sometimes'), [`${f}services.web.pull_policy: expected always, never, missing, if_not_present or refresh, got "sometimes"`]],
    ["profiles string", web('profiles: debug'), [`${f}services.web.profiles: expected a list of profiles, got "debug"`]],
    ["profiles bad name", web('profiles: ["-x"]'), [`${f}services.web.profiles[0]: expected a profile name of letters, digits, '.', '_' or '-', got "-x"`]],
    ["env_file number", web('env_file: 5'), [`${f}services.web.env_file: expected a path or a list of paths, got 5`]],
    ["env_file missing path", web('env_file: [{required: false}]'), [`${f}services.web.env_file[0].path: missing: the file path is required`]],
    ["devices relative", web('devices: ["sda"]'), [`${f}services.web.devices[0]: expected a device like /dev/fuse or /dev/sda:/dev/xvda:rwm, got "sda"`]],
    ["devices perms", web('devices: ["/dev/sda:/dev/sda:"]'), [`${f}services.web.devices[0]: expected device permissions like rwm after the second colon, got nothing`]],
    ["long device perms", web('devices: [{source: /dev/sda, target: /dev/xvda, permissions: ""}]'), [`${f}services.web.devices[0].permissions: expected device permissions like rwm, got ""`]],
    ["long device relative", web('devices: [{source: sda}]'), [`${f}services.web.devices[0].source: expected an absolute device path like /dev/fuse, got "sda"`]],
    ["windows target", web('volumes: [{type: bind, source: ., target: "C:\\\\data"}]'), [`${f}services.web.volumes[0].target: expected an absolute path inside the container, got "C:\\\\data", a Windows path: the executor runs Linux containers`]],
    ["npipe", web('volumes: [{type: npipe, source: "\\\\\\\\.\\\\pipe\\\\docker_engine", target: /x}]'), [`${f}services.web.volumes[0].type: a Windows named pipe: the executor runs Linux containers, which have none`]],
    ["top volumes list", 'services:\n  web:\n    image: x\nvolumes: [data]', [`${f}volumes: expected a mapping of volumes, got a list`]],
    ["top volume external driver", 'services:\n  web:\n    image: x\nvolumes:\n  data: {external: true, driver: local}', [`${f}volumes.data.driver: an external volume exists already; its driver cannot be set here`]],
    ["top volume unknown", 'services:\n  web:\n    image: x\nvolumes:\n  data: {drivr: local}', [`${f}volumes.data.drivr: unknown key`]],
    ["top volume bad name", 'services:\n  web:\n    image: x\nvolumes:\n  "my data": {}', [`${f}volumes.my data: expected a volume name of letters, digits, '.', '_' or '-', got "my data"`]],
    ["top network external ipam", 'services:\n  web:\n    image: x\nnetworks:\n  front: {external: true, internal: true}', [`${f}networks.front.internal: an external network exists already; it cannot be configured here`]],
    ["top network subnet", 'services:\n  web:\n    image: x\nnetworks:\n  front: {ipam: {config: [{subnet: 10.0.0.0}]}}', [`${f}networks.front.ipam.config[0].subnet: expected a subnet like 172.28.0.0/16 or fd00::/64, got "10.0.0.0"`]],
    ];
    for (const [what, yaml, expected] of cases) {
      it(`refuses ${what}`, () => {
        const result = load(yaml);
        if (E.isRight(result)) return expect.fail(`expected errors, the file loaded as ${JSON.stringify(result.right)}`);
        expect(result.left.map(formatComposeError)).to.deep.equal(expected);
      });
    }
  });

  describe('reads what Compose reads', () => {
    it('reads every volume syntax: anonymous, named, bind, tmpfs, short and long', () => {
      expect(service('volumes:', '  - /scratch', '  - data:/var/lib/data:ro,nocopy', '  - ./conf:/etc/app:ro,Z', '  - /srv/shared:/shared:rshared', '  - {type: bind, source: ./logs, target: /logs, bind: {create_host_path: true}}', '  - {type: tmpfs, target: /tmp, tmpfs: {size: 64m, mode: 1777}}', '  - {type: volume, target: /cache}').volumes).to.deep.equal([
        { type: 'volume', target: '/scratch', readOnly: false },
        { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: true, noCopy: true },
        { type: 'bind', source: './conf', target: '/etc/app', readOnly: true, selinux: 'Z', createHostPath: true },
        { type: 'bind', source: '/srv/shared', target: '/shared', readOnly: false, propagation: 'rshared', createHostPath: true },
        { type: 'bind', source: './logs', target: '/logs', readOnly: false, createHostPath: true },
        { type: 'tmpfs', target: '/tmp', sizeBytes: 64 * 1024 ** 2, mode: 1777 },
        { type: 'volume', target: '/cache', readOnly: false },
      ]);
    });

    it('reads tmpfs paths with their options', () => {
      expect(service('tmpfs: [/run, "/tmp:size=64m,mode=1777"]').tmpfs).to.deep.equal({ '/run': '', '/tmp': 'size=64m,mode=1777' });
      expect(service('tmpfs: /run').tmpfs).to.deep.equal({ '/run': '' });
    });

    it('reads networks as a list or with aliases and a fixed address', () => {
      expect(service('networks: [front, back]').networks).to.deep.equal({ front: { aliases: [] }, back: { aliases: [] } });
      expect(service('networks:', '  front: {aliases: [api], ipv4_address: 172.28.0.10}', '  back:').networks).to.deep.equal({ front: { aliases: ['api'], ipv4Address: '172.28.0.10' }, back: { aliases: [] } });
    });

    it('reads limits, namespaces and the rest as Docker takes them', () => {
      const read = service(
        'extra_hosts: ["db.local:10.0.0.5", "cache.local=10.0.0.6"]',
        'dns: 8.8.8.8',
        'dns_search: [shop.local]',
        'shm_size: 1.5g',
        'mem_limit: 512m',
        'memswap_limit: -1',
        'cpus: "0.5"',
        'ulimits: {nofile: {soft: 1024, hard: 4096}, nproc: 64}',
        'sysctls: [net.core.somaxconn=1024]',
        'logging: {driver: json-file, options: {max-size: 10m}}',
        'deploy: {resources: {limits: {cpus: "1.5", memory: 1g, pids: 100}, reservations: {memory: 256m}}}',
        'pull_policy: if_not_present',
        'ipc: shareable',
        'devices: [/dev/fuse, "/dev/sda:/dev/xvda:r"]',
        'env_file: [web.env, {path: local.env, required: false}]',
      );
      expect(read).to.deep.include({
        extraHosts: ['db.local:10.0.0.5', 'cache.local:10.0.0.6'],
        dns: ['8.8.8.8'],
        dnsSearch: ['shop.local'],
        shmSizeBytes: 1.5 * 1024 ** 3,
        memLimitBytes: 512 * 1024 ** 2,
        memswapLimitBytes: -1,
        cpus: 0.5,
        ulimits: { nofile: { soft: 1024, hard: 4096 }, nproc: { soft: 64, hard: 64 } },
        sysctls: { 'net.core.somaxconn': '1024' },
        logging: { driver: 'json-file', options: { 'max-size': '10m' } },
        deploy: { limits: { cpus: 1.5, memoryBytes: 1024 ** 3, pids: 100 }, reservations: { memoryBytes: 256 * 1024 ** 2 } },
        pullPolicy: 'missing',
        ipc: 'shareable',
        devices: [{ host: '/dev/fuse', container: '/dev/fuse', permissions: 'rwm' }, { host: '/dev/sda', container: '/dev/xvda', permissions: 'r' }],
        envFiles: [{ path: 'web.env', required: true }, { path: 'local.env', required: false }],
      });
    });

    it('reads top-level volumes and networks, external ones by their own name', () => {
      const model = loaded(`${web()}\nvolumes:\n  data:\n  logs: {driver: local, driver_opts: {type: tmpfs}, labels: [tier=logs]}\n  shared: {external: true, name: team-shared}\nnetworks:\n  front: {internal: true, ipam: {config: [{subnet: 172.28.0.0/16, gateway: 172.28.0.1}]}}\n  corp: {external: true}\n`);
      expect(model.volumes).to.deep.equal({
        data: { external: false, driverOptions: {}, labels: {} },
        logs: { external: false, driver: 'local', driverOptions: { type: 'tmpfs' }, labels: { tier: 'logs' } },
        shared: { external: true, name: 'team-shared', driverOptions: {}, labels: {} },
      });
      expect(model.networks).to.deep.equal({
        front: { external: false, driverOptions: {}, labels: {}, internal: true, subnets: [{ subnet: '172.28.0.0/16', gateway: '172.28.0.1' }] },
        corp: { external: true, driverOptions: {}, labels: {}, internal: false, subnets: [] },
      });
    });
  });

  describe('merging files', () => {
    it('replaces a volume mounted at the same path, joins name lists without repeats, merges mappings by key', () => {
      const base = web('volumes: ["data:/data", "./conf:/etc/app"]', 'dns: [1.1.1.1]', 'cap_add: [NET_ADMIN]', 'ulimits: {nofile: 1024}', 'networks: [front]', 'logging: {driver: json-file, options: {max-size: 10m}}');
      const over = 'services:\n  web:\n    volumes: ["./conf.prod:/etc/app:ro"]\n    dns: [1.1.1.1, 8.8.8.8]\n    cap_add: [SYS_TIME]\n    ulimits: {nproc: 64}\n    networks: [back]\n    logging: {options: {max-file: "3"}}\n';
      const merged = loaded(base, over).services.web;
      expect(merged).to.deep.include({
        volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false }, { type: 'bind', source: './conf.prod', target: '/etc/app', readOnly: true, createHostPath: true }],
        dns: ['1.1.1.1', '8.8.8.8'],
        capAdd: ['NET_ADMIN', 'SYS_TIME'],
        ulimits: { nofile: { soft: 1024, hard: 1024 }, nproc: { soft: 64, hard: 64 } },
        networks: { front: { aliases: [] }, back: { aliases: [] } },
        logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
      });
    });

    it('merges top-level volumes and networks across files', () => {
      const model = loaded(`${web()}\nvolumes:\n  data:\n`, 'services: {}\nvolumes:\n  logs:\nnetworks:\n  front:\n');
      expect(Object.keys(model.volumes)).to.deep.equal(['data', 'logs']);
      expect(Object.keys(model.networks)).to.deep.equal(['front']);
    });
  });
});
