/**
 * Sets an own, enumerable, writable property, even one named `__proto__` (which plain assignment
 * would treat as the prototype): for records keyed by user data (column names, labels).
 */
export function setOwn<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[name] = value;
}
