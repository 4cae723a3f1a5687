/**
 * `--chown` as the builders resolve it before keying. Both read a name from the image's /etc/passwd and
 * /etc/group; layerplan does not read the image, so only `root` (uid 0 and gid 0 in every passwd) is resolved,
 * and other names stay as written. Recorded (copy-chown-spellings, Docker 28.5 and buildah 1.43): `0:0`,
 * `root` and `root:root` are one owner for both; a bare uid `0` is another under BuildKit (no group: it keeps
 * the file's group) while buildah gives it the gid of the same number.
 */
export type OwnerRule = 'buildkit' | 'buildah';

export function ownerKey(chown: string | null, rule: OwnerRule): string | null {
  if (chown === null || chown === '') return chown;
  const [user = '', group, ...more] = chown.split(':');
  if (more.length) return chown;
  const uid = user === 'root' ? '0' : user;
  if (group !== undefined) return `${uid}:${group === 'root' ? '0' : group}`;
  if (user === 'root') return '0:0';
  return rule === 'buildah' && /^\d+$/.test(user) ? `${user}:${user}` : uid;
}
