/**
 * Hygiene: yum, dnf, microdnf, tdnf and zypper keep downloaded metadata and packages in /var/cache; unless the same
 * RUN cleans it after the last install, it stays in a layer of the final image. Stages that do not reach the final
 * image are not checked.
 */
import { dockerfileCheck } from '../check.js';
import { checkEachRun, effectiveCommand, runsAny, mountsOver, removesDirectory, subcommandIndex } from '../support.js';

interface Family {
  managers: string[];
  /** Options before the subcommand that take a separate value. */
  valued: string[];
  /** Subcommands that download metadata or packages into the cache. */
  fills: string[];
  /** Subcommands that take a second word (`dnf group install`). */
  groups: string[];
  isClean: (rest: string[]) => boolean;
  cacheDirs: string[];
  remedy: (manager: string) => string;
}

const FAMILIES: Family[] = [
  {
    managers: ['yum', 'dnf', 'dnf5', 'microdnf', 'tdnf'],
    valued: ['-c', '--config', '--installroot', '--releasever', '--setopt', '--enablerepo', '--disablerepo', '--repo', '--repoid', '-x', '--exclude', '-d', '-e'],
    fills: ['install', 'in', 'reinstall', 'groupinstall', 'localinstall', 'update', 'upgrade', 'up', 'makecache', 'distro-sync', 'downgrade', 'builddep'],
    groups: ['group', 'groups', 'module'],
    isClean: (rest) => rest[0] === 'clean' && rest.slice(1).includes('all'),
    cacheDirs: ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/tdnf'],
    remedy: (m) => `end this RUN with ${m === 'dnf5' ? 'dnf' : m} clean all`,
  },
  {
    managers: ['zypper'],
    valued: ['-R', '--root', '-D', '--reposd-dir', '-C', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '-c', '--config'],
    fills: ['install', 'in', 'update', 'up', 'patch', 'dist-upgrade', 'dup', 'source-install', 'si', 'refresh', 'ref'],
    groups: [],
    isClean: (rest) => rest[0] === 'clean' || rest[0] === 'cc',
    cacheDirs: ['/var/cache/zypp'],
    remedy: () => 'end this RUN with zypper clean --all',
  },
];

export default dockerfileCheck((model) =>
  checkEachRun(model, 'final', (ins, commands, add) => {
    for (const family of FAMILIES) {
      if (!commands.some((c) => runsAny(c, family.managers)) || mountsOver(ins, family.cacheDirs)) continue;
      let lastFill = -1;
      let fillWords = '';
      let manager = '';
      let cleanedAfter = false;
      commands.forEach((cmd, i) => {
        if (removesDirectory(cmd, family.cacheDirs)) cleanedAfter = true;
        if (!runsAny(cmd, family.managers)) return;
        const { name, args } = effectiveCommand(cmd);
        if (!family.managers.includes(name)) return;
        const at = subcommandIndex(args, family.valued);
        if (at < 0) return;
        const rest = args.slice(at);
        if (family.isClean(rest)) {
          cleanedAfter = true;
          return;
        }
        const words = family.groups.includes(rest[0]) ? rest.slice(0, 2) : rest.slice(0, 1);
        if (!family.fills.includes(words.at(-1) ?? '')) return;
        lastFill = i;
        fillWords = `${name} ${words.join(' ')}`;
        manager = name;
        cleanedAfter = false;
      });
      if (lastFill < 0 || cleanedAfter) continue;
      add({
        message: `${fillWords} leaves its package cache in the image: ${family.remedy(manager)}`,
        location: commands[lastFill].location,
      });
    }
  }),
);
