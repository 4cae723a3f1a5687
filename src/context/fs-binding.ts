/**
 * Node's internal fs binding (process.binding('fs'), Node 20): the functions
 * fs's own sync calls make, without their argument checks and Stats objects.
 * Its users (lstat-stamp.ts, fd-io.ts) check what they get against the
 * public fs before relying on it, and fall back to fs. Self-contained (its
 * parameter and built-ins only): fresh-rows' worker runs it from its source
 * text. I/O edge.
 */

/** The binding's members, or null: where there is none, or asking for it would print a deprecation warning (--pending-deprecation). */
export function fsBinding(proc: { readonly execArgv: readonly string[]; readonly env: NodeJS.ProcessEnv }): Readonly<Record<string, unknown>> | null {
  try {
    const pending = proc.execArgv.includes('--pending-deprecation') || (proc.env.NODE_OPTIONS ?? '').includes('--pending-deprecation') || proc.env.NODE_PENDING_DEPRECATION === '1';
    const getBinding = (proc as { binding?: unknown }).binding;
    if (pending || typeof getBinding !== 'function') return null;
    const binding = (getBinding as (name: string) => unknown).call(proc, 'fs');
    return typeof binding === 'object' && binding !== null ? (binding as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
