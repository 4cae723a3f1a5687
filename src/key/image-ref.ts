/**
 * Docker's reference normalisation: `busybox`, `busybox:latest` and
 * `docker.io/library/busybox:latest` name the same image.
 */
export function normalizeImageRef(ref: string): string {
  const [name = '', digest] = ref.split('@');
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repo = hasRegistry ? name : `docker.io/${slash < 0 ? `library/${name}` : name}`;
  const lastPart = repo.slice(repo.lastIndexOf('/') + 1);
  if (!digest && !lastPart.includes(':')) repo += ':latest';
  return digest ? `${repo}@${digest}` : repo;
}
