import type { AppStore } from '.';

/**
 * The app store with every failed call reported (`onError(operation)`) before it is rethrown, for the
 * app-store error counter: a full disk or a lost PostgreSQL shows on a dashboard, not only in logs.
 * `devops.*`, `fleet.*`, `flaps.*`, `maintenance.*` and `reports.*` calls are reported under their prefix.
 */
export function countingStore(store: AppStore, onError: (operation: string) => void): AppStore {
  const wrap = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(obj, name, receiver) {
        const value = Reflect.get(obj, name, receiver) as unknown;
        if (typeof name !== 'string') return value;
        if (name === 'devops' || name === 'fleet' || name === 'flaps' || name === 'maintenance' || name === 'reports')
          return wrap(value as object, `${name}.`);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const call = () => (value as (...a: unknown[]) => unknown).apply(obj, args);
          try {
            const result = call();
            return result instanceof Promise
              ? result.catch((err: unknown) => {
                  onError(`${prefix}${name}`);
                  throw err;
                })
              : result;
          } catch (err) {
            onError(`${prefix}${name}`);
            throw err;
          }
        };
      },
    });
  return wrap(store, '');
}
