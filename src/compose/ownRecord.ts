/**
 * Sets a key the user chose (a service, label or variable name) as an own
 * property, so that even `__proto__` is stored as data rather than
 * replacing the record's prototype.
 */
export const setOwn = <V>(record: Record<string, V>, key: string, value: V): void => {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
};
