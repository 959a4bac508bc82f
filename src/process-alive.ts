/**
 * Whether a process with this pid exists on this host (signal 0 only asks; `EPERM`: it exists,
 * owned by another user). Used to tell a live holder from a stale record of one: the embedded
 * store's lock, the running hub's card, an ingest worker's stored group member.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
