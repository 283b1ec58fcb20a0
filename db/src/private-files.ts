import { chmodSync, lstatSync, readdirSync, type Stats } from "node:fs";
import { join } from "node:path";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * Everything under $DATA_DIR (database files, the lake, secrets, a private Redis) is the
 * owner's alone: 0600 files in 0700 directories, whatever the umask a shell started us with.
 * Processes set PRIVATE_UMASK at start so what they create is private from birth; PGlite chmods
 * its files to 0666 itself, so its filesystem is wrapped (privateNodeFS), and `makePrivate`
 * repairs a tree written before (an older install, a copied directory).
 */
export const PRIVATE_UMASK = 0o077;

const privateMode = (mode: number) => ((mode & 0o170000) === 0o040000 ? 0o700 : 0o600);

/** Sets the process umask so every file and directory it creates is owner-only. */
export function usePrivateUmask(): void {
  process.umask(PRIVATE_UMASK);
}

/** chmods a tree to 0700 directories and 0600 files (symlinks and sockets are left alone). */
export function makePrivate(root: string): void {
  let stat: Stats;
  try {
    stat = lstatSync(root);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(root, 0o700);
    for (const name of readdirSync(root)) makePrivate(join(root, name));
  } else if (stat.isFile() && (stat.mode & 0o777) !== 0o600) {
    chmodSync(root, 0o600);
  }
}

interface EmscriptenNode {
  mode: number;
}
interface NodeFsImpl {
  realPath(node: EmscriptenNode): string;
  setattr(arg: unknown, node: EmscriptenNode, attr: { mode?: number }, chmod: (arg: unknown, mode: number) => void, ...rest: unknown[]): void;
  node_ops: { mknod(parent: EmscriptenNode, name: string, mode: number, dev: number): EmscriptenNode };
}
type PreRun = (module: { FS: { filesystems: { NODEFS: NodeFsImpl } } }) => void;

/** PGlite's Node filesystem, but every file it creates or chmods ends up 0600 (0700 for directories). */
export class PrivateNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS["init"]>): ReturnType<NodeFS["init"]> {
    const base = await super.init(...args);
    const preRun = [base.emscriptenOpts.preRun ?? []].flat() as PreRun[];
    const guard: PreRun = ({ FS }) => {
      const impl = FS.filesystems.NODEFS;
      if ((impl as { privateGuard?: boolean } & NodeFsImpl).privateGuard) return;
      Object.assign(impl, { privateGuard: true });
      const setattr = impl.setattr.bind(impl);
      impl.setattr = (arg, node, attr, chmod, ...rest) => setattr(arg, node, attr, (a, mode) => chmod(a, (mode & ~0o7777) | privateMode(mode)), ...rest);
      const mknod = impl.node_ops.mknod.bind(impl.node_ops);
      impl.node_ops.mknod = (parent, name, mode, dev) => {
        const node = mknod(parent, name, mode, dev);
        chmodSync(impl.realPath(node), privateMode(node.mode));
        return node;
      };
    };
    return { emscriptenOpts: { ...base.emscriptenOpts, preRun: [...preRun, guard] as never } };
  }
}
