/**
 * The factory of an empty memo map, for `index.memo(KEY, newMap<K, V>)`:
 * defined once here, where an arrow written at each call would make a new
 * closure on every call (the model asks for its memos on every hop).
 */
export function newMap<K, V>(): Map<K, V> {
  return new Map<K, V>();
}
