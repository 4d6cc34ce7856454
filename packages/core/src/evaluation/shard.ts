/**
 * Deterministic sharding by id: an example belongs to shard `(fnv1a32(id) mod n) + 1`. The hash
 * is FNV-1a (32-bit) over the id's UTF-8 bytes, so the split depends only on the ids and the
 * shard count, the same on every runner and in every language that implements FNV-1a.
 */

const encoder = new TextEncoder();

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  // ASCII ids (the common case) are hashed without encoding.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      ascii = false;
      break;
    }
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  if (ascii) return hash >>> 0;
  hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

/** The 1-based shard of an id among `count` shards. */
export function shardOf(id: string, count: number): number {
  return (fnv1a32(id) % count) + 1;
}
